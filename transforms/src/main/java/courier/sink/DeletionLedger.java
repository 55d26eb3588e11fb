package courier.sink;

import courier.normalize.Deletions;
import courier.normalize.RootKeys;
import courier.schema.ColumnType;
import courier.schema.Lineage;
import courier.schema.RowSource;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.values.Row;

/**
 * Deletions in the database: the commit sets {@code _deleted_at} on every row of a deleted root
 * (the customer and its addresses and tags, the order and its lines, refunds, codes...) and records
 * the deletion in {@code courier_deletions} (shop, resource, id, when, how it was detected, run).
 * Rows are kept; a root that comes back (a newer version read later) is replaced by live rows.
 *
 * <p>Newer wins here too: a deletion older than the stored version of its root ({@code updated_at})
 * marks nothing (Shopify restores products; the event may also be older than a version this very
 * run landed). A row already marked keeps its first {@code _deleted_at}, so a rerun of a window
 * converges.
 */
public final class DeletionLedger {
  public static final String TABLE = "courier_deletions";

  private static final String PREFIX = "table_prefix";
  private static final String SHOP = "shop";
  private static final String RESOURCE = "resource";
  private static final String ENTITY_ID = "entity_id";
  private static final String DELETED_AT = "deleted_at";
  private static final String DETECTED = "detected";
  private static final String RUN_ID = "run_id";

  private final JdbcTarget target;
  private final SqlDialect d;
  private final List<TableSchema> tables;
  private final RunInfo run;

  DeletionLedger(JdbcTarget target, List<TableSchema> tables, RunInfo run) {
    this.target = target;
    this.d = target.dialect();
    this.tables = tables;
    this.run = run;
  }

  static SqlTable table() {
    return new SqlTable(
        TABLE,
        List.of(
            column(PREFIX, SqlTable.TEXT, false, "Prefix of the domain tables (e.g. shopify_)."),
            column(SHOP, SqlTable.TEXT, false, "Shop domain of the deleted entity."),
            column(RESOURCE, SqlTable.TEXT, false, "Shopify resource: customers, orders..."),
            column(ENTITY_ID, SqlTable.INT64, false, "Id of the deleted entity."),
            column(
                DELETED_AT,
                SqlTable.TIMESTAMP,
                false,
                "When Shopify deleted it (UTC): the event's time, or the run's start when inferred."),
            column(DETECTED, SqlTable.TEXT, false, "How: event, whole_read or reconcile."),
            column(RUN_ID, SqlTable.TEXT, false, "The courier run that found it.")),
        List.of(PREFIX, SHOP, RESOURCE, ENTITY_ID, RUN_ID),
        List.of(),
        "Entities the Shopify courier found deleted in Shopify; their rows carry _deleted_at.");
  }

  /**
   * Marks and records the run's deletions (rows of {@link Deletions#SCHEMA}), after the run's rows
   * were inserted; the latest deletion of an entity counts. Rows marked, per table.
   */
  Map<String, Long> markAll(Connection connection, Iterable<Row> deletions) throws SQLException {
    Map<String, Row> latest = new LinkedHashMap<>();
    for (Row deletion : deletions) {
      String key =
          deletion.getString(Deletions.SHOP)
              + "/"
              + deletion.getString(Deletions.RESOURCE)
              + "/"
              + deletion.getInt64(Deletions.ID);
      latest.merge(
          key,
          deletion,
          (a, b) ->
              b.getDateTime(Deletions.DELETED_AT).isAfter(a.getDateTime(Deletions.DELETED_AT))
                  ? b
                  : a);
    }
    Map<String, Long> marked = new TreeMap<>();
    for (Row deletion : latest.values()) {
      String resource = deletion.getString(Deletions.RESOURCE);
      OffsetDateTime at = utc(deletion.getDateTime(Deletions.DELETED_AT).getMillis());
      long id = deletion.getInt64(Deletions.ID);
      String shop = deletion.getString(Deletions.SHOP);
      for (TableSchema table : tables) {
        if (table.resource().path().equals(resource)) {
          marked.merge(table.name(), mark(connection, table, shop, id, at), Long::sum);
        }
      }
      record(connection, shop, resource, id, at, deletion.getString(Deletions.DETECTED));
    }
    return marked;
  }

