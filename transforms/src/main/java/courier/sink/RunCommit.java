package courier.sink;

import courier.beam.PausePoint;
import courier.normalize.RootKeys;
import courier.schema.Lineage;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.values.Row;

/**
 * The one transaction that makes a run's staged rows the current state of the domain tables.
 *
 * <p>The transaction holds the shop's commit lock (see {@link SqlDialect#beginLockedCommit}), and
 * first takes out of the staging every entity stored in a newer version (see {@link
 * StaleVersions}): an older run committing late never reverts a newer one.
 *
 * <p>For every table: delete the rows of every entity the run saw (by {@code _shop, _root_id}, for
 * the table's resource; all the shop's rows for a resource read whole, locations and segments),
 * delete rows that now belong to another entity (same primary key), insert the run's staged rows.
 * Then clear the run's staging rows and those of runs that failed long ago, and record the run in
 * {@code courier_runs}. A removed tag or line thus disappears, a rerun converges, and a failure
 * anywhere leaves everything as it was. A run already recorded is not committed again, so a retried
 * commit is a no-op.
 */
final class RunCommit {
  private final JdbcTarget target;
  private final SqlDialect d;
  private final List<TableSchema> tables;
  private final RunInfo run;
  private final Duration stagingRetention;
  private Map<String, Long> staleSkipped = Map.of();

  RunCommit(JdbcTarget target, List<TableSchema> tables, RunInfo run, Duration stagingRetention) {
    this.target = target;
    this.d = target.dialect();
    this.tables = tables;
    this.run = run;
    this.stagingRetention = stagingRetention;
  }

  /** Rows inserted per table, or empty if the run had been committed before. */
  Map<String, Long> commit(Connection connection, long rejects) throws SQLException {
    return commit(connection, rejects, List.of());
  }

  /** As {@link #commit(Connection, long)}, recording the rejects in {@link RejectLedger}. */
  Map<String, Long> commit(Connection connection, long rejects, Iterable<Row> rejectKeys)
      throws SQLException {
    connection.setAutoCommit(true);
    d.analyze(connection, stagingTables());
    try {
      d.beginLockedCommit(connection, target.tablePrefix() + "|" + run.shop());
      if (CourierRuns.isRecorded(connection, target, run.runId())) {
        // Committed before (a retry, or the same run submitted again): its rows are in place;
        // only what it staged this time has to go.
        clearStaging(connection);
        connection.commit();
        return Map.of();
      }
      staleSkipped = new StaleVersions(target, tables, run.runId()).skip(connection);
      Map<String, Long> inserted = new LinkedHashMap<>();
      for (TableSchema table : tables) {
        try {
          deleteRowsOfSeenEntities(connection, table);
          deleteRowsTakenOverByOtherEntities(connection, table);
          inserted.put(table.name(), insertStagedRows(connection, table));
        } catch (SQLException e) {
          throw withoutValues(e, table);
        }
      }
      RejectLedger.record(connection, target, run, rejectKeys);
      clearStaging(connection);
      CourierRuns.record(connection, target, run, inserted, staleSkipped, rejects, Instant.now());
      PausePoint.reached(PausePoint.COMMIT);
      connection.commit();
      return inserted;
    } catch (SQLException | RuntimeException e) {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
      throw e;
    }
  }

  /** The commit's error naming table and run, never a value (see {@link SafeSqlErrors}). */
  private SQLException withoutValues(SQLException e, TableSchema table) {
    return SafeSqlErrors.withoutValues(
        "commit of run " + run.runId() + " failed at table " + target.table(table.name()), e);
  }

  /**
   * Staged rows per table the last {@link #commit} skipped because their entity is stored in a
   * newer version; empty before a commit and after a no-op one.
   */
  Map<String, Long> staleSkipped() {
    return staleSkipped;
  }

