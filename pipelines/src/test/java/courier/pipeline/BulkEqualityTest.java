package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One simulated shop landed paged and by bulk operations (both over GraphQL) gives every table
 * equal, row for row: the bulk path rebuilds each JSONL parent with its children into the page
 * query's shape, and reads refunds' line items (which bulk cannot deliver) by follow-up queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkEqualityTest {
  private Path dir;
  private TestShop shop;
  private Instant from;
  private Instant to;
  private Map<String, List<String>> paged;

  @BeforeAll
  void landPaged(@TempDir Path dir) throws Exception {
    this.dir = dir;
    shop = TestShop.start(dir);
    shop.sim.setBulkRunSeconds(0);
    Instant shopNow = shop.sim.clock().now();
    from = shopNow.minus(Duration.ofDays(3650));
    to = shopNow;
    Path output = dir.resolve("paged");
    run(output, "--fetchMode=paged");
    paged = Landed.snapshot(Landed.h2Url(output), "sa");
  }

  @AfterAll
  void stopShop() {
    if (shop != null) {
      shop.close();
    }
  }

  @Test
  void bulkLandsEveryTableAsPagedDoes() throws Exception {
    long before = shop.sim.counters().getBulkOperationsStarted();
    Path output = dir.resolve("bulk");
    RunReport report = run(output, "--fetchMode=bulk", "--maxBulkJobs=3");
    assertEquals(0, report.rejects(), "rejects over bulk");
    Map<String, List<String>> bulk = Landed.snapshot(Landed.h2Url(output), "sa");
    for (String table : Landed.TABLES) {
      assertTrue(!paged.get(table).isEmpty(), table + " is empty: the shop proves nothing");
      assertEquals(paged.get(table), bulk.get(table), table + " paged and by bulk");
    }
    long jobs = shop.sim.counters().getBulkOperationsStarted() - before;
    assertTrue(jobs >= 3 && jobs <= 9, "3 resources of at most 3 jobs each: " + jobs);
    JsonNode fetch = report.manifest().path("fetch");
    assertTrue(
        fetch.path("orders").path("overflow_requests").asLong() > 0,
        "refund line items were read by follow-up queries: " + fetch);
  }

  private RunReport run(Path output, String... more) {
    List<String> args = new ArrayList<>(shop.args(output, "--from=" + from, "--to=" + to));
    args.addAll(List.of(more));
    return CourierRun.run(Courier.parseOptions(args.toArray(String[]::new)));
  }
}
