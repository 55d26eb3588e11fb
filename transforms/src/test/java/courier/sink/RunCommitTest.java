package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.InlineTables;
import courier.schema.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit transaction on its own, on an H2 file, with rows staged by hand: what a run saw
 * replaces what the tables held for those entities, nothing else moves, a retried commit and a
 * failed one change nothing, and failed runs' leftovers go once they are older than the retention.
 */
class RunCommitTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(2);
  private static final TableSchema ORDER = TestDatabase.ORDER;
  private static final TableSchema ORDER_TAG = TestDatabase.ORDER_TAG;
  private static final TableSchema ADDRESS =
      InlineTables.table(
          "c_addr",
          "customers",
          "rows: {each: \"addresses[]\"}",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: city, type: string, source: city, description: d}");
  private static final List<TableSchema> TABLES = List.of(ORDER, ORDER_TAG, ADDRESS);

  /** Segments are read whole: what a run did not see is marked deleted. */
  private static final TableSchema SEGMENT_MEMBER =
      InlineTables.table(
          "s_member",
          "segments",
          "rows: {each: \"members[]\"}",
          "[segment_id, customer_id]",
          "{name: segment_id, type: int64, source: $parent.id, description: d}",
          "{name: customer_id, type: int64, source: customer_id, description: d}");

  @TempDir Path dir;
  private JdbcTarget db;

  /** Keeps the database open between the test's connections (H2 closes a file with the last). */
  private Connection keepOpen;

  private StagedRows staged;

  @BeforeEach
  void createTables() throws SQLException {
    db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    keepOpen = db.connect();
    staged = new StagedRows(db, SHOP);
    staged.createTables(TABLES);
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    keepOpen.close();
  }

  @Test
  void aRunReplacesTheRowsOfTheEntitiesItSawAndNothingElse() throws SQLException {
    RunInfo a = run("run-a", T0);
    stage(a, ORDER, row(1L, "#1001"), row(2L, "#1002"));
    stage(a, ORDER_TAG, row(1L, "gift"), row(1L, "rush"), row(2L, "vip"));
    stageOf(a, ADDRESS, 1L, 7L, "Lyon");
    seen(a, "orders", 1L, 2L);
    seen(a, "customers", 1L); // customer 1 owns address 7: same id as order 1, other resource
    assertEquals(Map.of("o", 2L, "o_tag", 3L, "c_addr", 1L), commit(a, 4));

    assertEquals(List.of("1 #1001", "2 #1002"), rows("o", "id", "name"));
    assertEquals(List.of("1 gift", "1 rush", "2 vip"), rows("o_tag", "order_id", "value"));
    assertEquals(List.of("7 Lyon 1 run-a"), rows("c_addr", "id", "city", "_root_id", "_run_id"));
    assertStagingEmpty();
    CourierRuns.Run recorded = CourierRuns.find(db, "run-a").orElseThrow();
    assertEquals(Map.of("o", 2L, "o_tag", 3L, "c_addr", 1L), recorded.tableCounts());
    assertEquals(4, recorded.rejects());

    // Order 1 again, renamed and without its "rush" tag; order 2 and the customer not seen.
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stage(b, ORDER, row(1L, "#1001-renamed"));
    stage(b, ORDER_TAG, row(1L, "gift"));
    seen(b, "orders", 1L);
    assertEquals(Map.of("o", 1L, "o_tag", 1L, "c_addr", 0L), commit(b, 0));

    assertEquals(List.of("1 #1001-renamed", "2 #1002"), rows("o", "id", "name"));
    assertEquals(List.of("1 gift", "2 vip"), rows("o_tag", "order_id", "value"));
    assertEquals(List.of("7 Lyon 1 run-a"), rows("c_addr", "id", "city", "_root_id", "_run_id"));
    assertEquals(List.of("1 run-b", "2 run-a"), rows("o", "id", "_run_id"));
    assertStagingEmpty();
  }

  @Test
  void aResourceReadWholeMarksWhatTheRunDidNotSeeWhenItReadAnyOfIt() throws SQLException {
    List<TableSchema> tables = List.of(SEGMENT_MEMBER);
    staged.createTables(tables);
    RunInfo a = run("run-a", T0);
    stage(a, SEGMENT_MEMBER, row(1L, 10L), row(1L, 11L), row(2L, 10L));
    seen(a, "segments", 1L, 2L);
    commitOf(tables, a);
    assertEquals(List.of("1 10", "1 11", "2 10"), rows("s_member", "segment_id", "customer_id"));

    // Segment 2 was deleted and customer 11 left segment 1: the run saw only what is left. The
    // deleted segment's rows are marked at the run's start; the membership that ended goes.
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stage(b, SEGMENT_MEMBER, row(1L, 10L));
    seen(b, "segments", 1L);
    commitOf(tables, b);
    List<String> afterB = List.of("1 10 run-b null", "2 10 run-a 2026-05-01T01:00Z");
    assertEquals(afterB, rows("s_member", "segment_id", "customer_id", "_run_id", "_deleted_at"));

    // A run that staged no segment at all marks nothing.
    commitOf(tables, run("run-c", T0.plus(Duration.ofHours(2))));
    assertEquals(afterB, rows("s_member", "segment_id", "customer_id", "_run_id", "_deleted_at"));
  }

  /**
   * A courier group's shops share the tables: an entity is a root id of a shop, so another shop's
   * rows under the same root id stay (the commit's lookup by root id alone must not decide).
   */
  @Test
  void aRunLeavesAnotherShopsEntityOfTheSameRootIdAlone() throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO "
              + db.dialect().quote(db.table("o"))
              + " (\"id\", \"name\", \"_shop\", \"_root_id\", \"_run_id\", \"_synced_at\")"
              + " VALUES (3, '#other', 'other.myshopify.com', 1, 'run-x',"
              + " TIMESTAMP WITH TIME ZONE '2026-05-01 00:00:00+00')");
    }
    RunInfo a = run("run-a", T0);
    stage(a, ORDER, row(1L, "#1001"));
    seen(a, "orders", 1L);
    commit(a, 0);
    assertEquals(
        List.of("1 #1001 " + SHOP, "3 #other other.myshopify.com"),
        rows("o", "id", "name", "_shop"));
  }

  private void commitOf(List<TableSchema> tables, RunInfo run) throws SQLException {
    StagedRows.createStaging(db, tables, run);
    try (Connection c = db.connect()) {
      new RunCommit(db, tables, run, RETENTION).commit(c, 0);
    }
  }

  @Test
  void aRowWhoseKeyMovedToAnotherEntityIsTakenOver() throws SQLException {
    RunInfo a = run("run-a", T0);
    stageOf(a, ADDRESS, 10L, 7L, "Lyon");
    seen(a, "customers", 10L);
    commit(a, 0);

    // Address 7 now belongs to customer 11; customer 10 was not read again.
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stageOf(b, ADDRESS, 11L, 7L, "Paris");
    seen(b, "customers", 11L);
    assertEquals(1L, commit(b, 0).get("c_addr"));
    assertEquals(List.of("7 Paris 11"), rows("c_addr", "id", "city", "_root_id"));
  }

  @Test
  void aCommittedRunIsNotCommittedTwiceAndItsNewStagingGoes() throws SQLException {
    RunInfo a = run("run-a", T0);
    stage(a, ORDER, row(1L, "#1001"));
    seen(a, "orders", 1L);
    commit(a, 0);
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stage(b, ORDER, row(1L, "#1001-b"));
    seen(b, "orders", 1L);
    commit(b, 0);

    // run-a's commit is retried (a replayed bundle staged its rows again): a no-op.
    stage(a, ORDER, row(1L, "#1001"));
    seen(a, "orders", 1L);
    assertEquals(Map.of(), commit(a, 0));
    assertEquals(List.of("1 #1001-b run-b"), rows("o", "id", "name", "_run_id"));
    assertStagingEmpty();
    assertEquals(2, CourierRuns.list(db, SHOP).size());
  }

  @Test
  void aFailedCommitLeavesEverythingAsItWas() throws SQLException {
    RunInfo a = run("run-a", T0);
    stage(a, ORDER, row(1L, "#1001"));
    stage(a, ORDER_TAG, row(1L, "gift"));
    seen(a, "orders", 1L);
    commit(a, 0);

    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stage(b, ORDER, row(1L, "#1001-b"));
    seen(b, "orders", 1L);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      // The second table's staging is gone: the commit fails after the first table's changes.
      s.execute("DROP TABLE \"" + db.stagingTable("o_tag", "run-b") + "\"");
    }
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      assertThrows(SQLException.class, () -> new RunCommit(db, TABLES, b, RETENTION).commit(c, 0));
      // Seen on the same connection too: rolled back, not merely left uncommitted.
      assertEquals(List.of("1 #1001 run-a"), rows(c, "o", "id", "name", "_run_id"));
    }
    assertEquals(List.of("1 #1001 run-a"), rows("o", "id", "name", "_run_id"));
    assertEquals(List.of("1 gift"), rows("o_tag", "order_id", "value"));
    assertTrue(CourierRuns.find(db, "run-b").isEmpty());
    assertEquals(List.of("1 run-b"), rows(staged.staging("run-b", "o"), "id", "_run_id"));
  }

  @Test
  void leftoversOfFailedRunsGoOnceOlderThanTheRetention() throws SQLException {
    Instant start = T0.plus(Duration.ofDays(10));
    stage(run("failed-long-ago", start.minus(RETENTION).minusSeconds(1)), ORDER, row(1L, "x"));
    stage(run("failed-at-the-limit", start.minus(RETENTION)), ORDER, row(2L, "y"));
    stage(run("failed-recently", start.minus(Duration.ofHours(1))), ORDER_TAG, row(3L, "z"));
    seen(run("failed-long-ago", start.minus(RETENTION).minusSeconds(1)), "orders", 1L);
    seen(run("failed-recently", start.minus(Duration.ofHours(1))), "orders", 3L);

    RunInfo run = run("run-now", start);
    stageOf(run, ADDRESS, 1L, 7L, "Lyon");
    seen(run, "customers", 1L);
    assertEquals(Map.of("o", 0L, "o_tag", 0L, "c_addr", 1L), commit(run, 0));

    assertEquals(
        List.of("2 failed-at-the-limit"),
        rows(staged.staging("failed-at-the-limit", "o"), "id", "_run_id"));
    assertEquals(
        List.of("3 failed-recently"),
        rows(staged.staging("failed-recently", "o_tag"), "order_id", "_run_id"));
    assertEquals(
        List.of("3 failed-recently"),
        rows(staged.rootKeysStaging("failed-recently"), "_root_id", "_run_id"));
    assertEquals(List.of(), rows("o", "id"));
    // What is left: the tables of the runs within the retention, and only those.
    List<String> left = StagedRows.stagingTablesLeft(db);
    for (String gone : List.of("failed-long-ago", "run-now")) {
      String key = JdbcTarget.runKey(gone);
      assertTrue(left.stream().noneMatch(t -> t.contains(key)), gone + ": " + left);
    }
    for (String kept : List.of("failed-at-the-limit", "failed-recently")) {
      String table = db.stagingTable("o", kept);
      assertTrue(left.contains(table) && left.contains("recorded " + table), kept + ": " + left);
    }
  }

  private Map<String, Long> commit(RunInfo run, long rejects) throws SQLException {
    StagedRows.createStaging(db, TABLES, run);
    try (Connection c = db.connect()) {
      return new RunCommit(db, TABLES, run, RETENTION).commit(c, rejects);
    }
  }

  private static RunInfo run(String id, Instant startedAt) {
    return TestRuns.run(id, SHOP, startedAt);
  }

  private static Object[] row(Object... values) {
    return values;
  }

  private void stage(RunInfo run, TableSchema table, Object[]... rows) throws SQLException {
    staged.stage(run, table, rows);
  }

  private void stageOf(RunInfo run, TableSchema table, long rootId, Object... values)
      throws SQLException {
    staged.stageOf(run, table, rootId, values);
  }

  private void seen(RunInfo run, String resource, long... rootIds) throws SQLException {
    staged.seen(run, resource, rootIds);
  }

  private List<String> rows(String table, String... columns) throws SQLException {
    return staged.rows(table, columns);
  }

  private List<String> rows(Connection c, String table, String... columns) throws SQLException {
    return staged.rows(c, table, columns);
  }

  /** Every run here was committed: none of their staging tables is left, nor recorded. */
  private void assertStagingEmpty() throws SQLException {
    assertEquals(List.of(), StagedRows.stagingTablesLeft(db));
  }
}
