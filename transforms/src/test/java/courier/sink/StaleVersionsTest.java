package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.InlineTables;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tables newer-wins compares, and the skipped counts of every table of a commit. */
class StaleVersionsTest {
  private static final TableSchema ORDER = DeletionLedgerTest.ORDER;

  /** A child table that happens to have an updated_at: not its entity's version. */
  static final TableSchema ORDER_EVENT =
      InlineTables.table(
          "o_event",
          "orders",
          "rows: {each: \"events[]\"}",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: updated_at, type: timestamp, source: updated_at, description: d}");

  private static final TableSchema LOCATION =
      InlineTables.table(
          "loc",
          "locations",
          "",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: updated_at, type: string, source: updated_at, description: d}");

  @Test
  void onlyAnEntitysRootWithATimestampUpdatedAtIsVersioned() {
    assertTrue(StaleVersions.isVersionedRoot(ORDER));
    assertFalse(StaleVersions.isVersionedRoot(ORDER_EVENT), "a child table");
    assertFalse(StaleVersions.isVersionedRoot(LOCATION), "updated_at is not a timestamp");
    assertFalse(
        StaleVersions.isVersionedRoot(
            InlineTables.table(
                "p",
                "products",
                "",
                "[id]",
                "{name: id, type: int64, source: id, description: d}")),
        "no updated_at");
  }

  @Test
  void everyTableOfTheCommitHasACountNothingSkippedIncluded() throws SQLException {
    List<TableSchema> tables = List.of(ORDER_EVENT, LOCATION, ORDER);
    try (TestDatabase database = TestDatabase.create("acme.myshopify.com", tables);
        Connection c = database.target.connect()) {
      database.staged.createStaging(
          TestRuns.run(
              "run-1", "acme.myshopify.com", java.time.Instant.parse("2026-05-01T00:00:00Z")));
      Map<String, Long> skipped = new StaleVersions(database.target, tables, "run-1").skip(c);
      assertEquals(Map.of("o_event", 0L, "loc", 0L, "o", 0L), skipped);
    }
  }
}
