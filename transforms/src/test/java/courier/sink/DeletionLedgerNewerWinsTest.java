package courier.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.normalize.Deletions;
import courier.schema.InlineTables;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * Which deletion and which stored version count, on in-memory H2: of two deletions of one entity
 * the later one, in either order; a deletion is weighed against its own resource's version only, at
 * or after that version it marks; and the reconciliation's live ids.
 */
class DeletionLedgerNewerWinsTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final TableSchema ORDER = DeletionLedgerTest.ORDER;
  private static final TableSchema CUSTOMER =
      InlineTables.table(
          "c",
          "customers",
          "",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: updated_at, type: timestamp, source: updated_at, description: d}");
  private static final List<TableSchema> TABLES = List.of(ORDER, CUSTOMER);
  private static int databases;

  private static JdbcTarget newDatabase() throws SQLException {
    JdbcTarget db =
        JdbcTarget.of(
            "jdbc:h2:mem:deletion-ledger-"
                + (++databases)
                + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
    new StagedRows(db, SHOP).createTables(TABLES);
    return db;
  }

  @Test
  void ofTwoDeletionsOfAnEntityTheLaterCountsInEitherOrder() throws SQLException {
    JdbcTarget db = newDatabase();
    StagedRows staged = new StagedRows(db, SHOP);
    RunInfo a = run("run-a", 0);
    staged.stage(a, ORDER, new Object[] {1L, at(1)}, new Object[] {2L, at(1)});
    staged.seen(a, "orders", 1L, 2L);
    commit(db, a, List.of());

    commit(
        db,
        run("run-b", 6),
        List.of(
            deleted("orders", 1L, 4, Deletions.BY_EVENT),
            deleted("orders", 1L, 3, Deletions.BY_WHOLE_READ),
            deleted("orders", 2L, 2, Deletions.BY_WHOLE_READ),
            deleted("orders", 2L, 5, Deletions.BY_EVENT)));
    assertEquals(
        List.of("1 2026-05-01T04:00Z", "2 2026-05-01T05:00Z"),
        staged.rows("o", "id", "_deleted_at"));
    assertEquals(Map.of("orders", Map.of("event", 2L)), DeletionLedger.figures(db, "run-b"));
  }

  @Test
  void aDeletionIsWeighedAgainstItsOwnResourcesVersionAndMarksAtOrAfterIt() throws SQLException {
    JdbcTarget db = newDatabase();
    StagedRows staged = new StagedRows(db, SHOP);
    RunInfo a = run("run-a", 0);
    // Order 1 is newer than customer 1's deletion: it must not protect customer 1.
    staged.stage(a, ORDER, new Object[] {1L, at(5)});
    staged.stage(a, CUSTOMER, new Object[] {1L, at(1)}, new Object[] {2L, at(3)});
    staged.seen(a, "orders", 1L);
    staged.seen(a, "customers", 1L, 2L);
    commit(db, a, List.of());

    Map<String, Long> marked =
        commit(
            db,
            run("run-b", 6),
            List.of(
                deleted("customers", 1L, 2, Deletions.BY_EVENT),
                deleted("customers", 2L, 3, Deletions.BY_EVENT)));
    assertEquals(Map.of("c", 2L), marked, "at the version's own time a deletion marks");
    assertEquals(List.of("1 null"), staged.rows("o", "id", "_deleted_at"));
    assertEquals(
        List.of("1 2026-05-01T02:00Z", "2 2026-05-01T03:00Z"),
        staged.rows("c", "id", "_deleted_at"));
    assertArrayEquals(new long[] {}, DeletionLedger.liveIds(db, SHOP, CUSTOMER));
    assertArrayEquals(new long[] {1L}, DeletionLedger.liveIds(db, SHOP, ORDER));
    assertArrayEquals(new long[] {}, DeletionLedger.liveIds(db, "other.myshopify.com", ORDER));
  }

  @Test
  void liveIdsAreAscendingAndEmptyBeforeTheTableExists() throws SQLException {
    JdbcTarget fresh =
        JdbcTarget.of("jdbc:h2:mem:deletion-ledger-fresh;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
    assertArrayEquals(new long[] {}, DeletionLedger.liveIds(fresh, SHOP, ORDER));
    assertEquals(Map.of(), DeletionLedger.figures(fresh, "run-a"));

    JdbcTarget db = newDatabase();
    StagedRows staged = new StagedRows(db, SHOP);
    RunInfo a = run("run-a", 0);
    staged.stage(
        a, ORDER, new Object[] {30L, at(1)}, new Object[] {4L, at(1)}, new Object[] {200L, at(1)});
    staged.seen(a, "orders", 30L, 4L, 200L);
    commit(db, a, List.of());
    assertArrayEquals(new long[] {4L, 30L, 200L}, DeletionLedger.liveIds(db, SHOP, ORDER));
  }

  private static Map<String, Long> commit(JdbcTarget db, RunInfo run, List<Row> deletions)
      throws SQLException {
    StagedRows.createStaging(db, TABLES, run);
    try (Connection c = db.connect()) {
      RunCommit commit = new RunCommit(db, TABLES, run, Duration.ofDays(2));
      commit.commit(c, 0, List.of(), deletions);
      return commit.markedDeleted();
    }
  }

  private static Row deleted(String resource, long id, int hours, String detected) {
    return Row.withSchema(Deletions.SCHEMA)
        .addValues(SHOP, resource, id, at(hours), detected, "run")
        .build();
  }

  private static org.joda.time.Instant at(int hours) {
    return new org.joda.time.Instant(T0.plus(Duration.ofHours(hours)).toEpochMilli());
  }

  private static RunInfo run(String id, int hours) {
    return TestRuns.run(id, SHOP, T0.plus(Duration.ofHours(hours)));
  }
}
