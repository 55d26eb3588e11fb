package courier.sink;

import courier.normalize.RootKeys;
import courier.schema.ColumnSpec;
import courier.schema.ColumnType;
import courier.schema.Lineage;
import courier.schema.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A database table the courier owns, as the DDL needs it: columns (type, nullability, comment),
 * primary key, indexes, comment. Built from the schema files for domain and staging tables.
 */
record SqlTable(
    String name,
    List<SqlColumn> columns,
    List<String> primaryKey,
    List<List<String>> indexes,
    String comment)
    implements Serializable {

  record SqlColumn(String name, ColumnType type, boolean nullable, String comment)
      implements Serializable {}

  static final ColumnType TEXT = ColumnType.of(ColumnType.Kind.STRING);
  static final ColumnType INT64 = ColumnType.of(ColumnType.Kind.INT64);
  static final ColumnType TIMESTAMP = ColumnType.of(ColumnType.Kind.TIMESTAMP);

  /**
   * A domain table: the schema's columns and key, an index on (_shop, _root_id) for the commit's
   * replace-by-entity, comments carrying semantic tags and descriptions.
   */
  static SqlTable domain(JdbcTarget target, TableSchema table) {
    List<SqlColumn> columns = new ArrayList<>();
    for (ColumnSpec c : table.allColumns()) {
      columns.add(new SqlColumn(c.name(), c.type(), c.nullable(), columnComment(c)));
    }
    // Set by the commits that learn of deletions, never staged: inserted rows are live.
    ColumnSpec deleted = Lineage.DELETED_AT_COLUMN;
    columns.add(new SqlColumn(deleted.name(), deleted.type(), true, columnComment(deleted)));
    String comment =
        table.description()
            + " Schema version "
            + table.version()
            + " (schemas/"
            + table.name()
            + ".yaml)"
            + "; rows from Shopify "
            + table.resource().path()
            + ".";
    return new SqlTable(
        target.table(table.name()),
        columns,
        table.primaryKey(),
        List.of(List.of(Lineage.SHOP, Lineage.ROOT_ID)),
        comment);
  }

  /**
   * Where a run's rows of a table wait for the commit, a table of the run's own (see {@link
   * StagingTables}): the same columns, keyed by run and primary key so a replayed bundle's rows are
   * exact duplicates the insert ignores.
   *
   * <p>A versioned root's staging (orders, customers, products) is also indexed on (_run_id, _shop,
   * _root_id): the commit's newer-wins check looks a staged entity up by it once per staged row of
   * each of its tables. Found through the key's _run_id prefix alone, H2 scanned every staged root
   * of the run for each row, rows x roots: a 5,000-order first load spent 88% of its CPU there, and
   * the order_line check took 35.6 CPU s without the index, 1.6 s with it (bench/README.md).
   */
  static SqlTable staging(JdbcTarget target, TableSchema table, String runId) {
    List<SqlColumn> columns = new ArrayList<>();
    for (ColumnSpec c : table.allColumns()) {
      boolean key = table.primaryKey().contains(c.name()) || c.name().equals(Lineage.RUN_ID);
      columns.add(new SqlColumn(c.name(), c.type(), !key, null));
    }
    List<List<String>> indexes =
        StaleVersions.isVersionedRoot(table)
            ? List.of(List.of(Lineage.RUN_ID, Lineage.SHOP, Lineage.ROOT_ID))
            : List.of();
    return new SqlTable(
        target.stagingTable(table.name(), runId), columns, stagingKey(table), indexes, null);
  }

  private static List<String> stagingKey(TableSchema table) {
    List<String> key = new ArrayList<>();
    key.add(Lineage.RUN_ID);
    key.addAll(table.primaryKey());
    return key;
  }

  /** The entities seen by a run, per resource, with the run's start (_synced_at). */
  static SqlTable rootKeysStaging(JdbcTarget target, String runId) {
    List<SqlColumn> columns =
        List.of(
            new SqlColumn(Lineage.RUN_ID, TEXT, false, null),
            new SqlColumn(Lineage.SHOP, TEXT, false, null),
            new SqlColumn(RootKeys.RESOURCE, TEXT, false, null),
            new SqlColumn(Lineage.ROOT_ID, INT64, false, null),
            new SqlColumn(Lineage.SYNCED_AT, TIMESTAMP, false, null));
    return new SqlTable(
        target.rootKeysStagingTable(runId),
        columns,
        List.of(Lineage.RUN_ID, RootKeys.RESOURCE, Lineage.SHOP, Lineage.ROOT_ID),
        List.of(),
        null);
  }

  List<String> columnNames() {
    return columns.stream().map(SqlColumn::name).toList();
  }

  List<ColumnType> columnTypes() {
    return columns.stream().map(SqlColumn::type).toList();
  }

  /** "tags: email. The customer's e-mail address. Note: ..." */
  private static String columnComment(ColumnSpec column) {
    StringBuilder comment = new StringBuilder();
    if (!column.tags().isEmpty()) {
      comment.append("tags: ").append(String.join(", ", column.tags())).append(". ");
    }
    comment.append(column.description() == null ? "" : column.description());
    if (column.note() != null) {
      comment.append(" Note: ").append(column.note());
    }
    return comment.toString().strip();
  }
}
