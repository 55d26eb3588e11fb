package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GraphqlBulk} and {@link BulkResultReader} against the simulator, whose bulk operations run
 * the courier's bulk query over its Admin schema: a window's export, submitted, polled, downloaded
 * and read, holds the same REST-shaped entities as the paged path reads for that window; a running
 * operation is canceled, and while five run a sixth is not accepted. One simulator for the class;
 * each test restores what it changed.
 */
class GraphqlBulkSimulatorTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant FROM = NOW.minus(Duration.ofDays(800));

  @TempDir static Path dir;
  private static ShopifySimulator sim;
  private static GraphqlReader reader;

  @BeforeAll
  static void start() throws Exception {
    sim =
        ShopifySimulator.builder()
            .seed(19)
            .customers(12)
            .orders(20)
            .products(8)
            .plan(courier.simulator.Plan.UNLIMITED) // the paged reads are not paced
            .locations(2)
            .now(NOW)
            .bulkRunSeconds(0)
            .build()
            .start();
    Path token = dir.resolve("token");
    Files.writeString(token, sim.accessToken());
    reader =
        GraphqlReader.create(
            ShopifyClientConfig.create()
                .withShop(ShopDomain.of("acme"))
                .withBaseUrl(sim.baseUrl())
                .withCredentials(ShopifyCredentials.accessTokenFromFile(token.toString()))
                .withTransport(Transport.GRAPHQL)
                .withRetries(4, Duration.ofMillis(20), Duration.ofMillis(200)),
            new RequestObserver() {});
  }

  @AfterAll
  static void stop() {
    reader.close();
    sim.close();
  }

  @AfterEach
  void restore() {
    sim.setBulkRunSeconds(0);
  }

  @Test
  void aWindowsExportHoldsWhatThePagedPathReads() throws Exception {
    for (ShopifyResource resource :
        List.of(ShopifyResource.ORDERS, ShopifyResource.CUSTOMERS, ShopifyResource.PRODUCTS)) {
      String id = reader.bulk().submit(resource, GraphqlBulk.innerQuery(resource, FROM, NOW));
      assertNotNull(id, resource.path());
      GraphqlBulk.Operation done = waitUntilEnded(resource, id);
      assertEquals("COMPLETED", done.status(), resource.path());

      List<ObjectNode> bulk = new ArrayList<>();
      List<String> orphans = new ArrayList<>();
      long lines;
      try (InputStream file = reader.bulk().open(done.url())) {
        lines =
            reader.readBulkResult(
                resource, file, bulk::add, (line, parent) -> orphans.add(line + " of " + parent));
      }

      assertEquals(done.objectCount(), lines, resource.path());
      assertEquals(List.of(), orphans, resource.path());
      List<Long> ids = bulk.stream().map(e -> e.get("id").longValue()).toList();
      assertEquals(sim.ids(Resource.valueOf(resource.name()), FROM, NOW), ids, resource.path());
      assertEquals(paged(resource), bulk, resource.path());
    }
  }

  @Test
  void aRunningOperationIsCanceledAndASixthWaitsWhileFiveRun() throws Exception {
    sim.setBulkRunSeconds(3600);
    String query = GraphqlBulk.innerQuery(ShopifyResource.PRODUCTS, FROM, NOW);
    List<String> running = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = reader.bulk().submit(ShopifyResource.PRODUCTS, query);
      assertNotNull(id, "operation " + (i + 1));
      assertTrue(
          GraphqlBulk.running(reader.bulk().poll(ShopifyResource.PRODUCTS, id).status()), id);
      running.add(id);
    }
    assertNull(reader.bulk().submit(ShopifyResource.PRODUCTS, query), "five run: no slot");

    for (String id : running) {
      reader.bulk().cancel(ShopifyResource.PRODUCTS, id);
    }
    for (String id : running) {
      assertEquals("CANCELED", waitUntilEnded(ShopifyResource.PRODUCTS, id).status(), id);
    }
    // Canceling an operation that has ended is no error: the next poll says what it became.
    reader.bulk().cancel(ShopifyResource.PRODUCTS, running.get(0));
    assertEquals("CANCELED", reader.bulk().poll(ShopifyResource.PRODUCTS, running.get(0)).status());
    assertNull(
        reader.bulk().poll(ShopifyResource.PRODUCTS, "gid://shopify/BulkOperation/999999"),
        "no such operation");
  }

  /** Every entity of the window through the paged path, page after page. */
  private static List<ObjectNode> paged(ShopifyResource resource) {
    List<ObjectNode> all = new ArrayList<>();
    String cursor = null;
    EntityPage page;
    do {
      page = reader.listUpdated(resource, FROM, NOW, 0, 50, cursor);
      all.addAll(page.entities());
      cursor = page.nextCursor();
    } while (page.hasMore());
    return all;
  }

  private static GraphqlBulk.Operation waitUntilEnded(ShopifyResource resource, String id)
      throws InterruptedException {
    GraphqlBulk.Operation[] last = new GraphqlBulk.Operation[1];
    waitFor(
        () -> {
          last[0] = reader.bulk().poll(resource, id);
          return last[0] != null && !GraphqlBulk.running(last[0].status());
        });
    return last[0];
  }

  /** Waits for a condition (no duration is asserted; a minute is a hang, not a slow machine). */
  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
    while (!condition.getAsBoolean()) {
      assertFalse(Instant.now().isAfter(giveUp), "still not there after a minute");
      Thread.sleep(20);
    }
  }
}
