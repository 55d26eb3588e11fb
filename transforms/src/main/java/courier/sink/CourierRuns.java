package courier.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code courier_runs} table: one row per run committed to the domain tables, written in the
 * commit's transaction (so a row exists exactly when the run's data does); a courier group's run
 * writes one row per shop, all with the run's id and the group's name. One table per database,
 * shared by table prefixes, which it records. Incremental loads start where the last successful
 * window of the same shop, prefix and table ended.
 */
public final class CourierRuns {
  public static final String TABLE = "courier_runs";
  public static final String STATUS_SUCCEEDED = "succeeded";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COLUMNS =
      List.of(
          "run_id",
          "table_prefix",
          "shop",
          "resources",
          "window_from",
          "window_to",
          "load_mode",
          "status",
          "table_counts",
          "rejects",
          "started_at",
          "finished_at",
          "stale_skipped",
          "group_name");

  private CourierRuns() {}

  /** A recorded run. Resources and counts as the run wrote them; instants in UTC. */
  public record Run(
      String runId,
      String tablePrefix,
      String shop,
      List<String> resources,
      Instant windowFrom,
      Instant windowTo,
      String loadMode,
      String status,
      Map<String, Long> tableCounts,
      long rejects,
      Instant startedAt,
      Instant finishedAt,
      Map<String, Long> staleSkipped,
      String groupName) {}

  /**
   * Where the next incremental window of domain {@code table} starts: the end of the contiguous
   * span of successful windows that wrote it (its {@code table_counts} name it, 0 rows included),
   * from the earliest, for this shop and table prefix. A later backfill past a hole (an incremental
   * run to 06-01, then {@code --from=06-05}) does not move it past the hole. Per table, not per
   * resource: a run of {@code --tables=order} reads orders but leaves order_line as it was, so it
   * must not move order_line's start. Empty when no run wrote the table.
   */
  public static Optional<Instant> committedWindowEnd(JdbcTarget target, String shop, String table)
      throws SQLException {
    List<Run> runs =
        list(target, shop).stream()
            .filter(
                run ->
                    STATUS_SUCCEEDED.equals(run.status()) && run.tableCounts().containsKey(table))
            .sorted(Comparator.comparing(Run::windowFrom))
            .toList();
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    // A window that starts after the span's end leaves a hole: nothing after the hole counts.
    Instant end = runs.get(0).windowTo();
    for (Run run : runs) {
      if (run.windowFrom().isAfter(end)) {
        break;
      }
      end = run.windowTo().isAfter(end) ? run.windowTo() : end;
    }
    return Optional.of(end);
  }

  /**
   * The run with this id under the target's prefix, if it was committed (of a group's run, the row
   * of one of its shops: {@link #findAll} has them all).
   */
  public static Optional<Run> find(JdbcTarget target, String runId) throws SQLException {
    return findAll(target, runId).stream().findFirst();
  }

  /** The rows of the run with this id under the target's prefix, one per shop, by shop. */
  public static List<Run> findAll(JdbcTarget target, String runId) throws SQLException {
    try (Connection connection = target.connect()) {
      if (!SchemaSync.exists(connection, TABLE)) {
        return List.of();
      }
      SqlDialect d = target.dialect();
      String where =
          "WHERE "
              + d.quote("table_prefix")
              + " = ? AND "
              + d.quote("run_id")
              + " = ? ORDER BY "
              + d.quote("shop");
      return query(connection, d, where, target.tablePrefix(), runId);
    }
  }

