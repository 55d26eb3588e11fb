package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.pipeline.InProcessCourier.Outcome;
import courier.simulator.ShopifySimulator;
import courier.sink.JdbcTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 2: a --runId is never silently reused. Another shop's or window's run id is
 * refused before any request (exit 2, naming the run that holds it); the same run again is a retry
 * that first clears what the failed attempt left in staging and in the feeds.
 */
class RunIdReuseTest {
  @TempDir static Path dir;
  private static TestShop shop;

  @BeforeAll
  static void start() {
    shop =
        TestShop.start(
            dir, ShopifySimulator.builder().seed(23).customers(20).orders(40).products(5));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  private static String[] run(Path output, String... more) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(shop.args(output, more));
    args.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    return args.toArray(String[]::new);
  }

  private static String h2(Path output) {
    return "jdbc:h2:file:" + output.resolve("courier-db") + ";DATABASE_TO_LOWER=TRUE";
  }

  @Test
  void aRunIdHeldByAnotherShopOrWindowIsRefusedBeforeAnyRequest() {
    Path output = dir.resolve("taken");
    String window = "--from=2020-01-01T00:00:00Z";
    Outcome first =
        InProcessCourier.courier(run(output, window, "--to=2030-01-01T00:00:00Z", "--runId=daily"));
    assertEquals(0, first.code(), first.all());
    long requests = requests();

    // The Airflow case: one DAG, several shops, the same daily-{{ds}} run id.
    String[] otherShop = run(output, window, "--to=2030-01-01T00:00:00Z", "--runId=daily");
    for (int i = 0; i < otherShop.length; i++) {
      if (otherShop[i].startsWith("--shop=")) {
        otherShop[i] = "--shop=other-shop";
      }
    }
    Outcome refused = InProcessCourier.courier(otherShop);
    assertEquals(2, refused.code(), refused.all());
    assertTrue(
        refused
            .err()
            .contains(
                "--runId=daily is taken: courier_runs holds run daily of shop "
                    + TestShop.SHOP
                    + ".myshopify.com"),
        refused.err());

    Outcome otherWindow =
        InProcessCourier.courier(run(output, window, "--to=2029-01-01T00:00:00Z", "--runId=daily"));
    assertEquals(2, otherWindow.code(), otherWindow.all());
    assertTrue(otherWindow.err().contains("--runId=daily is taken"), otherWindow.err());
    assertEquals(requests, requests(), "refused before any request to the shop");
  }

  @Test
  void aRetryClearsTheFailedAttemptsStagingAndFeedFilesThenRuns() throws Exception {
    Path output = dir.resolve("retry");
    String window = "--from=2020-01-01T00:00:00Z";
    String to = "--to=2030-01-01T00:00:00Z";
    Outcome first = InProcessCourier.courier(run(output, window, to, "--runId=first"));
    assertEquals(0, first.code(), first.all());

    // What a failed attempt of run "again" left: its staging tables, holding an order the shop no
    // longer has (the retry's staging would add to them, and its commit take the order in), a
    // feed file and FileIO's temporary file.
    String shopDomain = TestShop.SHOP + ".myshopify.com";
    JdbcTarget target = JdbcTarget.of(h2(output));
    String orders = target.stagingTable("order", "again");
    String rootKeys = target.rootKeysStagingTable("again");
    try (Connection c = DriverManager.getConnection(h2(output), "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + orders + " AS SELECT * FROM shopify_order WITH NO DATA");
      s.execute(
          "INSERT INTO "
              + orders
              + " (id, _shop, _root_id, _run_id, _synced_at) VALUES (999, '"
              + shopDomain
              + "', 999, 'again', CURRENT_TIMESTAMP)");
      s.execute(
          "CREATE TABLE "
              + rootKeys
              + " (_run_id VARCHAR, _shop VARCHAR, resource VARCHAR, _root_id BIGINT,"
              + " _synced_at TIMESTAMP WITH TIME ZONE)");
      s.execute(
          "INSERT INTO "
              + rootKeys
              + " (_run_id, _shop, resource, _root_id, _synced_at) VALUES ('again', '"
              + shopDomain
              + "', 'orders', 999, CURRENT_TIMESTAMP)");
    }
    Path leftFeed = output.resolve("feeds/order/run_id=again/part-00007-of-00009.parquet");
    Path leftTemp = output.resolve("runs/again/.temp-beam/leftover");
    for (Path file : List.of(leftFeed, leftTemp)) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "half a file");
    }

    Outcome retry = InProcessCourier.courier(run(output, window, to, "--runId=again"));
    assertEquals(0, retry.code(), retry.all());

    assertEquals(
        List.of(),
        Landed.rows(h2(output), "sa", "SELECT id FROM shopify_order WHERE id = 999", Set.of()),
        "the failed attempt's staged order is not committed");
    assertEquals(
        List.of(),
        Landed.rows(
            h2(output),
            "sa",
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_name LIKE 'shopify_staging_%'",
            Set.of()),
        "no staging table left: the failed attempt's were dropped, the retry's after its commit");
    assertFalse(Files.exists(leftFeed), "the failed attempt's feed file is gone");
    assertFalse(Files.exists(leftTemp), "and its temporary file");
    assertEquals(
        Landed.rows(h2(output), "sa", "SELECT count(*) FROM shopify_order", Set.of()),
        List.of("count(*)=" + shop.sim.count(courier.simulator.Resource.ORDERS) + "|"));
  }

  private static long requests() {
    return shop.sim.counters().getTotalRequests();
  }
}
