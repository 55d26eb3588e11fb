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
      CourierRuns.record(connection, db, run, tableCounts, 0, to);
    }
  }

  @Test
  void aRunOfSomeTablesOfAResourceMovesOnlyTheirStart() throws Exception {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    try (Connection connection = db.connect()) {
      connection.setAutoCommit(true);
      new SchemaSync(db.dialect()).apply(connection, List.of(CourierRuns.table()));
    }
    assertTrue(CourierRuns.lastSuccessfulWindowEnd(db, SHOP, "order").isEmpty(), "fresh database");

    record(db, "full", DAY_1, DAY_2, Map.of("order", 10L, "order_line", 25L, "order_tags", 0L));
    // --tables=order: the orders resource is read again, but order_line and order_tags are not
    // written.
    record(db, "orders-only", DAY_2, DAY_3, Map.of("order", 4L));

    assertEquals(DAY_3, CourierRuns.lastSuccessfulWindowEnd(db, SHOP, "order").orElseThrow());
    assertEquals(DAY_2, CourierRuns.lastSuccessfulWindowEnd(db, SHOP, "order_line").orElseThrow());
    assertEquals(
        DAY_2,
        CourierRuns.lastSuccessfulWindowEnd(db, SHOP, "order_tags").orElseThrow(),
        "0 rows still written");
    assertTrue(CourierRuns.lastSuccessfulWindowEnd(db, SHOP, "customer").isEmpty());
    assertTrue(CourierRuns.lastSuccessfulWindowEnd(db, "other.myshopify.com", "order").isEmpty());
  }
}