  /**
   * Widens the key of a courier_runs table created before courier groups, (table_prefix, run_id),
   * to (table_prefix, run_id, shop), so a group's run can record a row per shop. Rows unique under
   * the old key stay unique; a no-op when the table is new or already widened.
   *
   * @return whether the key was widened
   */
  public static boolean widenKeyForGroups(JdbcTarget target) throws SQLException {
    try (Connection connection = target.connect()) {
      if (!SchemaSync.exists(connection, TABLE)) {
        return false;
      }
      DatabaseMetaData meta = connection.getMetaData();
      try (ResultSet rs =
          meta.getPrimaryKeys(connection.getCatalog(), connection.getSchema(), TABLE)) {
        while (rs.next()) {
          if ("shop".equals(rs.getString("COLUMN_NAME"))) {
            return false;
          }
        }
      }
      SqlDialect d = target.dialect();
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        String t = d.quote(TABLE);
        String key = d.quote(TABLE + "_pk");
        statement.execute("ALTER TABLE " + t + " DROP CONSTRAINT " + key);
        statement.execute(
            "ALTER TABLE "
                + t
                + " ADD CONSTRAINT "
                + key
                + " PRIMARY KEY ("
                + d.quote("table_prefix")
                + ", "
                + d.quote("run_id")
                + ", "
                + d.quote("shop")
                + ")");
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
      return true;
    }
  }

  /** Every run of the shop under the target's prefix, latest window end first. */
  public static List<Run> list(JdbcTarget target, String shop) throws SQLException {
    try (Connection connection = target.connect()) {
      if (!SchemaSync.exists(connection, TABLE)) {
        return List.of();
      }
      SqlDialect d = target.dialect();
      String where =
          "WHERE "
              + d.quote("table_prefix")
              + " = ? AND "
              + d.quote("shop")
              + " = ? ORDER BY "
              + d.quote("window_to")
              + " DESC, "
              + d.quote("finished_at")
              + " DESC";
      return query(connection, d, where, target.tablePrefix(), shop);
    }
  }

  static SqlTable table() {
    return new SqlTable(
        TABLE,
        List.of(
            column("run_id", SqlTable.TEXT, "Id of the courier run."),
            column(
                "table_prefix",
                SqlTable.TEXT,
                "Prefix of the domain tables the run wrote (e.g. shopify_)."),
            column("shop", SqlTable.TEXT, "Shop domain the run fetched."),
            column(
                "resources", SqlTable.TEXT, "Shopify resources the run fetched, comma-separated."),
            column(
                "window_from",
                SqlTable.TIMESTAMP,
                "Start of the updated_at window, inclusive (UTC)."),
            column(
                "window_to",
                SqlTable.TIMESTAMP,
                "End of the updated_at window, exclusive (UTC); the next incremental run starts here."),
            column(
                "load_mode",
                SqlTable.TEXT,
                "How the window was chosen: window, all, incremental..."),
            column(
                "status",
                SqlTable.TEXT,
                "succeeded: the run's rows were committed (failed runs change nothing and are not recorded)."),
            column(
                "table_counts", SqlTable.TEXT, "Rows written per domain table, as a JSON object."),
            column(
                "rejects",
                SqlTable.INT64,
                "Entities rejected by the normalize step (see the _rejects feed)."),
            column("started_at", SqlTable.TIMESTAMP, "When the run started (UTC)."),
            column("finished_at", SqlTable.TIMESTAMP, "When the run's commit finished (UTC)."),
            new SqlTable.SqlColumn(
                "stale_skipped",
                SqlTable.TEXT,
                true,
                "Staged rows per domain table not written because the database held a newer version"
                    + " of their entity (updated_at), as a JSON object; null for runs before it was"
                    + " recorded."),
            new SqlTable.SqlColumn(
                "group_name",
                SqlTable.TEXT,
                true,
                "The courier group whose run this row is one shop of (a row per shop, one run id);"
                    + " null for a run of one shop.")),
        List.of("table_prefix", "run_id", "shop"),
        List.of(),
        "Runs of the Shopify courier committed to this database, one row per run, shop and table"
            + " prefix.");
  }

