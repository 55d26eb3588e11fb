package courier.sink;

import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's staging tables: one per domain table and one for the entities it saw, made for the run
 * alone ({@link JdbcTarget#stagingTable}) and dropped once its commit is done.
 *
 * <p>Why a run's own tables rather than a run's rows in shared ones: emptying the staging is then
 * one DROP per table instead of deleting every staged row inside the commit's transaction. On H2
 * that delete was most of the commit: 700,000 staged rows took 31 s to commit, 20 s of it the
 * delete and the longer COMMIT it made (H2 keeps an undo entry per deleted row), against 10 s with
 * a DROP after the commit ({@code CommitBench --db=h2 --orders=100000}, bench/README.md).
 *
 * <p>Every staging table is first recorded in {@value #TABLE} with its run and the run's start,
 * then created: a run that fails or is killed leaves tables that are known, and a later commit
 * under the same table prefix drops those of runs that started more than the staging retention
 * before it (no run lasts that long). A run never reads another run's tables.
 */
final class StagingTables {
  private static final Logger LOG = LoggerFactory.getLogger(StagingTables.class);
  static final String TABLE = "courier_staging";
  private static final String PREFIX = "table_prefix";
  private static final String STAGING_TABLE = "staging_table";
  private static final String RUN_ID = "run_id";
  private static final String STARTED_AT = "started_at";

  private StagingTables() {}

  /** The registry of staging tables. */
  static SqlTable table() {
    return new SqlTable(
        TABLE,
        List.of(
            new SqlTable.SqlColumn(
                PREFIX, SqlTable.TEXT, false, "Prefix of the domain tables (e.g. shopify_)."),
            new SqlTable.SqlColumn(
                STAGING_TABLE, SqlTable.TEXT, false, "A staging table of a run not yet cleared."),
            new SqlTable.SqlColumn(RUN_ID, SqlTable.TEXT, false, "The courier run it stages."),
            new SqlTable.SqlColumn(
                STARTED_AT, SqlTable.TIMESTAMP, false, "When the run started (UTC).")),
        List.of(STAGING_TABLE),
        List.of(),
        "Staging tables of courier runs, each dropped once its run commits or, for a run that"
            + " failed, by a commit after the staging retention.");
  }

  /** The run's staging tables: one per domain table, then the root keys'. */
  static List<SqlTable> of(JdbcTarget target, List<TableSchema> tables, String runId) {
    List<SqlTable> staging = new ArrayList<>();
    tables.forEach(table -> staging.add(SqlTable.staging(target, table, runId)));
    staging.add(SqlTable.rootKeysStaging(target, runId));
    return staging;
  }

  /**
   * Records, then creates (or brings up to date) the run's staging tables; the registry must exist
   * ({@link #table()}). Idempotent: a retried step or a retried run finds them recorded.
   */
  static void create(
      Connection connection, JdbcTarget target, List<TableSchema> tables, RunInfo run)
      throws SQLException {
    List<SqlTable> staging = of(target, tables, run.runId());
    SqlDialect d = target.dialect();
    List<String> columns = List.of(PREFIX, STAGING_TABLE, RUN_ID, STARTED_AT);
    String record =
        d.insertIgnoringDuplicates(
            d.quote(TABLE),
            columns.stream().map(d::quote).toList(),
            List.of(d.quote(STAGING_TABLE)));
    try (PreparedStatement insert = connection.prepareStatement(record)) {
      for (SqlTable table : staging) {
        insert.setString(1, target.tablePrefix());
        insert.setString(2, table.name());
        insert.setString(3, run.runId());
        insert.setObject(4, OffsetDateTime.ofInstant(run.startedAt(), ZoneOffset.UTC));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    new SchemaSync(d).apply(connection, staging);
  }

  /**
   * After a run's commit: drops the run's staging tables and those of runs under the same prefix
   * that started more than {@code retention} before it. In autocommit mode, after the commit's
   * transaction: the staging is garbage once the run is recorded, and a failure here loses nothing
   * (logged; the tables stay recorded, so a later commit drops them).
   */
  static void dropAfterCommit(
      Connection connection,
      JdbcTarget target,
      List<TableSchema> tables,
      RunInfo run,
      Duration retention) {
    try {
      connection.setAutoCommit(true);
      Instant cutoff = run.startedAt().minus(retention);
      drop(connection, target, tables, run.runId(), startedAt -> startedAt.isBefore(cutoff));
    } catch (SQLException e) {
      LOG.warn(
          "Run {} is committed, but dropping staging tables failed ({}); a later commit drops"
              + " them",
          run.runId(),
          SafeSqlErrors.withoutValues("dropping staging tables", e).getMessage());
    }
  }

  /**
   * Drops a run's staging tables (a retry's start: what a failed attempt staged): its tables under
   * the schema's names now and any recorded (a run of another version).
   */
  static void dropRun(
      Connection connection, JdbcTarget target, List<TableSchema> tables, String runId)
      throws SQLException {
    drop(connection, target, tables, runId, startedAt -> false);
  }

  /**
   * Drops the run's tables, and the recorded tables under the target's prefix of the run or of a
   * run whose start {@code otherRunGone} accepts.
   */
  private static void drop(
      Connection connection,
      JdbcTarget target,
      List<TableSchema> tables,
      String runId,
      Predicate<Instant> otherRunGone)
      throws SQLException {
    boolean registry = SchemaSync.exists(connection, TABLE);
    Set<String> doomed = new LinkedHashSet<>();
    of(target, tables, runId).forEach(t -> doomed.add(t.name()));
    if (registry) {
      for (Recorded r : recorded(connection, target)) {
        if (r.runId().equals(runId) || otherRunGone.test(r.startedAt())) {
          doomed.add(r.table());
        }
      }
    }
    drop(connection, target.dialect(), doomed, registry);
  }

  private record Recorded(String table, String runId, Instant startedAt) {}

  /** The staging tables recorded under the target's prefix: a few, those of runs not cleared. */
  private static List<Recorded> recorded(Connection connection, JdbcTarget target)
      throws SQLException {
    SqlDialect d = target.dialect();
    String sql =
        "SELECT "
            + String.join(", ", d.quote(STAGING_TABLE), d.quote(RUN_ID), d.quote(STARTED_AT))
            + " FROM "
            + d.quote(TABLE)
            + " WHERE "
            + d.quote(PREFIX)
            + " = ?";
    List<Recorded> recorded = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, target.tablePrefix());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          recorded.add(
              new Recorded(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getObject(3, OffsetDateTime.class).toInstant()));
        }
      }
    }
    return recorded;
  }

  /** Drops each table if it exists, then forgets it: a crash between the two repeats the drop. */
  private static void drop(
      Connection connection, SqlDialect d, Set<String> tables, boolean registry)
      throws SQLException {
    String forget = "DELETE FROM " + d.quote(TABLE) + " WHERE " + d.quote(STAGING_TABLE) + " = ?";
    for (String table : tables) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE IF EXISTS " + d.quote(table));
      }
      if (registry) {
        RunCommit.execute(connection, forget, table);
      }
    }
  }
}
