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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole job over the simulator on loopback, on both runners: a multi-month window of a shop
 * lands in every table (the 13 and those added since), in the Parquet feeds, the H2 database and
 * the manifest, with exactly the row counts the simulator's own data gives for that window.
 */
class EndToEndTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DirectRunner", "FlinkRunner"})
  void aWindowLandsInEveryTableOfBothSinks(String runner, @TempDir Path dir) throws Exception {
    try (TestShop shop = TestShop.start(dir)) {
      Instant shopNow = shop.sim.clock().now();
      Instant from = shopNow.minus(Duration.ofDays(300));
      Instant to = shopNow.minus(Duration.ofDays(30));
      Path output = dir.resolve("out");
      List<String> args = new ArrayList<>(shop.args(output, "--from=" + from, "--to=" + to));
      args.addAll(runnerArgs(runner));

      RunReport report = CourierRun.run(Courier.parseOptions(args.toArray(String[]::new)));

      Map<String, Long> expected = ExpectedRows.forWindow(shop.sim, from, to);
      expected.forEach(
          (table, rows) ->
              assertTrue(rows > 0, "the window must hold rows for " + table + ": " + expected));
      JsonNode manifest = report.manifest();
      assertEquals(expected, Landed.manifestCounts(manifest), "manifest row counts");
      assertEquals(
          expected, Landed.feedCounts(output, report.run().runId()), "Parquet rows read back");
      assertEquals(expected, Landed.tableCounts(Landed.h2Url(output), "sa"), "database rows");
      assertEquals(0, report.rejects());
      // The client asks for gzip and the simulator answers gzipped, as Shopify does: the rows
      // above were read through the client's inflating of its answers.
      assertTrue(shop.sim.counters().getGzippedResponses() > 0, shop.sim.counters().toString());
      assertEquals("succeeded", manifest.path("status").asText());
      assertEquals(from.toString(), manifest.path("window").path("from").asText());
      assertEquals(runner, manifest.path("runner").asText());
      // Over GraphQL, the default: customers with more addresses than the first page, and products
      // with more variants, were drained with the overflow queries.
      for (String resource : List.of("customers", "products", "segments")) {
        JsonNode fetch = manifest.path("fetch").path(resource);
        assertEquals("graphql", fetch.path("transport").asText(), resource);
        assertTrue(fetch.path("overflow_requests").asLong() > 0, resource + ": " + fetch);
      }
      assertEquals(
          expected.get("order"), manifest.path("fetch").path("orders").path("records").asLong());
      ValueChecks.orderRoundTrips(
          shop.sim, from, to, Landed.h2Url(output), "sa", output, report.run().runId());
      RefundAndAddressChecks.check(shop.sim, from, to, output, report.run().runId());
      CheckoutAndSegmentChecks.check(shop.sim, from, to, output, report.run().runId());
    }
  }

  static List<String> runnerArgs(String runner) {
    return runner.equals("FlinkRunner")
        ? List.of("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2")
        : List.of("--runner=DirectRunner", "--targetParallelism=4");
  }
}
