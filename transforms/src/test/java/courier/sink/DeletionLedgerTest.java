package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.normalize.Deletions;
import courier.schema.InlineTables;
import courier.schema.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deletions in the commit, on an H2 file with rows staged by hand: a deleted root's rows are marked
 * in every table of its resource, unless the stored version is newer than the deletion; a rerun
 * converges; a root that comes back is live again; a resource read whole marks what the run did not
 * see.
 */
class DeletionLedgerTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  static final TableSchema ORDER =
      InlineTables.table(
          "o",
          "orders",
          "",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: updated_at, type: timestamp, source: updated_at, description: d}");
  private static final TableSchema ORDER_TAG = TestDatabase.ORDER_TAG;
  private static final TableSchema LOCATION =
      InlineTables.table(
          "loc",
          "locations",
          "",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: name, type: string, source: name, description: d}");
  private static final List<TableSchema> TABLES = List.of(ORDER, ORDER_TAG, LOCATION);

  @TempDir Path dir;
  private JdbcTarget db;
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
  void aDeletionMarksEveryRowOfItsRootUnlessTheStoredVersionIsNewer() throws SQLException {
    RunInfo a = run("run-a", T0);
    staged.stage(a, ORDER, row(1L, at(1)), row(2L, at(1)), row(3L, at(1)));
    staged.stage(a, ORDER_TAG, row(1L, "gift"), row(2L, "vip"), row(3L, "rush"));
    staged.seen(a, "orders", 1L, 2L, 3L);
    commit(a);

    // Order 1 deleted after its stored version; order 2's event is older than its stored version
    // (it came back, or the event was late); order 9 was never landed.
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(3)));
    List<Row> deletions =
        List.of(
            deleted("orders", 1L, atInstant(2)),
            deleted("orders", 2L, T0),
            deleted("orders", 9L, atInstant(2)));
    Map<String, Long> marked = commit(b, deletions);

    assertEquals(Map.of("o", 1L, "o_tag", 1L), marked);
    assertEquals(
        List.of("1 2026-05-01T02:00Z", "2 null", "3 null"), staged.rows("o", "id", "_deleted_at"));
    assertEquals(
        List.of("1 gift 2026-05-01T02:00Z", "2 vip null", "3 rush null"),
        staged.rows("o_tag", "order_id", "value", "_deleted_at"));
    assertEquals(
        List.of("orders 1 event run-b", "orders 2 event run-b", "orders 9 event run-b"), ledger());

    // The same window again: nothing moves, the first time stays.
    RunInfo c = run("run-c", T0.plus(Duration.ofHours(4)));
    assertEquals(
        Map.of("o", 0L, "o_tag", 0L), commit(c, List.of(deleted("orders", 1L, atInstant(2)))));
    assertEquals(
        List.of("1 2026-05-01T02:00Z", "2 null", "3 null"), staged.rows("o", "id", "_deleted_at"));

    // Order 1 comes back (restored, a newer version read): live rows replace the marked ones.
    RunInfo d = run("run-d", T0.plus(Duration.ofHours(5)));
    staged.stage(d, ORDER, row(1L, at(5)));
    staged.stage(d, ORDER_TAG, row(1L, "gift"));
    staged.seen(d, "orders", 1L);
    commit(d);
    assertEquals(List.of("1 null", "2 null", "3 null"), staged.rows("o", "id", "_deleted_at"));
    assertEquals(
        List.of("1 gift null", "2 vip null", "3 rush null"),
        staged.rows("o_tag", "order_id", "value", "_deleted_at"));
    assertEquals(Map.of("orders", Map.of("event", 3L)), DeletionLedger.figures(db, "run-b"));
  }

  @Test
  void aLocationMissingFromAWholeReadIsMarkedAtTheRunsStart() throws SQLException {
    RunInfo a = run("run-a", T0);
    staged.stage(a, LOCATION, row(1L, "Lyon"), row(2L, "Paris"));
    staged.seen(a, "locations", 1L, 2L);
    commit(a);

    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    staged.stage(b, LOCATION, row(1L, "Lyon"));
    staged.seen(b, "locations", 1L);
    commit(b);
    assertEquals(
        List.of("1 Lyon null", "2 Paris 2026-05-01T01:00Z"),
        staged.rows("loc", "id", "name", "_deleted_at"));
    assertEquals(
        Map.of("locations", Map.of("whole_read", 1L)), DeletionLedger.figures(db, "run-b"));

    // A run that read no location marks nothing; one that sees location 2 again revives it.
    commit(run("run-c", T0.plus(Duration.ofHours(2))));
    RunInfo d = run("run-d", T0.plus(Duration.ofHours(3)));
    staged.stage(d, LOCATION, row(1L, "Lyon"), row(2L, "Paris"));
    staged.seen(d, "locations", 1L, 2L);
    commit(d);
    assertEquals(
        List.of("1 Lyon null", "2 Paris null"), staged.rows("loc", "id", "name", "_deleted_at"));
    assertEquals(Map.of(), DeletionLedger.figures(db, "run-d"));
  }

  @Test
  void aDeletionOfAnEntityWithoutAVersionMarksItsRows() throws SQLException {
    RunInfo a = run("run-a", T0);
    staged.stage(a, LOCATION, row(1L, "Lyon"), row(2L, "Paris"));
    staged.seen(a, "locations", 1L, 2L);
    commit(a);

    RunInfo b = run("run-b", T0.plus(Duration.ofHours(3)));
    assertEquals(Map.of("loc", 1L), commit(b, List.of(deleted("locations", 2L, atInstant(2)))));
    assertEquals(
        List.of("1 Lyon null", "2 Paris 2026-05-01T02:00Z"),
        staged.rows("loc", "id", "name", "_deleted_at"));
  }

  @Test
  void theVersionADeletionIsWeighedAgainstIsTheRootsNotAChildsUpdatedAt() throws SQLException {
    List<TableSchema> tables = List.of(StaleVersionsTest.ORDER_EVENT, ORDER);
    staged.createTables(tables);
    RunInfo a = run("run-a", T0);
    staged.stage(a, ORDER, row(1L, at(3)));
    staged.stageOf(a, StaleVersionsTest.ORDER_EVENT, 1L, 10L, at(1));
    staged.seen(a, "orders", 1L);
    commitOf(tables, a, List.of());

    // The order's version (03:00) is newer than its deletion (02:00); its event's (01:00) is not.
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(4)));
    assertEquals(
        Map.of("o", 0L, "o_event", 0L),
        commitOf(tables, b, List.of(deleted("orders", 1L, atInstant(2)))));
    assertEquals(List.of("1 null"), staged.rows("o", "id", "_deleted_at"));
    assertEquals(List.of("10 null"), staged.rows("o_event", "id", "_deleted_at"));
  }

  /** courier_deletions (not prefixed), "resource entity_id detected run_id" sorted. */
  private List<String> ledger() throws SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (Connection c = db.connect();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT resource, entity_id, detected, run_id FROM " + DeletionLedger.TABLE)) {
      while (rs.next()) {
        rows.add(
            rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getString(4));
      }
    }
    rows.sort(null);
    return rows;
  }

  private Map<String, Long> commit(RunInfo run) throws SQLException {
    return commit(run, List.of());
  }

  private Map<String, Long> commit(RunInfo run, List<Row> deletions) throws SQLException {
    return commitOf(TABLES, run, deletions);
  }

  private Map<String, Long> commitOf(List<TableSchema> tables, RunInfo run, List<Row> deletions)
      throws SQLException {
    StagedRows.createStaging(db, tables, run);
    try (Connection c = db.connect()) {
      RunCommit commit = new RunCommit(db, tables, run, Duration.ofDays(2));
      commit.commit(c, 0, List.of(), deletions);
      return commit.markedDeleted();
    }
  }

  private static Row deleted(String resource, long id, Instant when) {
    return Row.withSchema(Deletions.SCHEMA)
        .addValues(
            SHOP,
            resource,
            id,
            new org.joda.time.Instant(when.toEpochMilli()),
            Deletions.BY_EVENT,
            "run")
        .build();
  }

  private static org.joda.time.Instant at(int hours) {
    return new org.joda.time.Instant(T0.plus(Duration.ofHours(hours)).toEpochMilli());
  }

  private static Instant atInstant(int hours) {
    return T0.plus(Duration.ofHours(hours));
  }

  private static Object[] row(Object... values) {
    return values;
  }

  private static RunInfo run(String id, Instant startedAt) {
    return TestRuns.builder(id, SHOP, startedAt).resources(List.of("orders", "locations")).build();
  }
}
