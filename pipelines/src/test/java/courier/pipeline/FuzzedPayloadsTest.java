package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import courier.pipeline.InProcessCourier.Outcome;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import courier.sink.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, items 5 and 9: every entity of a shop mutated (see {@link PayloadMutations}: types
 * swapped, nulls, huge and negative numbers, bad dates, NULs, long strings, unknown and missing
 * fields, deep nesting, repeated keys), over 1,000 of them, served by the simulator over REST,
 * which serves the stored JSON as it is. On H2 and on PostgreSQL the run succeeds and every entity
 * is either a row of its table or a counted reject. Seeded: a failure reproduces with the same
 * seed.
 */
class FuzzedPayloadsTest {
  private static final long SEED = 20261129L;
  private static final List<Resource> RESOURCES =
      List.of(Resource.CUSTOMERS, Resource.ORDERS, Resource.PRODUCTS);
  private static final String TO =
      "--to=" + Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

  @TempDir static Path dir;
  private static TestShop shop;
  private static PostgresServer postgres;
  private static long entities;

  @BeforeAll
  static void start() throws Exception {
    shop =
        TestShop.start(
            dir, ShopifySimulator.builder().seed(53).customers(300).orders(450).products(260));
    PayloadMutations mutations = new PayloadMutations(SEED);
    for (Resource resource : RESOURCES) {
      for (long id : shop.sim.ids(resource)) {
        shop.sim.update(resource, id, mutations::mutate);
        entities++;
      }
    }
    assertTrue(entities >= 1000, entities + " mutated entities");
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    shop.close();
    postgres.close();
  }

  @Test
  void onH2EveryMutatedEntityIsARowOrACountedReject() throws Exception {
    Path output = dir.resolve("h2");
    landsEveryEntity(output, Landed.h2Url(output), "sa");
  }

  @Test
  void onPostgresEveryMutatedEntityIsARowOrACountedReject() throws Exception {
    Path output = dir.resolve("postgres");
    String db = postgres.createDatabase("fuzzed");
    landsEveryEntity(
        output,
        db,
        PostgresServer.SUPERUSER,
        "--jdbcUrl=" + db,
        "--jdbcUser=" + PostgresServer.SUPERUSER);
  }

  private static void landsEveryEntity(Path output, String db, String user, String... more)
      throws Exception {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(
        shop.args(output, "--from=2020-01-01T00:00:00Z", TO, "--transport=rest", "--runId=fuzzed"));
    args.addAll(List.of(more));
    args.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    Outcome run = InProcessCourier.courier(args.toArray(String[]::new));
    assertEquals(
        0, run.code(), run.err().length() > 20_000 ? run.err().substring(0, 20_000) : run.err());

    // The roots of the mutated entities and of those left as they were (a REST run lands no
    // segment tables).
    Map<String, Long> rows =
        Landed.tableCounts(
            db, user, List.of("customer", "order", "product", "abandoned_checkout", "locations"));
    JsonNode manifest = Landed.manifest(output, "fuzzed");
    long rejects = manifest.path("rejects").path("rows").asLong();
    long landed = rows.get("customer") + rows.get("order") + rows.get("product");
    assertTrue(rejects > 0, "some mutations are rejects");
    assertTrue(landed > 0, "some entities land cleaned");
    assertEquals(entities, landed + rejects, "every entity a row or a reject: " + rows);
    JsonNode normalize = manifest.path("normalize");
    long unmutated = rows.get("abandoned_checkout") + rows.get("locations");
    assertEquals(
        entities + unmutated,
        normalize.path("entities_normalized").asLong()
            + normalize.path("entities_rejected").asLong(),
        "the manifest counts every entity read: " + normalize);
    assertEquals(rejects, normalize.path("entities_rejected").asLong(), "rejects: " + normalize);
    assertTrue(normalize.path("repeated_json_keys").asLong() > 0, "repeated keys counted");
    assertTrue(normalize.path("nul_characters_removed").asLong() > 0, "NULs counted");
  }
}
