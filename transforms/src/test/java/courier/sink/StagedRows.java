package courier.sink;

import courier.normalize.RootKeys;
import courier.schema.ColumnSpec;
import courier.schema.Lineage;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Rows staged by hand for commit tests, as the staging writers would stage them, and the domain
 * tables read back as text. One shop; lineage columns follow the schema's own.
 */
final class StagedRows {
  private final JdbcTarget db;
  private final String shop;
  private List<TableSchema> tables = List.of();

  StagedRows(JdbcTarget db, String shop) {
    this.db = db;
    this.shop = shop;
  }

  /**
   * Creates the domain tables and the ledgers (courier_runs...); a run's staging tables are made
   * when it first stages, as {@code JdbcDomainTables} makes them.
   */
  void createTables(List<TableSchema> tables) throws SQLException {
    this.tables = List.copyOf(tables);
    List<SqlTable> definitions = new ArrayList<>();
    for (TableSchema table : tables) {
      definitions.add(SqlTable.domain(db, table));
    }
    definitions.add(CourierRuns.table());
    definitions.add(RejectLedger.table());
    definitions.add(DeletionLedger.table());
    definitions.add(StagingTables.table());
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      new SchemaSync(db.dialect()).apply(c, definitions);
    }
  }

  /** Records and creates the run's staging tables, as the run's CreateOrAlterTables step does. */
  void createStaging(RunInfo run) throws SQLException {
    createStaging(db, tables, run);
  }

  /** As {@link #createStaging(RunInfo)}, for a commit test that stages nothing by hand. */
  static void createStaging(JdbcTarget db, List<TableSchema> tables, RunInfo run)
      throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      StagingTables.create(c, db, tables, run);
    }
  }

  /** The name of the run's staging of {@code table} without the prefix, for {@link #rows}. */
  String staging(String runId, String table) {
    return db.stagingTable(table, runId).substring(db.tablePrefix().length());
  }

  /** The run's staging of its root keys without the prefix, for {@link #rows}. */
  String rootKeysStaging(String runId) {
    return staging(runId, "root_keys");
  }

  /**
   * Staging tables under the target's prefix that exist, and those recorded in courier_staging
   * ("recorded " + name), sorted.
   */
  static List<String> stagingTablesLeft(JdbcTarget db) throws SQLException {
    TreeSet<String> left = new TreeSet<>();
    try (Connection c = db.connect()) {
      java.sql.DatabaseMetaData meta = c.getMetaData();
      try (ResultSet rs = meta.getTables(c.getCatalog(), c.getSchema(), "%", null)) {
        while (rs.next()) {
          // PostgreSQL lists indexes too, H2 tables as BASE TABLE.
          if (rs.getString("TABLE_NAME").startsWith(db.tablePrefix() + "staging_")
              && rs.getString("TABLE_TYPE").endsWith("TABLE")) {
            left.add(rs.getString("TABLE_NAME"));
          }
        }
      }
      if (SchemaSync.exists(c, StagingTables.TABLE)) {
        try (PreparedStatement s =
            c.prepareStatement(
                "SELECT staging_table FROM " + StagingTables.TABLE + " WHERE table_prefix = ?")) {
          s.setString(1, db.tablePrefix());
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              left.add("recorded " + rs.getString(1));
            }
          }
        }
      }
    }
    return List.copyOf(left);
  }

  /** Stages rows of {@code table} for {@code run}; the root id is the row's first value. */
  void stage(RunInfo run, TableSchema table, Object[]... rows) throws SQLException {
    for (Object[] values : rows) {
      stageOf(run, table, (Long) values[0], values);
    }
  }

  /** Stages one row of {@code table} for {@code run}, as a row of entity {@code rootId}. */
  void stageOf(RunInfo run, TableSchema table, long rootId, Object... values) throws SQLException {
    List<TableSchema> withTable = new ArrayList<>(tables);
    if (!withTable.contains(table)) {
      withTable.add(table); // a StagedRows that did not create the tables itself
    }
    createStaging(db, withTable, run);
    SqlDialect d = db.dialect();
    SqlTable staging = SqlTable.staging(db, table, run.runId());
    String sql =
        d.insertIgnoringDuplicates(
            d.quote(staging.name()),
            staging.columnNames().stream().map(d::quote).toList(),
            staging.primaryKey().stream().map(d::quote).toList());
    List<ColumnSpec> columns = table.allColumns();
    Object[] all = new Object[columns.size()];
    System.arraycopy(values, 0, all, 0, values.length);
    all[values.length] = shop;
    all[values.length + 1] = rootId;
    all[values.length + 2] = run.runId();
    all[values.length + 3] = new org.joda.time.Instant(run.startedAt().toEpochMilli());
    try (Connection c = db.connect();
        PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < all.length; i++) {
        d.bind(statement, i + 1, columns.get(i).type(), all[i]);
      }
      statement.executeUpdate();
    }
  }

  /** Records that {@code run} saw these entities of {@code resource}. */
  void seen(RunInfo run, String resource, long... rootIds) throws SQLException {
    createStaging(run);
    SqlDialect d = db.dialect();
    String sql =
        "INSERT INTO "
            + d.quote(db.rootKeysStagingTable(run.runId()))
            + " ("
            + String.join(
                ", ",
                List.of(
                        Lineage.RUN_ID,
                        Lineage.SHOP,
                        RootKeys.RESOURCE,
                        Lineage.ROOT_ID,
                        Lineage.SYNCED_AT)
                    .stream()
                    .map(d::quote)
                    .toList())
            + ") VALUES (?, ?, ?, ?, ?)";
    try (Connection c = db.connect();
        PreparedStatement statement = c.prepareStatement(sql)) {
      for (long id : rootIds) {
        statement.setString(1, run.runId());
        statement.setString(2, shop);
        statement.setString(3, resource);
        statement.setLong(4, id);
        statement.setObject(5, OffsetDateTime.ofInstant(run.startedAt(), ZoneOffset.UTC));
        statement.executeUpdate();
      }
    }
  }

  List<String> rows(String table, String... columns) throws SQLException {
    try (Connection c = db.connect()) {
      return rows(c, table, columns);
    }
  }

  /** The rows of the prefixed {@code table}, each as its columns' values joined by spaces. */
  List<String> rows(Connection c, String table, String... columns) throws SQLException {
    SqlDialect d = db.dialect();
    String sql =
        "SELECT "
            + String.join(", ", List.of(columns).stream().map(d::quote).toList())
            + " FROM "
            + d.quote(db.table(table));
    TreeSet<String> out = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns.length; i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        out.add(String.join(" ", values));
      }
    }
    return List.copyOf(out);
  }
}
