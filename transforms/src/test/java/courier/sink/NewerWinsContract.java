package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.InlineTables;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 1: an older run committing after a newer one never reverts it, and commits of one
 * shop take turns. Rows are staged by hand; each database runs the same contract.
 */
abstract class NewerWinsContract {
  static final String SHOP = "acme.myshopify.com";
  private static final Instant T10 = Instant.parse("2026-05-01T10:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(2);
  private static final TableSchema ORDER =
      InlineTables.table(
          "o",
          "orders",
          "",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: name, type: string, source: name, description: d}",
          "{name: updated_at, type: timestamp, source: updated_at, description: d}");
  private static final TableSchema ORDER_TAG = TestDatabase.ORDER_TAG;
  private static final List<TableSchema> TABLES = List.of(ORDER, ORDER_TAG);

  /** A fresh database with the tables of {@link #TABLES}. */
  abstract JdbcTarget newDatabase(String name) throws Exception;

  @Test
  void anOlderRunCommittingAfterANewerOneKeepsTheNewerVersion() throws Exception {
    JdbcTarget db = newDatabase("overlap");
    StagedRows staged = new StagedRows(db, SHOP);
    staged.createTables(TABLES);
    // A 4-hour backfill started at 10:00 read order 1 at 10:05 (and order 2); an incremental run
    // started at 10:45 read order 1 again after its refund at 10:40, and commits first.
    RunInfo backfill = run("backfill", T10);
    staged.stage(backfill, ORDER, row(1L, "#1001", at("10:05")), row(2L, "#1002", at("10:06")));
    staged.stage(backfill, ORDER_TAG, row(1L, "gift"), row(1L, "rush"), row(2L, "vip"));
    staged.seen(backfill, "orders", 1L, 2L);
    RunInfo incremental = run("incremental", T10.plus(Duration.ofMinutes(45)));
    staged.stage(incremental, ORDER, row(1L, "#1001 refunded", at("10:40")));
    staged.stage(incremental, ORDER_TAG, row(1L, "refunded"));
    staged.seen(incremental, "orders", 1L);

    commit(db, incremental);
    RunCommit late = commit(db, backfill);

    assertEquals(
        List.of("1 #1001 refunded incremental", "2 #1002 backfill"),
        staged.rows("o", "id", "name", "_run_id"),
        "order 1 keeps the newer version, order 2 lands");
    assertEquals(List.of("1 refunded", "2 vip"), staged.rows("o_tag", "order_id", "value"));
    assertEquals(Map.of("o", 1L, "o_tag", 2L), late.staleSkipped());
    assertEquals(
        Map.of("o", 1L, "o_tag", 2L),
        CourierRuns.find(db, "backfill").orElseThrow().staleSkipped());
    assertEquals(
        Map.of("o", 1L, "o_tag", 1L),
        CourierRuns.find(db, "backfill").orElseThrow().tableCounts(),
        "rows written: the skipped ones are not counted");
    assertEquals(
        Map.of("o", 0L, "o_tag", 0L),
        CourierRuns.find(db, "incremental").orElseThrow().staleSkipped());
  }

  @Test
  void theSameVersionAgainReplacesTheRowsSoARerunConverges() throws Exception {
    JdbcTarget db = newDatabase("same_version");
    StagedRows staged = new StagedRows(db, SHOP);
    staged.createTables(TABLES);
    RunInfo first = run("first", T10);
    staged.stage(first, ORDER, row(1L, "#1001", at("10:05")));
    staged.stage(first, ORDER_TAG, row(1L, "gift"));
    staged.seen(first, "orders", 1L);
    commit(db, first);
    RunInfo again = run("again", T10.plus(Duration.ofHours(1)));
    staged.stage(again, ORDER, row(1L, "#1001", at("10:05")));
    staged.seen(again, "orders", 1L); // the tag was removed without moving updated_at
    assertEquals(Map.of("o", 0L, "o_tag", 0L), commit(db, again).staleSkipped());
    assertEquals(List.of("1 again"), staged.rows("o", "id", "_run_id"));
    assertEquals(List.of(), staged.rows("o_tag", "order_id", "value"));
  }

  @Test
  void aCommitWaitsWhileAnotherCommitOfTheShopHoldsTheLock() throws Exception {
    JdbcTarget db = newDatabase("lock");
    StagedRows staged = new StagedRows(db, SHOP);
    staged.createTables(TABLES);
    RunInfo run = run("waiting", T10);
    staged.stage(run, ORDER, row(1L, "#1001", at("10:05")));
    staged.seen(run, "orders", 1L);
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(true);
      db.dialect().beginLockedCommit(holder, db.tablePrefix() + "|" + SHOP);
      CompletableFuture<RunCommit> waiting =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return commit(db, run);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThrowsTimeout(waiting);
      assertFalse(waiting.isDone(), "the commit waits for the lock");
      holder.rollback();
      waiting.get(30, TimeUnit.SECONDS);
    }
    assertEquals(List.of("1 waiting"), staged.rows("o", "id", "_run_id"));
    assertTrue(CourierRuns.find(db, "waiting").isPresent());
  }

  private static void assertThrowsTimeout(CompletableFuture<?> future) throws Exception {
    try {
      future.get(1500, TimeUnit.MILLISECONDS);
      throw new AssertionError("the commit went ahead while another held the shop's lock");
    } catch (TimeoutException expected) {
      // still waiting, as it should
    }
  }

  private static RunCommit commit(JdbcTarget db, RunInfo run) throws SQLException {
    StagedRows.createStaging(db, TABLES, run);
    RunCommit commit = new RunCommit(db, TABLES, run, RETENTION);
    try (Connection c = db.connect()) {
      commit.commit(c, 0);
    }
    return commit;
  }

  private static RunInfo run(String id, Instant startedAt) {
    return RunInfo.builder()
        .runId(id)
        .shop(SHOP)
        .resources(List.of("orders"))
        .window(startedAt.minus(Duration.ofDays(1)), startedAt)
        .loadMode("window")
        .startedAt(startedAt)
        .build();
  }

  private static org.joda.time.Instant at(String time) {
    return new org.joda.time.Instant(Instant.parse("2026-05-01T" + time + ":00Z").toEpochMilli());
  }

  private static Object[] row(Object... values) {
    return values;
  }
}
