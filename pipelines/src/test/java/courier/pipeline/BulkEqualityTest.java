package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    // Small enough for three runs and a killed JVM in well under a minute and a half, big enough
    // for refunds with line items, customers past a page of addresses and every table non-empty.
    shop =
        TestShop.start(
            dir,
            ShopifySimulator.builder()
                .seed(7)
                .customers(100)
                .orders(200)
                .products(15)
                .locations(2)
                .checkouts(40));
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

  /**
   * A courier JVM killed (SIGKILL) once its jobs are submitted and recorded in courier_bulk_jobs;
   * the rerun of the same window adopts them: no job is submitted again and the tables are the
   * same.
   */
  @Test
  void aRerunAfterKillMinusNineAdoptsTheJobsItSubmitted() throws Exception {
    Path output = dir.resolve("killed");
    String[] bulk = {"--fetchMode=bulk", "--maxBulkJobs=1"};
    long before = shop.sim.counters().getBulkOperationsStarted();
    shop.sim.setBulkRunSeconds(3600); // the jobs keep running until the rerun
    Path log = Files.createTempFile(dir, "killed", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Courier.class.getName());
    command.add("run");
    command.addAll(shop.args(output, "--from=" + from, "--to=" + to));
    command.addAll(List.of(bulk));
    command.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    Process courier =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(dir.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      // One job per resource, each logged once recorded in the database.
      while (submittedLines(log) < 3) {
        assertTrue(courier.isAlive(), "the courier ended early:\n" + Files.readString(log));
        assertTrue(System.nanoTime() < deadline, "no jobs submitted:\n" + Files.readString(log));
        Thread.sleep(100);
      }
    } finally {
      courier.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      courier.waitFor(1, TimeUnit.MINUTES);
    }
    long submitted = shop.sim.counters().getBulkOperationsStarted() - before;
    assertEquals(3, submitted, "jobs submitted before the kill");

    shop.sim.setBulkRunSeconds(0);
    RunReport rerun = run(output, bulk);
    assertEquals(
        submitted,
        shop.sim.counters().getBulkOperationsStarted() - before,
        "the rerun submitted no job again");
    assertEquals(0, rerun.rejects());
    Map<String, List<String>> tables = Landed.snapshot(Landed.h2Url(output), "sa");
    for (String table : Landed.TABLES) {
      assertEquals(paged.get(table), tables.get(table), table + " after kill -9 and rerun");
    }
  }

  private static long submittedLines(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(l -> l.contains("FetchBulkSliceFn") && l.endsWith("submitted"))
        .count();
  }

  private RunReport run(Path output, String... more) {
    List<String> args = new ArrayList<>(shop.args(output, "--from=" + from, "--to=" + to));
    args.addAll(List.of(more));
    return CourierRun.run(Courier.parseOptions(args.toArray(String[]::new)));
  }
}
