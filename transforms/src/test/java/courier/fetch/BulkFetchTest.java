package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.normalize.EntityNormalizer;
import courier.schema.SchemaCatalog;
import courier.shopify.GraphqlBulk;
import courier.shopify.GraphqlReader;
import courier.shopify.RequestObserver;
import courier.shopify.ShopifyAccessException;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyException;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import courier.sink.CourierBulkJobs;
import courier.sink.JdbcTarget;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.beam.sdk.transforms.DoFn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bulk slice read by {@link FetchBulkSliceFn} against the simulator: the entities equal the
 * shop's, and every failure mode ends in the same entities or a clear stop, never a silent gap: a
 * FAILED job (partial file) is split and both halves read, a job past the timeout is canceled and
 * split, a full set of 5 running jobs is waited out, a download cut short is read again, and
 * ACCESS_DENIED stops the read. One simulator for the class; each test restores what it changed.
 */
class BulkFetchTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant FROM = NOW.minus(Duration.ofDays(800));
  private static final Set<String> SCOPES =
      Set.of("read_customers", "read_orders", "read_all_orders", "read_products", "read_locations");

  /**
   * A read timeout that notices a stall quickly and still lets a loaded machine's reads through.
   */
  private static final Duration SHORT_READS = Duration.ofSeconds(3);

  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim =
        ShopifySimulator.builder()
            .seed(5)
            .customers(60)
            .orders(150)
            .products(40)
            .locations(2)
            .now(NOW)
            .bulkRunSeconds(0)
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @AfterEach
  void restore() {
    sim.clock().set(NOW);
    sim.setBulkRunSeconds(0);
    sim.failNextBulkOperations(0);
    sim.truncateNextBulkDownloads(0);
    sim.stallNextBulkDownloads(0);
    sim.setScopes(SCOPES);
  }

  @Test
  void aSliceReadsWhatTheShopHolds() {
    for (ShopifyResource resource :
        List.of(ShopifyResource.ORDERS, ShopifyResource.CUSTOMERS, ShopifyResource.PRODUCTS)) {
      assertEquals(expectedIds(resource), ids(read(resource, Duration.ofMinutes(5))));
    }
  }

  @Test
  void aFailedJobIsSplitInTwoAndBothHalvesRead() {
    long before = sim.counters().getBulkOperationsStarted();
    sim.failNextBulkOperations(1);
    assertEquals(
        expectedIds(ShopifyResource.ORDERS),
        ids(read(ShopifyResource.ORDERS, Duration.ofMinutes(5))));
    assertEquals(3, sim.counters().getBulkOperationsStarted() - before, "failed + 2 halves");
  }

  @Test
  void aJobPastTheTimeoutIsCanceledAndSplit() throws Exception {
    long before = sim.counters().getBulkOperationsStarted();
    long cancels = sim.counters().getRequests("graphql:BulkCancel");
    sim.setBulkRunSeconds(3600);
    CompletableFuture<List<Long>> read =
        CompletableFuture.supplyAsync(
            () -> ids(read(ShopifyResource.PRODUCTS, Duration.ofSeconds(1))));
    // Once the first job was canceled and a half submitted, let the halves finish.
    waitFor(() -> read.isDone() || sim.counters().getBulkOperationsStarted() - before >= 2);
    sim.setBulkRunSeconds(0);
    assertEquals(expectedIds(ShopifyResource.PRODUCTS), read.get(2, TimeUnit.MINUTES));
    assertTrue(sim.counters().getRequests("graphql:BulkCancel") > cancels, "canceled");
    assertTrue(sim.counters().getBulkOperationsStarted() - before >= 3, "split in two");
  }

  @Test
  void theFiveJobLimitIsWaitedOut() throws Exception {
    sim.setBulkRunSeconds(3600);
    for (int i = 0; i < 5; i++) {
      occupySlot();
    }
    long submits = sim.counters().getRequests("graphql:BulkRun");
    CompletableFuture<List<Long>> read =
        CompletableFuture.supplyAsync(
            () -> ids(read(ShopifyResource.CUSTOMERS, Duration.ofMinutes(5))));
    waitFor(() -> read.isDone() || sim.counters().getRequests("graphql:BulkRun") - submits >= 2);
    sim.setBulkRunSeconds(0); // the five finish: a slot frees
    assertEquals(expectedIds(ShopifyResource.CUSTOMERS), read.get(2, TimeUnit.MINUTES));
  }

  @Test
  void aTruncatedDownloadIsReadAgain() {
    long downloads = sim.counters().getRequests("bulk/download");
    sim.truncateNextBulkDownloads(1);
    assertEquals(
        expectedIds(ShopifyResource.CUSTOMERS),
        ids(read(ShopifyResource.CUSTOMERS, Duration.ofMinutes(5))).stream().distinct().toList());
    assertEquals(2, sim.counters().getRequests("bulk/download") - downloads);
  }

  @Test
  void aDownloadCutShortOnEveryAttemptFailsWithoutQuotingTheFile() {
    sim.truncateNextBulkDownloads(3);
    String message = failedProductsRead(Duration.ofSeconds(60));
    // The cut falls inside a variant's line: the parser's own message would quote it.
    assertTrue(message.contains("is not valid JSON at column"), message);
    assertTrue(!message.contains("SKU-"), "no line of the file is quoted: " + message);
  }

  @Test
  void aStalledDownloadTimesOutAndIsReadAgain() {
    long downloads = sim.counters().getRequests("bulk/download");
    sim.stallNextBulkDownloads(1);
    assertEquals(
        expectedIds(ShopifyResource.CUSTOMERS),
        ids(read(ShopifyResource.CUSTOMERS, Duration.ofMinutes(5), null, SHORT_READS)).stream()
            .distinct()
            .toList());
    assertEquals(2, sim.counters().getRequests("bulk/download") - downloads);
  }

  @Test
  void aDownloadStalledOnEveryAttemptFailsNamingShopEndpointAndCause() {
    sim.stallNextBulkDownloads(3);
    String message = failedProductsRead(SHORT_READS);
    assertTrue(message.contains("acme.myshopify.com products"), message);
    assertTrue(message.contains("from http://127.0.0.1:"), message);
    assertTrue(message.contains("timed out"), message);
    assertTrue(!message.contains(".jsonl"), "the signed URL stays out: " + message);
  }

  @Test
  void accessDeniedStopsTheRead() {
    sim.setScopes(Set.of("read_orders", "read_all_orders"));
    RuntimeException e =
        assertThrows(
            RuntimeException.class, () -> read(ShopifyResource.PRODUCTS, Duration.ofMinutes(5)));
    ShopifyException shopify = ShopifyException.findIn(e);
    assertTrue(shopify instanceof ShopifyAccessException, String.valueOf(e));
    assertTrue(shopify.getMessage().contains("read_products"), shopify.getMessage());
  }

  @Test
  void aChildNotRightAfterItsParentIsARejectNamingIt() throws Exception {
    String jsonl =
        String.join(
            "\n",
            "{\"id\":\"gid://shopify/Product/1\",\"legacyResourceId\":\"1\",\"title\":\"a\"}",
            "{\"__typename\":\"ProductVariant\",\"admin_graphql_api_id\":"
                + "\"gid://shopify/ProductVariant/11\",\"id\":\"11\","
                + "\"__parentId\":\"gid://shopify/Product/1\"}",
            "{\"__typename\":\"ProductVariant\",\"admin_graphql_api_id\":"
                + "\"gid://shopify/ProductVariant/21\",\"id\":\"21\","
                + "\"__parentId\":\"gid://shopify/Product/2\"}",
            "{\"id\":\"gid://shopify/Product/2\",\"legacyResourceId\":\"2\",\"title\":\"b\"}");
    List<ObjectNode> products = new ArrayList<>();
    List<String> orphans = new ArrayList<>();
    long lines;
    try (GraphqlReader reader = GraphqlReader.create(client(), new RequestObserver() {})) {
      lines =
          reader.readBulkResult(
              ShopifyResource.PRODUCTS,
              new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)),
              products::add,
              (line, parent) -> orphans.add(line + " -> " + parent));
    }
    assertEquals(4, lines);
    assertEquals(List.of("gid://shopify/ProductVariant/21 -> gid://shopify/Product/2"), orphans);
    assertEquals(2, products.size());
    assertEquals(1, products.get(0).path("variants").size(), products.get(0).toString());
    assertEquals(0, products.get(1).path("variants").size(), products.get(1).toString());

    ShopifyEntity stub =
        FetchBulkSliceFn.orphan(
            Slice.of("acme.myshopify.com", ShopifyResource.PRODUCTS, FROM, NOW, 1),
            "gid://shopify/ProductVariant/21",
            "gid://shopify/Product/2");
    EntityNormalizer.Outcome outcome =
        EntityNormalizer.normalize(stub, SchemaCatalog.packaged().tables(), "run-1", Instant.EPOCH);
    EntityNormalizer.Rejected rejected =
        assertInstanceOf(EntityNormalizer.Rejected.class, outcome, outcome.toString());
    assertEquals(2, stub.id());
    assertTrue(rejected.reason().contains("gid://shopify/ProductVariant/21"), rejected.reason());
  }

  @Test
  void aRerunAdoptsItsRecordedJobsAndResubmitsOnlyWhatCannotDeliver() throws Exception {
    BulkJobStore store = CourierBulkJobs.in(h2());
    String query = GraphqlBulk.innerQuery(ShopifyResource.PRODUCTS, FROM, NOW);
    BulkJobStore.Key key =
        FetchBulkSliceFn.key("acme.myshopify.com", ShopifyResource.PRODUCTS, FROM, NOW, query);
    List<Long> expected = expectedIds(ShopifyResource.PRODUCTS);

    // A run submitted the job, recorded it and died while it was running.
    sim.setBulkRunSeconds(2);
    store.submitted(key, submitDirect(query), Instant.now());
    long started = sim.counters().getBulkOperationsStarted();
    assertEquals(expected, ids(read(ShopifyResource.PRODUCTS, Duration.ofMinutes(5), store)));
    assertEquals(started, sim.counters().getBulkOperationsStarted(), "RUNNING: polled, adopted");
    assertEquals("COMPLETED", store.latest(key).status());

    // The same window again: the COMPLETED job's file is downloaded again.
    long downloads = sim.counters().getRequests("bulk/download");
    assertEquals(expected, ids(read(ShopifyResource.PRODUCTS, Duration.ofMinutes(5), store)));
    assertEquals(started, sim.counters().getBulkOperationsStarted(), "COMPLETED: adopted");
    assertEquals(downloads + 1, sim.counters().getRequests("bulk/download"));

    // Eight days later its file has expired: a new job.
    sim.clock().advance(Duration.ofDays(8));
    assertEquals(expected, ids(read(ShopifyResource.PRODUCTS, Duration.ofMinutes(5), store)));
    assertEquals(started + 1, sim.counters().getBulkOperationsStarted(), "EXPIRED: submitted");

    // A recorded job that FAILED is not adopted either.
    sim.failNextBulkOperations(1);
    String failed = submitDirect(query);
    // FAILED before the read looks: a job still RUNNING would be adopted, fail, and be split.
    try (GraphqlReader reader = GraphqlReader.create(client(), new RequestObserver() {})) {
      waitFor(() -> "FAILED".equals(reader.bulk().poll(ShopifyResource.PRODUCTS, failed).status()));
    }
    store.submitted(key, failed, Instant.now().plusSeconds(1));
    started = sim.counters().getBulkOperationsStarted();
    assertEquals(expected, ids(read(ShopifyResource.PRODUCTS, Duration.ofMinutes(5), store)));
    assertEquals(started + 1, sim.counters().getBulkOperationsStarted(), "FAILED: submitted");
  }

  // ------------------------------------------------------------------ helpers

  private static JdbcTarget h2() {
    Path db = TestShop.writeSecret("bulk-db-marker", "x").getParent().resolve("db");
    return JdbcTarget.of("jdbc:h2:file:" + db + ";DATABASE_TO_LOWER=TRUE");
  }

  /** Submits a bulk query as an earlier courier run would have; its operation id. */
  private static String submitDirect(String query) throws Exception {
    ObjectNode body = new ObjectMapper().createObjectNode();
    body.put(
        "query",
        "mutation R($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: true) {"
            + " bulkOperation { id } userErrors { code } } }");
    body.putObject("variables").put("q", query);
    HttpResponse<String> response = post(body.toString());
    JsonNode id =
        new ObjectMapper()
            .readTree(response.body())
            .path("data")
            .path("bulkOperationRunQuery")
            .path("bulkOperation")
            .path("id");
    assertTrue(id.isTextual(), response.body());
    return id.asText();
  }

  private static List<Long> expectedIds(ShopifyResource resource) {
    return sim.ids(Resource.valueOf(resource.name()), FROM, NOW);
  }

  private static ShopifyClientConfig client() {
    return ShopifyClientConfig.create()
        .withShop(courier.shopify.ShopDomain.of("acme"))
        .withBaseUrl(sim.baseUrl())
        .withCredentials(
            ShopifyCredentials.accessTokenFromFile(
                TestShop.writeSecret("bulk-token", sim.accessToken()).toString()))
        .withTransport(Transport.GRAPHQL)
        .withRetries(4, Duration.ofMillis(20), Duration.ofMillis(200));
  }

  private static List<ShopifyEntity> read(ShopifyResource resource, Duration timeout) {
    return read(resource, timeout, null);
  }

  private static List<ShopifyEntity> read(
      ShopifyResource resource, Duration timeout, BulkJobStore store) {
    return read(resource, timeout, store, Duration.ofSeconds(60));
  }

  private static List<ShopifyEntity> read(
      ShopifyResource resource, Duration timeout, BulkJobStore store, Duration readTimeout) {
    FetchSettings settings =
        new FetchSettings(
            client().withReadTimeout(readTimeout),
            250,
            5000,
            Duration.ofSeconds(30),
            "bulk-test#" + resource.path() + System.nanoTime(),
            new BulkSettings(FetchMode.BULK, 0, 5, timeout, store));
    FetchBulkSliceFn fn = new FetchBulkSliceFn(settings);
    fn.setup();
    ConcurrentLinkedQueue<ShopifyEntity> out = new ConcurrentLinkedQueue<>();
    try {
      fn.process(
          Slice.of("acme.myshopify.com", resource, FROM, NOW, Slice.UNKNOWN),
          new DoFn.OutputReceiver<ShopifyEntity>() {
            @Override
            public void output(ShopifyEntity entity) {
              out.add(entity);
            }

            @Override
            public void outputWithTimestamp(ShopifyEntity entity, org.joda.time.Instant t) {
              out.add(entity);
            }
          });
    } finally {
      fn.teardown();
    }
    return new ArrayList<>(out);
  }

  /** The message of a products read that gives up. */
  private static String failedProductsRead(Duration readTimeout) {
    return assertThrows(
            IllegalStateException.class,
            () -> read(ShopifyResource.PRODUCTS, Duration.ofMinutes(5), null, readTimeout))
        .getMessage();
  }

  private static List<Long> ids(List<ShopifyEntity> entities) {
    return entities.stream().map(ShopifyEntity::id).sorted().toList();
  }

  /** Submits a bulk query of this app that keeps running (bulkRunSeconds is high). */
  private static void occupySlot() throws Exception {
    String body =
        "{\"query\":\"mutation { bulkOperationRunQuery(query: \\\"{ locations { edges { node {"
            + " id } } } }\\\", groupObjects: true) { bulkOperation { id } userErrors { code } }"
            + " }\"}";
    HttpResponse<String> response = post(body);
    assertTrue(response.body().contains("gid://shopify/BulkOperation/"), response.body());
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/admin/api/2026-07/graphql.json"))
                .header("X-Shopify-Access-Token", sim.accessToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** Waits for a condition another thread brings about; the deadline only guards a hang. */
  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition never came about");
      }
      Thread.sleep(20);
    }
  }
}
