package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where incremental loads start, from the runs recorded in an H2 database. */
class CourierRunsTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant DAY_1 = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant DAY_2 = Instant.parse("2026-11-02T00:00:00Z");
  private static final Instant DAY_3 = Instant.parse("2026-11-03T00:00:00Z");

  @TempDir Path dir;

  private static void record(
      JdbcTarget db, String runId, Instant from, Instant to, Map<String, Long> tableCounts)
      throws Exception {
    RunInfo run =
        RunInfo.builder()
            .runId(runId)
            .shop(SHOP)
            .resources(List.of("orders"))
            .window(from, to)
            .loadMode("window")
            .startedAt(to)
            .build();
    try (Connection connection = db.connect()) {
      connection.setAutoCommit(true);
      CourierRuns.record(connection, db, run, tableCounts, Map.of(), 0, to);
    }
  }

  private JdbcTarget freshDatabase() throws Exception {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    try (Connection connection = db.connect()) {
      connection.setAutoCommit(true);
      new SchemaSync(db.dialect()).apply(connection, List.of(CourierRuns.table()));
    }
    return db;
  }

  @Test
  void aRunOfSomeTablesOfAResourceMovesOnlyTheirStart() throws Exception {
    JdbcTarget db = freshDatabase();
    assertTrue(CourierRuns.committedWindowEnd(db, SHOP, "order").isEmpty(), "fresh database");

    record(db, "full", DAY_1, DAY_2, Map.of("order", 10L, "order_line", 25L, "order_tags", 0L));
    // --tables=order: the orders resource is read again, but order_line and order_tags are not
    // written.
    record(db, "orders-only", DAY_2, DAY_3, Map.of("order", 4L));

    assertEquals(DAY_3, CourierRuns.committedWindowEnd(db, SHOP, "order").orElseThrow());
    assertEquals(DAY_2, CourierRuns.committedWindowEnd(db, SHOP, "order_line").orElseThrow());
    assertEquals(
        DAY_2,
        CourierRuns.committedWindowEnd(db, SHOP, "order_tags").orElseThrow(),
        "0 rows still written");
    assertTrue(CourierRuns.committedWindowEnd(db, SHOP, "customer").isEmpty());
    assertTrue(CourierRuns.committedWindowEnd(db, "other.myshopify.com", "order").isEmpty());
  }

  @Test
  void aBackfillPastAHoleDoesNotMoveTheStartPastTheHole() throws Exception {
    JdbcTarget db = freshDatabase();
    Instant day5 = Instant.parse("2026-11-05T00:00:00Z");
    Instant day6 = Instant.parse("2026-11-06T00:00:00Z");
    record(db, "all", Instant.EPOCH, DAY_2, Map.of("order", 10L));
    // An incremental run whose lookback overlaps the previous window extends the span.
    record(db, "incremental", DAY_1, DAY_3, Map.of("order", 3L));
    record(db, "backfill", day5, day6, Map.of("order", 2L));
    assertEquals(DAY_3, CourierRuns.committedWindowEnd(db, SHOP, "order").orElseThrow());

    // Once the hole is filled, the span reaches the backfill's end.
    record(db, "fill", DAY_3, day5, Map.of("order", 1L));
    assertEquals(day6, CourierRuns.committedWindowEnd(db, SHOP, "order").orElseThrow());
  }

  @Test
  void aCourierRunsTableOfAnEarlierVersionIsReadBeforeTheRunAddsItsNewColumn() throws Exception {
    JdbcTarget db = freshDatabase();
    record(db, "before-upgrade", DAY_1, DAY_2, Map.of("order", 10L));
    try (Connection connection = db.connect()) {
      connection.setAutoCommit(true);
      connection.createStatement().execute("ALTER TABLE courier_runs DROP COLUMN stale_skipped");
    }
    // The run-id check and incremental planning read courier_runs before the run's DDL.
    CourierRuns.Run run = CourierRuns.find(db, "before-upgrade").orElseThrow();
    assertEquals(DAY_2, run.windowTo());
    assertEquals(Map.of(), run.staleSkipped());
    assertEquals(DAY_2, CourierRuns.committedWindowEnd(db, SHOP, "order").orElseThrow());
  }

  @Test
  void aGroupRunRecordsARowPerShopOnceAnOlderTablesKeyIsWidened() throws Exception {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("old") + ";DATABASE_TO_LOWER=TRUE");
    SqlTable current = CourierRuns.table();
    try (Connection connection = db.connect()) {
      connection.setAutoCommit(true);
      // courier_runs as runs before courier groups created it: keyed by prefix and run id.
      SqlTable before =
          new SqlTable(
              current.name(),
              current.columns(),
              List.of("table_prefix", "run_id"),
              current.indexes(),
              current.comment());
      new SchemaSync(db.dialect()).apply(connection, List.of(before));
    }
    record(db, "before-groups", DAY_1, DAY_2, Map.of("order", 1L));

    assertTrue(CourierRuns.widenKeyForGroups(db), "the old key is widened");
    assertTrue(!CourierRuns.widenKeyForGroups(db), "once");
    RunInfo eu = groupMember("acme-eu.myshopify.com");
    RunInfo us = groupMember("acme-us.myshopify.com");
    RunInfo group = RunInfo.ofGroup("nightly", List.of(eu, us));
    try (Connection connection = db.connect()) {
      connection.setAutoCommit(true);
      for (RunInfo shop : group.shops()) {
        CourierRuns.record(connection, db, shop, Map.of("order", 2L), Map.of(), 0, DAY_3);
      }
    }

    List<CourierRuns.Run> rows = CourierRuns.findAll(db, "nightly-1");
    assertEquals(
        List.of("acme-eu.myshopify.com", "acme-us.myshopify.com"),
        rows.stream().map(CourierRuns.Run::shop).toList());
    assertEquals("nightly", rows.get(1).groupName());
    assertEquals(1, CourierRuns.findAll(db, "before-groups").size());
    assertEquals(null, CourierRuns.find(db, "before-groups").orElseThrow().groupName());
  }

  @Test
  void beforeAnyRunNothingIsFoundOrWidened() throws Exception {
    JdbcTarget db =
        JdbcTarget.of("jdbc:h2:file:" + dir.resolve("none") + ";DATABASE_TO_LOWER=TRUE");
    assertEquals(List.of(), CourierRuns.findAll(db, "run-1"));
    assertTrue(CourierRuns.find(db, "run-1").isEmpty());
    assertEquals(List.of(), CourierRuns.list(db, SHOP));
    assertTrue(!CourierRuns.widenKeyForGroups(db), "no courier_runs: nothing to widen");
    assertTrue(CourierRuns.committedWindowEnd(db, SHOP, "order").isEmpty());
  }

  private static RunInfo groupMember(String shop) {
    return RunInfo.builder()
        .runId("nightly-1")
        .shop(shop)
        .resources(List.of("orders"))
        .window(DAY_2, DAY_3)
        .loadMode("window")
        .startedAt(DAY_3)
        .group("nightly")
        .build();
  }
}
