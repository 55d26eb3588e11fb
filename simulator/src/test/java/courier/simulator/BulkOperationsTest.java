package courier.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk query operations: the inner query's rules, the JSONL built from the same view as paged
 * GraphQL (children with {@code __parentId} right after their parent), the state machine, the
 * concurrency limit, cancel, injected failures with a partial file, expired URLs, truncated
 * downloads and the counter. One simulator for the class; each test restores what it changed.
 */
class BulkOperationsTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
  private static final String RUN =
      "mutation Run($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) {"
          + " bulkOperation { id status } userErrors { field message code } } }";
  private static final String POLL =
      "query Poll($id: ID!) { node(id: $id) { ... on BulkOperation { id status errorCode"
          + " objectCount rootObjectCount fileSize url partialDataUrl completedAt } } }";
  private static final String PRODUCTS_BULK =
      "{ products(query: \"updated_at:>='2020-01-01T00:00:00Z'\") { edges { node {"
          + " id title tags variants { edges { node { id sku price } } } } } } }";
  private static final String PRODUCTS_PAGED =
      "query P($after: String) { products(first: 3, after: $after,"
          + " query: \"updated_at:>='2020-01-01T00:00:00Z'\") {"
          + " pageInfo { hasNextPage endCursor } nodes {"
          + " id title tags variants(first: 250) { nodes { id sku price } } } } }";
  private static final String ORDERS_BULK =
      "{ orders { edges { node { id name refunds { id }"
          + " lineItems { edges { node { id quantity } } }"
          + " shippingLines { edges { node { __typename title } } } } } } }";

  private static final String VARIANT = "variant { id sku price inventoryItem { id } }";
  private static final String ORDER_VARIANTS_BULK =
      "{ orders { edges { node { id lineItems { edges { node { id " + VARIANT + " } } } } } } }";
  private static final String ORDER_VARIANTS_PAGED =
      "query O($after: String) { orders(first: 3, after: $after) {"
          + " pageInfo { hasNextPage endCursor } nodes {"
          + " id lineItems(first: 50) { nodes { id "
          + VARIANT
          + " } } } } }";

  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim =
        ShopifySimulator.builder()
            .seed(23)
            .customers(30)
            .orders(60)
            .products(120)
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
    sim.setBulkRunSeconds(0);
    sim.failNextBulkOperations(0);
    sim.truncateNextBulkDownloads(0);
    sim.clock().set(NOW);
    sim.setScopes(
        Set.of(
            "read_customers", "read_orders", "read_all_orders", "read_products", "read_locations"));
  }

  @Test
  void theFileHoldsWhatPagedQueriesServeWithChildrenAfterTheirParent() throws IOException {
    long before = sim.counters().getBulkOperationsStarted();
    JsonNode done = waitForEnd(submit(PRODUCTS_BULK));
    assertEquals("COMPLETED", done.path("status").asText());
    List<JsonNode> lines = download(done.path("url").asText());

    List<JsonNode> expected = new ArrayList<>();
    Map<String, Object> v = new HashMap<>();
    v.put("after", null);
    while (true) {
      JsonNode page = GqlTestSupport.run(sim, PRODUCTS_PAGED, v).path("data").path("products");
      for (JsonNode product : page.path("nodes")) {
        var parent = product.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) parent).remove("variants");
        expected.add(parent);
        for (JsonNode variant : product.path("variants").path("nodes")) {
          var child = (com.fasterxml.jackson.databind.node.ObjectNode) variant.deepCopy();
          child.put("__parentId", product.path("id").asText());
          expected.add(child);
        }
      }
      if (!page.path("pageInfo").path("hasNextPage").asBoolean()) {
        break;
      }
      v.put("after", page.path("pageInfo").path("endCursor").asText());
    }
    assertEquals(120, expected.stream().filter(l -> !l.has("__parentId")).count());
    assertEquals(expected.size(), lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(expected.get(i), lines.get(i), "line " + (i + 1));
    }
    assertEquals(lines.size(), done.path("objectCount").asLong());
    assertEquals(120, done.path("rootObjectCount").asLong());
    assertTrue(done.path("fileSize").asLong() > 0);
    assertEquals(before + 1, sim.counters().getBulkOperationsStarted());
    JsonNode counters = TestHttp.json(TestHttp.get(sim, "/_sim/counters"));
    assertTrue(counters.path("bulkOperationsStarted").isNumber());
  }

  @Test
  void orderChildrenOfEveryConnectionFollowTheirOrderAndListsStayInline() throws IOException {
    JsonNode done = waitForEnd(submit(ORDERS_BULK));
    List<JsonNode> lines = download(done.path("url").asText());
    Set<String> parentsSeen = new HashSet<>();
    int lineItems = 0;
    int shippingLines = 0;
    for (JsonNode line : lines) {
      if (line.has("__parentId")) {
        assertTrue(parentsSeen.contains(line.path("__parentId").asText()), line.toString());
        lineItems += line.path("id").asText().startsWith("gid://shopify/LineItem/") ? 1 : 0;
        shippingLines += line.path("__typename").asText().equals("ShippingLine") ? 1 : 0;
      } else {
        assertTrue(line.path("refunds").isArray(), "refunds stay inline: " + line);
        assertFalse(line.has("lineItems"));
        parentsSeen.add(line.path("id").asText());
      }
    }
    assertEquals(sim.count(Resource.ORDERS), parentsSeen.size());
    assertTrue(lineItems >= parentsSeen.size());
    assertTrue(shippingLines > 0);
  }

  /**
   * Lines name the same variant many times; the writer renders each variant once per job
   * (BulkViewMemo): every line's variant is still the one the paged query serves for that line.
   */
  @Test
  void everyOrderLineNamesTheVariantPagedQueriesServe() throws IOException {
    Map<String, JsonNode> paged = new HashMap<>();
    Map<String, Object> v = new HashMap<>();
    v.put("after", null);
    while (true) {
      JsonNode answer = GqlTestSupport.run(sim, ORDER_VARIANTS_PAGED, v);
      assertTrue(answer.path("errors").isMissingNode(), answer.toString());
      JsonNode page = answer.path("data").path("orders");
      for (JsonNode order : page.path("nodes")) {
        for (JsonNode line : order.path("lineItems").path("nodes")) {
          paged.put(line.path("id").asText(), line.path("variant"));
        }
      }
      if (!page.path("pageInfo").path("hasNextPage").asBoolean()) {
        break;
      }
      v.put("after", page.path("pageInfo").path("endCursor").asText());
    }
    List<JsonNode> lines = download(waitForEnd(submit(ORDER_VARIANTS_BULK)).path("url").asText());
    Set<String> variants = new HashSet<>();
    int lineItems = 0;
    for (JsonNode line : lines) {
      if (line.has("__parentId")) {
        lineItems++;
        String id = line.path("id").asText();
        assertEquals(paged.get(id), line.path("variant"), "line item " + id);
        variants.add(line.path("variant").path("id").asText());
      }
    }
    assertEquals(paged.size(), lineItems);
    assertTrue(variants.size() < lineItems, "some variant is named by several lines");
  }

  @Test
  void queriesBreakingTheBulkRulesAreRefusedWithAUserError() {
    Map<String, String> refused =
        Map.of(
            "{ products(first: 10) { edges { node { id } } } }",
            "'first' argument",
            "{ node(id: \"gid://shopify/Product/1\") { id } }",
            "'node'",
            "{ shop { name } }",
            "at least one connection",
            "{ orders { edges { node { id refunds { refundLineItems { edges { node { id } } } } } } } }",
            "within a list field",
            "{ products { edges { node { gid: id variants { edges { node { id } } } } } } }",
            "without an alias",
            "{ orders { edges { node { id lineItems { edges { node { id } } }"
                + " shippingLines { edges { node { title } } }"
                + " discountApplications { edges { node { index } } }"
                + " fulfillmentOrders { edges { node { id lineItems { edges { node { id } } } } } }"
                + " } } } }",
            "more than 5 connections",
            "{ products { edges { node { nope } } } }",
            "Invalid bulk query");
    long before = sim.counters().getBulkOperationsStarted();
    refused.forEach(
        (query, message) -> {
          JsonNode payload = runQuery(query);
          assertTrue(payload.path("bulkOperation").isNull(), query);
          JsonNode error = payload.path("userErrors").path(0);
          assertTrue(error.path("message").asText().contains(message), error.toString());
          assertEquals("INVALID", error.path("code").asText());
        });
    assertEquals(before, sim.counters().getBulkOperationsStarted());
  }

  @Test
  void anOperationRunsAtLeastBulkRunSecondsAndCanBeCanceled() {
    sim.setBulkRunSeconds(600);
    String id = submit(PRODUCTS_BULK);
    JsonNode running = poll(id);
    assertTrue(Set.of("CREATED", "RUNNING").contains(running.path("status").asText()));
    assertTrue(running.path("url").isNull());
    assertEquals(id, current().path("id").asText());
    JsonNode canceled = cancel(id);
    assertTrue(canceled.path("userErrors").isEmpty(), canceled.toString());
    assertEquals("CANCELED", waitForEnd(id).path("status").asText());
    JsonNode again = cancel(id);
    assertTrue(again.path("userErrors").path(0).path("message").asText().contains("canceled"));
  }

  @Test
  void aSixthConcurrentOperationWaitsForASlot() {
    sim.setBulkRunSeconds(600);
    List<String> running = new ArrayList<>();
    for (int i = 0; i < BulkOperations.CONCURRENCY_LIMIT; i++) {
      running.add(submit(PRODUCTS_BULK));
    }
    JsonNode sixth = runQuery(PRODUCTS_BULK);
    assertTrue(sixth.path("bulkOperation").isNull());
    assertEquals("OPERATION_IN_PROGRESS", sixth.path("userErrors").path(0).path("code").asText());
    cancel(running.get(0));
    waitForEnd(running.get(0));
    running.add(submit(PRODUCTS_BULK));
    running.forEach(BulkOperationsTest::cancel);
    running.forEach(BulkOperationsTest::waitForEnd);
  }

  @Test
  void anInjectedFailureLeavesAPartialFileOfWholeLines() throws IOException {
    sim.failNextBulkOperations(1);
    JsonNode failed = waitForEnd(submit(PRODUCTS_BULK));
    assertEquals("FAILED", failed.path("status").asText());
    assertEquals("INTERNAL_SERVER_ERROR", failed.path("errorCode").asText());
    assertTrue(failed.path("url").isNull());
    List<JsonNode> partial = download(failed.path("partialDataUrl").asText());
    JsonNode whole = waitForEnd(submit(PRODUCTS_BULK));
    assertEquals("COMPLETED", whole.path("status").asText());
    List<JsonNode> all = download(whole.path("url").asText());
    assertTrue(!partial.isEmpty() && partial.size() < all.size(), partial.size() + " lines");
    assertEquals(all.subList(0, partial.size()), partial);
  }

  @Test
  void aMissingScopeFailsTheOperationWithAccessDenied() {
    sim.setScopes(Set.of("read_orders"));
    JsonNode failed = waitForEnd(submit(PRODUCTS_BULK));
    assertEquals("FAILED", failed.path("status").asText());
    assertEquals("ACCESS_DENIED", failed.path("errorCode").asText());
    assertTrue(failed.path("partialDataUrl").isNull());
  }

  @Test
  void aResultExpiresSevenDaysAfterCompletion() {
    JsonNode done = waitForEnd(submit(PRODUCTS_BULK));
    String url = done.path("url").asText();
    sim.clock().advance(Duration.ofDays(6));
    assertEquals("COMPLETED", poll(done.path("id").asText()).path("status").asText());
    sim.clock().advance(Duration.ofDays(2));
    JsonNode expired = poll(done.path("id").asText());
    assertEquals("EXPIRED", expired.path("status").asText());
    assertTrue(expired.path("url").isNull());
    assertEquals(403, TestHttp.getUrl(url, null).statusCode());
  }

  @Test
  void aTruncatedDownloadStopsShortOfTheFileSize() {
    JsonNode done = waitForEnd(submit(PRODUCTS_BULK));
    sim.truncateNextBulkDownloads(1);
    String url = done.path("url").asText();
    assertThrows(RuntimeException.class, () -> TestHttp.getUrl(url, null));
    HttpResponse<String> whole = TestHttp.getUrl(url, null);
    assertEquals(200, whole.statusCode());
    assertEquals(done.path("fileSize").asLong(), whole.body().getBytes().length);
  }

  @Test
  void aWrongTokenInTheUrlFindsNoFile() {
    JsonNode done = waitForEnd(submit(PRODUCTS_BULK));
    String url = done.path("url").asText();
    String forged = url.replaceAll("/[0-9a-f]{32}\\.jsonl$", "/" + "0".repeat(32) + ".jsonl");
    assertNotEquals(url, forged);
    assertEquals(404, TestHttp.getUrl(forged, null).statusCode());
  }

  // ------------------------------------------------------------------ helpers

  private static JsonNode runQuery(String query) {
    JsonNode answer = GqlTestSupport.run(sim, RUN, Map.of("q", query));
    assertTrue(answer.path("errors").isMissingNode(), answer.toString());
    return answer.path("data").path("bulkOperationRunQuery");
  }

  private static String submit(String query) {
    JsonNode payload = runQuery(query);
    assertTrue(payload.path("userErrors").isEmpty(), payload.toString());
    return payload.path("bulkOperation").path("id").asText();
  }

  private static JsonNode poll(String id) {
    return GqlTestSupport.run(sim, POLL, Map.of("id", id)).path("data").path("node");
  }

  private static JsonNode current() {
    return GqlTestSupport.run(sim, "{ currentBulkOperation { id status } }", Map.of())
        .path("data")
        .path("currentBulkOperation");
  }

  private static JsonNode cancel(String id) {
    return GqlTestSupport.run(
            sim,
            "mutation C($id: ID!) { bulkOperationCancel(id: $id) {"
                + " bulkOperation { id status } userErrors { field message } } }",
            Map.of("id", id))
        .path("data")
        .path("bulkOperationCancel");
  }

  /** Polls until the operation ends; the deadline only guards against a hang. */
  private static JsonNode waitForEnd(String id) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode op = poll(id);
      if (!Set.of("CREATED", "RUNNING", "CANCELING").contains(op.path("status").asText())) {
        return op;
      }
      HttpIo.pause(20);
    }
    throw new AssertionError("bulk operation " + id + " did not end");
  }

  private static List<JsonNode> download(String url) throws IOException {
    assertFalse(url.isEmpty());
    HttpResponse<String> response =
        TestHttp.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    assertEquals(200, response.statusCode());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      if (!line.isEmpty()) {
        lines.add(TestHttp.MAPPER.readTree(line));
      }
    }
    return lines;
  }
}