  private long mark(
      Connection connection, TableSchema table, String shop, long id, OffsetDateTime at)
      throws SQLException {
    String t = d.quote(target.table(table.name()));
    String sql =
        "UPDATE "
            + t
            + " SET "
            + q(Lineage.DELETED_AT)
            + " = ? WHERE "
            + q(Lineage.SHOP)
            + " = ? AND "
            + q(Lineage.ROOT_ID)
            + " = ? AND "
            + q(Lineage.DELETED_AT)
            + " IS NULL";
    Optional<TableSchema> root = versionedRoot(table);
    if (root.isEmpty()) {
      return RunCommit.execute(connection, sql, at, shop, id);
    }
    String newer =
        " AND NOT EXISTS (SELECT 1 FROM "
            + d.quote(target.table(root.get().name()))
            + " v WHERE v."
            + q(Lineage.SHOP)
            + " = ? AND v."
            + q(Lineage.ROOT_ID)
            + " = ? AND v."
            + q(StaleVersions.VERSION_COLUMN)
            + " > ?)";
    return RunCommit.execute(connection, sql + newer, at, shop, id, shop, id, at);
  }

  /**
   * A resource read whole (locations, segments) by a run that staged some of it: the rows of its
   * entities the run did not see are marked deleted at the run's start, and the roots recorded
   * ({@code whole_read}). Called for each of the resource's tables before the run's rows go in.
   */
  void markUnseen(Connection connection, TableSchema table, String shop) throws SQLException {
    String t = d.quote(target.table(table.name()));
    String resource = table.resource().path();
    OffsetDateTime at = utc(run.startedAt().toEpochMilli());
    String unseen =
        " WHERE "
            + q(Lineage.SHOP)
            + " = ? AND "
            + q(Lineage.DELETED_AT)
            + " IS NULL AND NOT EXISTS ("
            + rootKeys()
            + " AND r."
            + q(Lineage.ROOT_ID)
            + " = "
            + t
            + "."
            + q(Lineage.ROOT_ID)
            + ") AND EXISTS ("
            + rootKeys()
            + ")";
    Object[] parameters = {shop, run.runId(), resource, shop, run.runId(), resource, shop};
    if (table.rows().kind() == RowSource.Kind.ENTITY) {
      String record =
          "INSERT INTO "
              + q(TABLE)
              + " ("
              + columns()
              + ") SELECT ?, "
              + q(Lineage.SHOP)
              + ", ?, "
              + q(Lineage.ROOT_ID)
              + ", ?, ?, ?"
              + " FROM "
              + t
              + unseen;
      Object[] all = new Object[5 + parameters.length];
      Object[] head = {target.tablePrefix(), resource, at, Deletions.BY_WHOLE_READ, run.runId()};
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(parameters, 0, all, head.length, parameters.length);
      RunCommit.execute(connection, record, all);
    }
    Object[] all = new Object[1 + parameters.length];
    all[0] = at;
    System.arraycopy(parameters, 0, all, 1, parameters.length);
    RunCommit.execute(
        connection, "UPDATE " + t + " SET " + q(Lineage.DELETED_AT) + " = ?" + unseen, all);
  }

  /** "SELECT 1 FROM root keys r WHERE the run's keys of the resource and shop" (3 parameters). */
  private String rootKeys() {
    return "SELECT 1 FROM "
        + d.quote(target.rootKeysStagingTable(run.runId()))
        + " r WHERE r."
        + q(Lineage.RUN_ID)
        + " = ? AND r."
        + q(RootKeys.RESOURCE)
        + " = ? AND r."
        + q(Lineage.SHOP)
        + " = ?";
  }