  static boolean isRecorded(Connection connection, JdbcTarget target, String runId)
      throws SQLException {
    SqlDialect d = target.dialect();
    String sql =
        "SELECT 1 FROM "
            + d.quote(TABLE)
            + " WHERE "
            + d.quote("table_prefix")
            + " = ? AND "
            + d.quote("run_id")
            + " = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, target.tablePrefix());
      statement.setString(2, runId);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  static void record(
      Connection connection,
      JdbcTarget target,
      RunInfo run,
      Map<String, Long> tableCounts,
      Map<String, Long> staleSkipped,
      long rejects,
      Instant finishedAt)
      throws SQLException {
    SqlDialect d = target.dialect();
    String sql =
        "INSERT INTO "
            + d.quote(TABLE)
            + " ("
            + columns(d)
            + ") VALUES ("
            + String.join(", ", Collections.nCopies(COLUMNS.size(), "?"))
            + ")";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 0;
      statement.setString(++i, run.runId());
      statement.setString(++i, target.tablePrefix());
      statement.setString(++i, run.shop());
      statement.setString(++i, String.join(",", run.resources()));
      statement.setObject(++i, utc(run.windowFrom()));
      statement.setObject(++i, utc(run.windowTo()));
      statement.setString(++i, run.loadMode());
      statement.setString(++i, STATUS_SUCCEEDED);
      statement.setString(++i, json(new TreeMap<>(tableCounts)));
      statement.setLong(++i, rejects);
      statement.setObject(++i, utc(run.startedAt()));
      statement.setObject(++i, utc(finishedAt));
      statement.setString(++i, json(new TreeMap<>(staleSkipped)));
      statement.setString(++i, run.group());
      statement.executeUpdate();
    }
  }

  private static String columns(SqlDialect dialect) {
    return String.join(", ", COLUMNS.stream().map(dialect::quote).toList());
  }

  /**
   * The columns to read, a column this version added as NULL when the table predates it: runs read
   * courier_runs (run-id checks, incremental windows) before the run's own DDL adds the column.
   */
  private static String existingColumns(Connection connection, SqlDialect dialect)
      throws SQLException {
    Set<String> existing = SchemaSync.existingColumnComments(connection, TABLE).keySet();
    return String.join(
        ", ",
        COLUMNS.stream()
            .map(c -> existing.contains(c) ? dialect.quote(c) : "NULL AS " + dialect.quote(c))
            .toList());
  }

  private static List<Run> query(
      Connection connection, SqlDialect dialect, String where, String... parameters)
      throws SQLException {
    List<Run> runs = new ArrayList<>();
    String sql =
        "SELECT "
            + existingColumns(connection, dialect)
            + " FROM "
            + dialect.quote(TABLE)
            + " "
            + where;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          runs.add(
              new Run(
                  rs.getString("run_id"),
                  rs.getString("table_prefix"),
                  rs.getString("shop"),
                  Arrays.asList(rs.getString("resources").split(",")),
                  instant(rs, "window_from"),
                  instant(rs, "window_to"),
                  rs.getString("load_mode"),
                  rs.getString("status"),
                  counts(rs.getString("table_counts")),
                  rs.getLong("rejects"),
                  instant(rs, "started_at"),
                  instant(rs, "finished_at"),
                  rs.getString("stale_skipped") == null
                      ? Map.of()
                      : counts(rs.getString("stale_skipped")),
                  rs.getString("group_name")));
        }
      }
    }
    return runs;
  }

  private static SqlTable.SqlColumn column(
      String name, courier.schema.ColumnType type, String comment) {
    return new SqlTable.SqlColumn(name, type, false, comment);
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static String json(Map<String, Long> counts) {
    try {
      return JSON.writeValueAsString(counts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Long> counts(String json) throws SQLException {
    try {
      return JSON.readValue(json, new TypeReference<TreeMap<String, Long>>() {});
    } catch (JsonProcessingException e) {
      throw new SQLException(
          "courier_runs.table_counts is not a JSON object of counts: " + e.getOriginalMessage());
    }
  }
}
