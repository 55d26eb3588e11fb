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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
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
  void aTruncatedDownloadIsReadAgain() throws Exception {
    long downloads = sim.counters().getRequests("bulk/download");
    sim.truncateNextBulkDownloads(1);
    try (StepCounters counters = new StepCounters()) {
      List<ShopifyEntity> read = read(ShopifyResource.CUSTOMERS, Duration.ofMinutes(5));
      List<Long> expected = expectedIds(ShopifyResource.CUSTOMERS);
      assertEquals(expected, ids(read).stream().distinct().toList());
      assertEquals(2, sim.counters().getRequests("bulk/download") - downloads);
      assertTrue(read.size() > expected.size(), "the cut attempt emitted some first");
      assertEquals(
          read.size(),
          counters.get(ShopifyResource.CUSTOMERS, FetchStats.RECORDS),
          "both attempts' entities are counted");
    }
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

  @Test
  void aReadRecordsTheJobItSubmittedAndHowItEnded() {
    RecordingStore store = new RecordingStore();
    assertReadsEveryProduct(store);
    String id = store.submittedId(0);
    assertEquals(List.of("submitted " + id, "ended " + id + " COMPLETED"), store.events);
    String query = GraphqlBulk.innerQuery(ShopifyResource.PRODUCTS, FROM, NOW);
    assertEquals(
        List.of(
            FetchBulkSliceFn.key("acme.myshopify.com", ShopifyResource.PRODUCTS, FROM, NOW, query)),
        store.submittedKeys);
  }

  @Test
  void aRecordedJobUnknownToShopifyIsSubmittedAnew() {
    RecordingStore store = new RecordingStore("gid://shopify/BulkOperation/1");
    long started = sim.counters().getBulkOperationsStarted();
    assertReadsEveryProduct(store);
    assertEquals(started + 1, sim.counters().getBulkOperationsStarted());
    String id = store.submittedId(0);
    assertEquals(List.of("submitted " + id, "ended " + id + " COMPLETED"), store.events);
  }

  @Test
  void aRecordedJobThatFailedIsRecordedAsEndedAndSubmittedAnew() throws Exception {
    sim.failNextBulkOperations(1);
    String failed = submittedProductsJob("FAILED");
    RecordingStore store = new RecordingStore(failed);
    assertReadsEveryProduct(store);
    String id = store.submittedId(0);
    assertEquals(
        List.of("ended " + failed + " FAILED", "submitted " + id, "ended " + id + " COMPLETED"),
        store.events);
  }

  @Test
  void anAdoptedCompletedJobIsPolledTwiceAndDownloadedOnce() throws Exception {
    String completed = submittedProductsJob("COMPLETED");
    RecordingStore store = new RecordingStore(completed);
    long started = sim.counters().getBulkOperationsStarted();
    long polls = sim.counters().getRequests("graphql:BulkOperation");
    long downloads = sim.counters().getRequests("bulk/download");
    assertReadsEveryProduct(store);
    assertEquals(started, sim.counters().getBulkOperationsStarted(), "adopted, none submitted");
    assertEquals(
        polls + 2,
        sim.counters().getRequests("graphql:BulkOperation"),
        "one poll to adopt, one to see it ended; the download uses that answer's URL");
    assertEquals(downloads + 1, sim.counters().getRequests("bulk/download"));
    assertEquals(List.of("ended " + completed + " COMPLETED"), store.events);
  }

  @Test
  void aResultThatExpiresBeforeItIsDownloadedAgainIsRunAgain() {
    long started = sim.counters().getBulkOperationsStarted();
    long downloads = sim.counters().getRequests("bulk/download");
    sim.truncateNextBulkDownloads(1);
    // While the first download is read (and before it breaks off), the file expires: the second
    // attempt's poll finds no URL, and the window is run again as a new job.
    AtomicBoolean expired = new AtomicBoolean();
    Consumer<ShopifyEntity> expireOnce =
        entity -> {
          if (expired.compareAndSet(false, true)) {
            sim.clock().advance(Duration.ofDays(8));
          }
        };
    List<ShopifyEntity> read = readCustomers(expireOnce);
    assertEquals(expectedIds(ShopifyResource.CUSTOMERS), ids(read).stream().distinct().toList());
    assertEquals(started + 2, sim.counters().getBulkOperationsStarted(), "run again");
    assertEquals(downloads + 2, sim.counters().getRequests("bulk/download"));
  }

  @Test
  void aResultThatKeepsExpiringStopsTheReadAfterTwelveRetries() {
    long started = sim.counters().getBulkOperationsStarted();
    // Every download breaks off, and while each is read its file expires: each poll that follows
    // finds no URL. The read runs the window again 12 times, then stops saying so.
    sim.truncateNextBulkDownloads(13);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> readCustomers(entity -> sim.clock().advance(Duration.ofDays(8))));
    assertTrue(
        e.getMessage().contains("delivered a result that expired unread after 12 splits"),
        e.getMessage());
    assertEquals(started + 13, sim.counters().getBulkOperationsStarted());
  }

  @Test
  void aJobCanceledByAnotherHandIsSplitAndBothHalvesRead() throws Exception {
    sim.setBulkRunSeconds(3600);
    String running = submittedProductsJob("RUNNING");
    RecordingStore store = new RecordingStore(running);
    long polls = sim.counters().getRequests("graphql:BulkOperation");
    CompletableFuture<List<Long>> read =
        CompletableFuture.supplyAsync(
            () -> ids(read(ShopifyResource.PRODUCTS, Duration.ofMinutes(5), store)));
    // Once the read has polled (and adopted) the running job, someone else cancels it.
    waitFor(() -> read.isDone() || sim.counters().getRequests("graphql:BulkOperation") > polls);
    try (GraphqlReader reader = GraphqlReader.create(client(), new RequestObserver() {})) {
      reader.bulk().cancel(ShopifyResource.PRODUCTS, running);
    }
    sim.setBulkRunSeconds(0);
    assertEquals(expectedIds(ShopifyResource.PRODUCTS), read.get(2, TimeUnit.MINUTES));
    assertEquals("ended " + running + " CANCELED", store.events.get(0), store.events.toString());
    assertEquals(2, store.submittedKeys.size(), "two halves: " + store.events);
  }

  @Test
  void aSplitAtAnEntitysSecondReadsItOnceAndNothingOutsideTheWindow() {
    // The window's middle second is an order's updated_at; the window ends months before the
    // shop's last updates, so a middle past its end would read orders it does not hold.
    Instant middle = anOrdersUpdatedAt();
    Instant from = middle.minus(Duration.ofDays(30));
    Instant to = middle.plus(Duration.ofDays(30));
    List<Long> expected = sim.ids(Resource.ORDERS, from, to);
    assertTrue(expected.size() < expectedIds(ShopifyResource.ORDERS).size(), "orders outside");
    long started = sim.counters().getBulkOperationsStarted();
    RecordingStore store = new RecordingStore();
    sim.failNextBulkOperations(1);
    assertEquals(expected, ids(read(ShopifyResource.ORDERS, from, to, store)));
    assertEquals(started + 3, sim.counters().getBulkOperationsStarted(), "failed + 2 halves");
    assertEquals(
        List.of(List.of(from, to), List.of(from, middle), List.of(middle, to)),
        store.submittedKeys.stream().map(k -> List.of(k.from(), k.to())).toList());
  }

  @Test
  void aOneSecondWindowThatFailsIsRunAgainNotSplit() {
    Instant second = anOrdersUpdatedAt();
    Instant from = second;
    Instant to = second.plusSeconds(1);
    List<Long> expected = sim.ids(Resource.ORDERS, from, to);
    assertTrue(!expected.isEmpty(), "an order in the second");
    long started = sim.counters().getBulkOperationsStarted();
    sim.failNextBulkOperations(1);
    assertEquals(expected, ids(read(ShopifyResource.ORDERS, from, to, null)));
    assertEquals(started + 2, sim.counters().getBulkOperationsStarted(), "failed + the same again");
  }

  @Test
  void aWindowFailingEveryJobStopsAfterTwelveSplits() {
    // 64 seconds: six halvings of the first halves, then the one-second rest run again.
    Instant from = anOrdersUpdatedAt().minusSeconds(32);
    long started = sim.counters().getBulkOperationsStarted();
    sim.failNextBulkOperations(13);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> read(ShopifyResource.ORDERS, from, from.plusSeconds(64), null));
    assertTrue(
        e.getMessage().contains("failed (INTERNAL_SERVER_ERROR; its partial result is not used)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("after 12 splits"), e.getMessage());
    assertEquals(started + 13, sim.counters().getBulkOperationsStarted());
  }

  @Test
  void aWindowWhoseSecondHalvesKeepFailingStopsAfterTwelveSplits() {
    // 2^13 seconds, never down to one second in 12 halvings. Every job that ends at the window's
    // end fails (the whole, then each second half), every first half succeeds.
    Instant from = anOrdersUpdatedAt().minusSeconds(4096);
    Instant to = from.plusSeconds(8192);
    RecordingStore store = new RecordingStore();
    store.onSubmitted = key -> sim.failNextBulkOperations(key.to().equals(to) ? 0 : 1);
    sim.failNextBulkOperations(1);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> read(ShopifyResource.ORDERS, from, to, store));
    assertTrue(e.getMessage().contains("after 12 splits"), e.getMessage());
    assertEquals(25, store.submittedKeys.size(), "the whole, then 12 pairs of halves");
  }

  @Test
  void noFreeSlotWithinTheTimeoutStopsTheReadSayingWhatToDo() throws Exception {
    sim.setBulkRunSeconds(3600);
    for (int i = 0; i < 5; i++) {
      occupySlot();
    }
    CompletableFuture<IllegalStateException> read =
        CompletableFuture.supplyAsync(
            () ->
                assertThrows(
                    IllegalStateException.class,
                    () -> read(ShopifyResource.CUSTOMERS, Duration.ofSeconds(1))));
    String message = read.get(2, TimeUnit.MINUTES).getMessage();
    assertTrue(
        message.contains(
            "no bulk operation slot of acme.myshopify.com freed within --bulkTimeout=PT1S"),
        message);
    assertTrue(message.contains("--fetchMode=paged"), message);
  }

  @Test
  void aDownloadCutShortTwiceIsReadTheThirdTime() {
    long downloads = sim.counters().getRequests("bulk/download");
    sim.truncateNextBulkDownloads(2);
    assertEquals(
        expectedIds(ShopifyResource.CUSTOMERS),
        ids(read(ShopifyResource.CUSTOMERS, Duration.ofMinutes(5))).stream().distinct().toList());
    assertEquals(3, sim.counters().getRequests("bulk/download") - downloads);
  }

  @Test
  void theKeyHashesTheQueryText() {
    BulkJobStore.Key key =
        FetchBulkSliceFn.key("acme.myshopify.com", ShopifyResource.ORDERS, FROM, NOW, "abc");
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        key.queryHash(),
        "SHA-256 of abc");
    assertEquals(
        new BulkJobStore.Key("acme.myshopify.com", "orders", key.queryHash(), FROM, NOW), key);
  }

  @Test
  void pollsWaitTwiceAsLongEachTimeUpToTenSeconds() {
    assertEquals(Duration.ofMillis(500), FetchBulkSliceFn.nextWait(Duration.ofMillis(250)));
    assertEquals(Duration.ofSeconds(8), FetchBulkSliceFn.nextWait(Duration.ofSeconds(4)));
    assertEquals(Duration.ofSeconds(10), FetchBulkSliceFn.nextWait(Duration.ofSeconds(8)));
    assertEquals(Duration.ofSeconds(10), FetchBulkSliceFn.nextWait(Duration.ofSeconds(10)));
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
    return read(resource, FROM, NOW, timeout, store, readTimeout, entity -> {});
  }

  /** Reads [from, to) with a 5-minute bulk timeout. */
  private static List<ShopifyEntity> read(
      ShopifyResource resource, Instant from, Instant to, BulkJobStore store) {
    return read(
        resource, from, to, Duration.ofMinutes(5), store, Duration.ofSeconds(60), entity -> {});
  }

  /** Reads every customer in one slice; {@code onEach} sees every entity as it is output. */
  private static List<ShopifyEntity> readCustomers(Consumer<ShopifyEntity> onEach) {
    return read(
        ShopifyResource.CUSTOMERS,
        FROM,
        NOW,
        Duration.ofMinutes(5),
        null,
        Duration.ofSeconds(60),
        onEach);
  }

  /** Reads a slice of [from, to); {@code onEach} sees every entity as it is output. */
  private static List<ShopifyEntity> read(
      ShopifyResource resource,
      Instant from,
      Instant to,
      Duration timeout,
      BulkJobStore store,
      Duration readTimeout,
      Consumer<ShopifyEntity> onEach) {
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
          Slice.of("acme.myshopify.com", resource, from, to, Slice.UNKNOWN),
          new DoFn.OutputReceiver<ShopifyEntity>() {
            @Override
            public void output(ShopifyEntity entity) {
              out.add(entity);
              onEach.accept(entity);
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

  /** Reads the products of [FROM, NOW) with {@code store} and checks they are the shop's. */
  private static void assertReadsEveryProduct(BulkJobStore store) {
    assertEquals(
        expectedIds(ShopifyResource.PRODUCTS),
        ids(read(ShopifyResource.PRODUCTS, Duration.ofMinutes(5), store)));
  }

  /** The second at which an order in the middle of the shop's was last updated. */
  private static Instant anOrdersUpdatedAt() {
    List<Long> ids = expectedIds(ShopifyResource.ORDERS);
    ObjectNode order = sim.entity(Resource.ORDERS, ids.get(ids.size() / 2));
    return OffsetDateTime.parse(order.path("updated_at").asText()).toInstant();
  }

  /** Submits the products query of [FROM, NOW) directly and waits until it shows {@code status}. */
  private static String submittedProductsJob(String status) throws Exception {
    String id = submitDirect(GraphqlBulk.innerQuery(ShopifyResource.PRODUCTS, FROM, NOW));
    try (GraphqlReader reader = GraphqlReader.create(client(), new RequestObserver() {})) {
      waitFor(() -> status.equals(reader.bulk().poll(ShopifyResource.PRODUCTS, id).status()));
    }
    return id;
  }

  /**
   * A job store in memory that shows what a read recorded ({@code events}) and answers {@code
   * recorded} as the latest job of every key; {@code onSubmitted} runs after each submission.
   */
  private static final class RecordingStore implements BulkJobStore {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Key> submittedKeys = new CopyOnWriteArrayList<>();
    final Job recorded;
    volatile Consumer<Key> onSubmitted = key -> {};

    /** A store with nothing recorded. */
    RecordingStore() {
      this.recorded = null;
    }

    /** A store that answers a job {@code operationId} recorded RUNNING by an earlier run. */
    RecordingStore(String operationId) {
      this.recorded = new Job(operationId, "RUNNING");
    }

    @Override
    public Job latest(Key key) {
      return recorded;
    }

    @Override
    public void submitted(Key key, String operationId, Instant submittedAt) {
      events.add("submitted " + operationId);
      submittedKeys.add(key);
      onSubmitted.accept(key);
    }

    @Override
    public void ended(String operationId, String status, Instant finishedAt) {
      events.add("ended " + operationId + " " + status);
    }

    /** The operation id of the {@code n}th submission (from 0). */
    String submittedId(int n) {
      return events.stream()
          .filter(e -> e.startsWith("submitted "))
          .skip(n)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no submission " + n + ": " + events))
          .substring("submitted ".length());
    }
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