  private void deleteRowsOfSeenEntities(Connection connection, TableSchema table)
      throws SQLException {
    String t = d.quote(target.table(table.name()));
    if (table.resource().readWhole()) {
      // Read whole (locations, segments): a run that read the resource saw every entity, so what
      // it did not see was deleted in Shopify (a segment removed, a customer who left a segment).
      // A run that staged none of them (the shop has none left, or a sink fed without them) keeps
      // the rows.
      String sql =
          "DELETE FROM "
              + t
              + " WHERE "
              + d.quote(Lineage.SHOP)
              + " = ? AND EXISTS (SELECT 1 FROM "
              + d.quote(target.rootKeysStagingTable())
              + " r WHERE r."
              + d.quote(Lineage.RUN_ID)
              + " = ? AND r."
              + d.quote(RootKeys.RESOURCE)
              + " = ? AND r."
              + d.quote(Lineage.SHOP)
              + " = ?)";
      execute(connection, sql, run.shop(), run.runId(), table.resource().path(), run.shop());
      return;
    }
    String sql =
        "DELETE FROM "
            + t
            + " WHERE EXISTS (SELECT 1 FROM "
            + d.quote(target.rootKeysStagingTable())
            + " r"
            + " WHERE r."
            + d.quote(Lineage.RUN_ID)
            + " = ? AND r."
            + d.quote(RootKeys.RESOURCE)
            + " = ?"
            + " AND r."
            + d.quote(Lineage.SHOP)
            + " = "
            + t
            + "."
            + d.quote(Lineage.SHOP)
            + " AND r."
            + d.quote(Lineage.ROOT_ID)
            + " = "
            + t
            + "."
            + d.quote(Lineage.ROOT_ID)
            + ")";
    execute(connection, sql, run.runId(), table.resource().path());
  }

  /** Normally none: guards the insert against a primary key that moved to another entity. */
  private void deleteRowsTakenOverByOtherEntities(Connection connection, TableSchema table)
      throws SQLException {
    String t = d.quote(target.table(table.name()));
    String sameKey =
        table.primaryKey().stream()
            .map(c -> "s." + d.quote(c) + " = " + t + "." + d.quote(c))
            .collect(Collectors.joining(" AND "));
    String sql =
        "DELETE FROM "
            + t
            + " WHERE EXISTS (SELECT 1 FROM "
            + d.quote(target.stagingTable(table.name()))
            + " s"
            + " WHERE s."
            + d.quote(Lineage.RUN_ID)
            + " = ? AND "
            + sameKey
            + ")";
    execute(connection, sql, run.runId());
  }

  private long insertStagedRows(Connection connection, TableSchema table) throws SQLException {
    String columns =
        table.allColumns().stream().map(c -> d.quote(c.name())).collect(Collectors.joining(", "));
    String sql =
        "INSERT INTO "
            + d.quote(target.table(table.name()))
            + " ("
            + columns
            + ") SELECT "
            + columns
            + " FROM "
            + d.quote(target.stagingTable(table.name()))
            + " WHERE "
            + d.quote(Lineage.RUN_ID)
            + " = ?";
    return execute(connection, sql, run.runId());
  }

  private List<String> stagingTables() {
    List<String> staging = new ArrayList<>();
    tables.forEach(table -> staging.add(target.stagingTable(table.name())));
    staging.add(target.rootKeysStagingTable());
    return staging;
  }

  /**
   * Staging rows of this run, and of runs that started more than the retention before it: those
   * failed (a committed run clears its own), and no run lasts that long.
   */
  private void clearStaging(Connection connection) throws SQLException {
    OffsetDateTime staleBefore =
        OffsetDateTime.ofInstant(run.startedAt().minus(stagingRetention), ZoneOffset.UTC);
    for (String staging : stagingTables()) {
      clear(connection, staging, staleBefore);
    }
  }

  private void clear(Connection connection, String staging, OffsetDateTime staleBefore)
      throws SQLException {
    String sql =
        "DELETE FROM "
            + d.quote(staging)
            + " WHERE "
            + d.quote(Lineage.RUN_ID)
            + " = ? OR "
            + d.quote(Lineage.SYNCED_AT)
            + " < ?";
    execute(connection, sql, run.runId(), staleBefore);
  }

  /** Executes an update with bound parameters; rows changed. */
  static long execute(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeLargeUpdate();
    }
  }
}
