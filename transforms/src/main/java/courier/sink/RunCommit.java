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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.values.Row;

/**
 * The one transaction that makes a run's staged rows the current state of the domain tables.
 *
 * <p>The transaction holds the shop's commit lock (see {@link SqlDialect#beginLockedCommit}), first
 * puts the kept version of each entity staged in several in place of all of them (see {@link
 * ContestedVersions}), then takes out of the staging every entity stored in a newer version (see
 * {@link StaleVersions}): an older run committing late never reverts a newer one.
 *
 * <p>For every table: for a resource read whole (locations, segments), mark the shop's rows of the
 * entities the run did not see as deleted; unless the table is certainly empty (a first load,
 * {@link SqlDialect#certainlyEmpty}), delete the rows of every entity the run saw (by {@code _shop,
 * _root_id}, for the table's resource) and rows that now belong to another entity (same primary
 * key), as {@link SqlDialect#deleteMatching} does best on the database; insert the run's staged
 * rows. Then record the run in {@code courier_runs} (a row per shop for a courier group's run,
 * whose shops all commit in this one transaction). A removed tag or line thus disappears, a rerun
 * converges, and a failure anywhere leaves everything as it was. A run already recorded is not
 * committed again, so a retried commit is a no-op. Once committed, the run's staging tables, and
 * those of runs that failed long ago, are dropped (see {@link StagingTables}).
 */
final class RunCommit {
  private final JdbcTarget target;
  private final SqlDialect d;
  private final List<TableSchema> tables;
  private final RunInfo run;
  private final Duration stagingRetention;
  private final DeletionLedger deletions;
  private Map<String, Long> staleSkipped = Map.of();
  private Map<String, Long> markedDeleted = Map.of();

  RunCommit(JdbcTarget target, List<TableSchema> tables, RunInfo run, Duration stagingRetention) {
    this.target = target;
    this.d = target.dialect();
    this.tables = tables;
    this.run = run;
    this.stagingRetention = stagingRetention;
    this.deletions = new DeletionLedger(target, tables, run);
  }

  /** Rows inserted per table, or empty if the run had been committed before. */
  Map<String, Long> commit(Connection connection, long rejects) throws SQLException {
    return commit(connection, rejects, List.of());
  }

  /** As {@link #commit(Connection, long)}, recording the rejects in {@link RejectLedger}. */
  Map<String, Long> commit(Connection connection, long rejects, Iterable<Row> rejectKeys)
      throws SQLException {
    return commit(connection, rejects, rejectKeys, List.of());
  }

  /**
   * As {@link #commit(Connection, long, Iterable)}, then marking the run's deletions (see {@link
   * DeletionLedger}) once its rows are in.
   */
  Map<String, Long> commit(
      Connection connection, long rejects, Iterable<Row> rejectKeys, Iterable<Row> deleted)
      throws SQLException {
    return commit(connection, rejects, rejectKeys, deleted, ContestedVersions.none());
  }