  private void record(
      Connection connection,
      String shop,
      String resource,
      long id,
      OffsetDateTime at,
      String detected)
      throws SQLException {
    String sql = "INSERT INTO " + q(TABLE) + " (" + columns() + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    RunCommit.execute(
        connection, sql, target.tablePrefix(), shop, resource, id, at, detected, run.runId());
  }

  /** The ledger's columns, quoted, in the order its inserts bind them. */
  private String columns() {
    return String.join(
        ", ",
        List.of(PREFIX, SHOP, RESOURCE, ENTITY_ID, DELETED_AT, DETECTED, RUN_ID).stream()
            .map(d::quote)
            .toList());
  }

  /** The root table of the resource among the run's tables, when it has an updated_at. */
  private Optional<TableSchema> versionedRoot(TableSchema table) {
    return tables.stream()
        .filter(t -> t.resource() == table.resource())
        .filter(t -> t.rows().kind() == RowSource.Kind.ENTITY)
        .filter(
            t ->
                t.allColumns().stream()
                    .anyMatch(
                        c ->
                            c.name().equals(StaleVersions.VERSION_COLUMN)
                                && c.type().kind() == ColumnType.Kind.TIMESTAMP))
        .findFirst();
  }

  /**
   * Per resource, the deletions run {@code runId} recorded, by how they were detected; empty when
   * none.
   */
  public static Map<String, Map<String, Long>> figures(JdbcTarget target, String runId)
      throws SQLException {
    Map<String, Map<String, Long>> figures = new TreeMap<>();
    SqlDialect d = target.dialect();
    try (Connection connection = target.connect()) {
      if (!SchemaSync.exists(connection, TABLE)) {
        return figures;
      }
      String sql =
          "SELECT "
              + d.quote(RESOURCE)
              + ", "
              + d.quote(DETECTED)
              + ", count(*) FROM "
              + d.quote(TABLE)
              + " WHERE "
              + d.quote(PREFIX)
              + " = ? AND "
              + d.quote(RUN_ID)
              + " = ? GROUP BY "
              + d.quote(RESOURCE)
              + ", "
              + d.quote(DETECTED);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, target.tablePrefix());
        statement.setString(2, runId);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            figures
                .computeIfAbsent(rs.getString(1), r -> new TreeMap<>())
                .put(rs.getString(2), rs.getLong(3));
          }
        }
      }
    }
    return figures;
  }

  /**
   * The ids of the shop's live roots in {@code table} (a root table: one row per entity),
   * ascending; empty when the table does not exist yet. For a reconciliation.
   */
  public static long[] liveIds(JdbcTarget target, String shop, TableSchema table)
      throws SQLException {
    SqlDialect d = target.dialect();
    java.util.stream.LongStream.Builder ids = java.util.stream.LongStream.builder();
    try (Connection connection = target.connect()) {
      String name = target.table(table.name());
      if (!SchemaSync.exists(connection, name)) {
        return new long[0];
      }
      String sql =
          "SELECT "
              + d.quote(Lineage.ROOT_ID)
              + " FROM "
              + d.quote(name)
              + " WHERE "
              + d.quote(Lineage.SHOP)
              + " = ? AND "
              + d.quote(Lineage.DELETED_AT)
              + " IS NULL ORDER BY "
              + d.quote(Lineage.ROOT_ID);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, shop);
        statement.setFetchSize(10_000);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getLong(1));
          }
        }
      }
    }
    return ids.build().toArray();
  }

  private String q(String identifier) {
    return d.quote(identifier);
  }

  private static OffsetDateTime utc(long epochMilli) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMilli), ZoneOffset.UTC);
  }

  private static SqlTable.SqlColumn column(
      String name, ColumnType type, boolean nullable, String comment) {
    return new SqlTable.SqlColumn(name, type, nullable, comment);
  }
}