  /**
   * As {@link #commit(Connection, long, Iterable, Iterable)}, first putting the kept version of
   * each entity staged in several (see {@link ContestedVersions}) in place of all of them.
   */
  Map<String, Long> commit(
      Connection connection,
      long rejects,
      Iterable<Row> rejectKeys,
      Iterable<Row> deleted,
      ContestedVersions contested)
      throws SQLException {
    connection.setAutoCommit(true);
    d.analyze(connection, stagingTables());
    try {
      // A group's run holds every shop's lock, taken in one order so two groups cannot deadlock.
      for (String shop : run.shops().stream().map(RunInfo::shop).sorted().toList()) {
        d.beginLockedCommit(connection, target.tablePrefix() + "|" + shop);
      }
      if (CourierRuns.isRecorded(connection, target, run.runId())) {
        // Committed before (a retry, or the same run submitted again): its rows are in place;
        // only what it staged this time has to go.
        connection.commit();
        StagingTables.dropAfterCommit(connection, target, tables, run, stagingRetention);
        return Map.of();
      }
      contested.restage(connection, target, tables, run);
      staleSkipped = new StaleVersions(target, tables, run.runId()).skip(connection);
      Map<String, Long> inserted = new LinkedHashMap<>();
      Map<RunInfo, Map<String, Long>> insertedByShop = new LinkedHashMap<>();
      run.shops().forEach(shop -> insertedByShop.put(shop, new LinkedHashMap<>()));
      for (TableSchema table : tables) {
        try {
          markUnseenIfReadWhole(connection, table);
          if (!d.certainlyEmpty(connection, quotedTable(table))) {
            d.deleteMatching(connection, seenEntitiesDelete(table));
            d.deleteMatching(connection, takenOverDelete(table));
          }
          long rows = 0;
          for (RunInfo shop : run.shops()) {
            long shopRows = insertStagedRows(connection, table, shop.shop());
            insertedByShop.get(shop).put(table.name(), shopRows);
            rows += shopRows;
          }
          inserted.put(table.name(), rows);
        } catch (SQLException e) {
          throw withoutValues(e, table);
        }
      }
      markedDeleted = deletions.markAll(connection, deleted);
      RejectLedger.record(connection, target, run, rejectKeys);
      Instant finishedAt = Instant.now();
      for (RunInfo shop : run.shops()) {
        // Of a group's run, the rejects and stale versions are the group's: counted run-wide.
        CourierRuns.record(
            connection, target, shop, insertedByShop.get(shop), staleSkipped, rejects, finishedAt);
      }
      PausePoint.reached(PausePoint.COMMIT);
      connection.commit();
      StagingTables.dropAfterCommit(connection, target, tables, run, stagingRetention);
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

  /** Rows per table the last {@link #commit} marked deleted for the run's deletions. */
  Map<String, Long> markedDeleted() {
    return markedDeleted;
  }

  /** The rows of the entities the run saw of the table's resource, by (_shop, _root_id). */
  MatchingDelete seenEntitiesDelete(TableSchema table) {
    return new MatchingDelete(
        quotedTable(table),
        d.quote(target.rootKeysStagingTable(run.runId())),
        "r." + d.quote(Lineage.RUN_ID) + " = ? AND r." + d.quote(RootKeys.RESOURCE) + " = ?",
        List.of(d.quote(Lineage.SHOP), d.quote(Lineage.ROOT_ID)),
        List.of(run.runId(), table.resource().path()));
  }

  /**
   * Rows whose primary key a staged row has: normally none, it guards the insert against a key that
   * moved to another entity.
   */
  MatchingDelete takenOverDelete(TableSchema table) {
    return new MatchingDelete(
        quotedTable(table),
        d.quote(target.stagingTable(table.name(), run.runId())),
        "r." + d.quote(Lineage.RUN_ID) + " = ?",
        table.primaryKey().stream().map(d::quote).toList(),
        List.of(run.runId()));
  }

  /**
   * Read whole (locations, segments): a run that read the resource saw every entity, so what it did
   * not see was deleted in Shopify (a location closed, a segment removed): its rows are marked, not
   * removed. A run that staged none of them (the shop has none left, or a sink fed without them)
   * marks nothing. Rows of seen entities are replaced afterwards, so a customer who left a segment
   * disappears from its members.
   */
  private void markUnseenIfReadWhole(Connection connection, TableSchema table) throws SQLException {
    if (table.resource().readWhole()) {
      for (RunInfo shop : run.shops()) {
        deletions.markUnseen(connection, table, shop.shop());
      }
    }
  }

  private String quotedTable(TableSchema table) {
    return d.quote(target.table(table.name()));
  }

  /** The staged rows of one shop of the run: courier_runs counts them per shop. */
  private long insertStagedRows(Connection connection, TableSchema table, String shop)
      throws SQLException {
    String columns =
        table.allColumns().stream().map(c -> d.quote(c.name())).collect(Collectors.joining(", "));
    String sql =
        d.insertFromQuery(
            quotedTable(table),
            columns,
            "SELECT "
                + columns
                + " FROM "
                + d.quote(target.stagingTable(table.name(), run.runId()))
                + " WHERE "
                + d.quote(Lineage.RUN_ID)
                + " = ? AND "
                + d.quote(Lineage.SHOP)
                + " = ?");
    return execute(connection, sql, run.runId(), shop);
  }

  private List<String> stagingTables() {
    return StagingTables.of(target, tables, run.runId()).stream().map(SqlTable::name).toList();
  }

  /** Executes an update with bound parameters; rows changed. */
  static long execute(Connection connection, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, parameters);
      return statement.executeLargeUpdate();
    }
  }

  /** Binds the parameters in order. */
  static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
  }
}
