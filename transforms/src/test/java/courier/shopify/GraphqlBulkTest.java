package courier.shopify;

import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link GraphqlBulk} against a scripted loopback server: which resources have a bulk query and
 * which states still run, what submit, poll and cancel send and make of each answer (an operation
 * id, a full set of running jobs, an answer without either, an unknown operation), and how a result
 * file is opened: loopback or https only, a failed download named by its endpoint and never by its
 * signed URL, a stalled one cut by the read timeout.
 */
class GraphqlBulkTest extends GraphqlScriptedBase {
  private static final String OPERATION = "gid://shopify/BulkOperation/77";

  /** The query string of a signed result URL: a message must never show it. */
  private static final String SIGNATURE = "X-Goog-Signature=s3cr3t";

  @Test
  void onlyOrdersCustomersAndProductsHaveABulkQuery() {
    for (ShopifyResource resource : ShopifyResource.values()) {
      boolean bulk =
          resource == ShopifyResource.ORDERS
              || resource == ShopifyResource.CUSTOMERS
              || resource == ShopifyResource.PRODUCTS;
      assertEquals(bulk, GraphqlBulk.hasBulkQuery(resource), resource.path());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GraphqlBulk.innerQuery(ShopifyResource.LOCATIONS, FROM, TO));
    assertEquals("locations has no bulk query", e.getMessage());
  }

  @Test
  void createdRunningAndCancelingAreTheStatesThatStillChange() {
    for (String status : List.of("CREATED", "RUNNING", "CANCELING")) {
      assertTrue(GraphqlBulk.running(status), status);
    }
    for (String status : List.of("COMPLETED", "FAILED", "CANCELED", "EXPIRED")) {
      assertFalse(GraphqlBulk.running(status), status);
    }
  }

  @Test
  void submitSendsTheInnerQueryAndReturnsTheOperationId() throws Exception {
    server.then(
        json(
            200,
            "{\"data\":{\"bulkOperationRunQuery\":{\"bulkOperation\":{\"id\":\""
                + OPERATION
                + "\",\"status\":\"CREATED\"},\"userErrors\":[]}}}"));
    String inner = GraphqlBulk.innerQuery(ShopifyResource.CUSTOMERS, FROM, TO);

    assertEquals(OPERATION, reader().bulk().submit(ShopifyResource.CUSTOMERS, inner));
    assertEquals("BulkRun", sent(0).get("operationName").asText());
    assertEquals(inner, sent(0).get("variables").get("query").asText());
    assertEquals(TOKEN, server.requests().get(0).token());
  }

  @Test
  void submitReturnsNullWhileTheShopRunsAsManyBulkJobsAsItAllows() throws Exception {
    server.then(
        json(
            200,
            "{\"data\":{\"bulkOperationRunQuery\":{\"bulkOperation\":null,\"userErrors\":[{"
                + "\"field\":null,\"message\":\"A bulk query operation for this app and shop is"
                + " already in progress\",\"code\":\"OPERATION_IN_PROGRESS\"}]}}}"));
    assertNull(
        reader()
            .bulk()
            .submit(
                ShopifyResource.ORDERS, GraphqlBulk.innerQuery(ShopifyResource.ORDERS, FROM, TO)));
  }

  @Test
  void anAnswerWithNeitherIdNorUserErrorsIsRefusedNamingShopAndResource() throws Exception {
    server
        .then(
            json(
                200,
                "{\"data\":{\"bulkOperationRunQuery\":{\"bulkOperation\":null,\"userErrors\":[]}}}"))
        .then(
            json(
                200,
                "{\"data\":{\"bulkOperationRunQuery\":{\"bulkOperation\":{\"id\":7},"
                    + "\"userErrors\":[]}}}"))
        .then(json(200, "{\"data\":{\"bulkOperationRunQuery\":null}}"));
    GraphqlBulk bulk = reader().bulk();
    for (int answer = 0; answer < 3; answer++) {
      ShopifyRequestException e =
          assertThrows(
              ShopifyRequestException.class,
              () ->
                  bulk.submit(ShopifyResource.PRODUCTS, "{ products { edges { node { id } } } }"));
      assertEquals("acme.myshopify.com", e.shop());
      assertTrue(e.endpoint().endsWith("/graphql.json"), e.endpoint());
      assertTrue(
          e.getMessage().contains("accepted the bulk query for products but answered no"),
          e.getMessage());
      assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }
    assertEquals(3, server.requests().size(), "no answer is retried");
  }

  @Test
  void pollReadsTheOperationAndKnowsWhatIsNotThereYet() throws Exception {
    server
        .then(
            json(
                200,
                "{\"data\":{\"node\":{\"id\":\""
                    + OPERATION
                    + "\",\"status\":\"COMPLETED\",\"errorCode\":null,\"objectCount\":\"12\","
                    + "\"url\":\"https://storage.example/r.jsonl?"
                    + SIGNATURE
                    + "\",\"partialDataUrl\":null}}}"))
        .then(
            json(
                200,
                "{\"data\":{\"node\":{\"id\":\""
                    + OPERATION
                    + "\",\"status\":\"FAILED\",\"errorCode\":\"TIMEOUT\","
                    + "\"partialDataUrl\":\"https://storage.example/p.jsonl\"}}}"))
        .then(json(200, "{\"data\":{\"node\":null}}"))
        .then(json(200, "{\"data\":{\"node\":{}}}"));
    GraphqlBulk bulk = reader().bulk();

    assertEquals(
        new GraphqlBulk.Operation(
            OPERATION, "COMPLETED", null, 12, "https://storage.example/r.jsonl?" + SIGNATURE, null),
        bulk.poll(ShopifyResource.ORDERS, OPERATION));
    assertEquals(
        new GraphqlBulk.Operation(
            OPERATION, "FAILED", "TIMEOUT", 0, null, "https://storage.example/p.jsonl"),
        bulk.poll(ShopifyResource.ORDERS, OPERATION));
    assertNull(bulk.poll(ShopifyResource.ORDERS, OPERATION), "no such operation");
    assertNull(bulk.poll(ShopifyResource.ORDERS, OPERATION), "not a bulk operation");
    assertEquals("BulkOperation", sent(0).get("operationName").asText());
    assertEquals(OPERATION, sent(0).get("variables").get("id").asText());
  }

  @Test
  void cancelAsksOnceAndAnOperationThatEndedMeanwhileIsNoError() throws Exception {
    server
        .then(
            json(
                200,
                "{\"data\":{\"bulkOperationCancel\":{\"bulkOperation\":{\"id\":\""
                    + OPERATION
                    + "\",\"status\":\"CANCELING\"},\"userErrors\":[]}}}"))
        .then(
            json(
                200,
                "{\"data\":{\"bulkOperationCancel\":{\"bulkOperation\":null,\"userErrors\":[{"
                    + "\"field\":[\"id\"],\"message\":\"A bulk operation cannot be canceled"
                    + " when it is completed\"}]}}}"));
    GraphqlBulk bulk = reader().bulk();
    bulk.cancel(ShopifyResource.ORDERS, OPERATION);
    bulk.cancel(ShopifyResource.ORDERS, OPERATION);
    assertEquals(2, server.requests().size());
    assertEquals("BulkCancel", sent(1).get("operationName").asText());
    assertEquals(OPERATION, sent(1).get("variables").get("id").asText());
  }

  @Test
  void aResultFileIsStreamedWithoutTheTokenOnAConnectionThatIsNotKeptAlive() throws Exception {
    List<String> connectionHeaders = new CopyOnWriteArrayList<>();
    server.then(
        exchange -> {
          connectionHeaders.add(exchange.getRequestHeaders().getFirst("Connection"));
          byte[] body = "{\"id\":\"gid://shopify/Customer/1\"}\n".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    String text;
    try (InputStream in = reader().bulk().open(server.baseUrl() + "/r.jsonl?" + SIGNATURE)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals("{\"id\":\"gid://shopify/Customer/1\"}\n", text);
    assertEquals(List.of("close"), connectionHeaders);
    assertEquals(null, server.requests().get(0).token(), "a signed URL needs no token");
    assertEquals("/r.jsonl?" + SIGNATURE, server.requests().get(0).pathAndQuery());
  }

  @Test
  void aRefusedDownloadNamesTheEndpointAndSaysWhenTheUrlHasExpired() throws Exception {
    server.then(json(403, "denied")).then(json(500, "broken"));
    GraphqlBulk bulk = reader().bulk();
    String url = server.baseUrl() + "/r.jsonl?" + SIGNATURE;

    IOException expired = assertThrows(IOException.class, () -> bulk.open(url));
    assertEquals(
        server.baseUrl() + " answered HTTP 403 (its URL has probably expired)",
        expired.getMessage());
    IOException broken = assertThrows(IOException.class, () -> bulk.open(url));
    assertEquals(server.baseUrl() + " answered HTTP 500", broken.getMessage());
  }

  @Test
  void aDownloadThatSendsNothingFailsAfterTheReadTimeoutNamingOnlyTheEndpoint() throws Exception {
    server.then(server.silentUntilClosed());
    GraphqlBulk bulk = bulkWithReadTimeout(Duration.ofMillis(200));
    SocketTimeoutException e =
        assertThrows(
            SocketTimeoutException.class,
            () -> bulk.open(server.baseUrl() + "/r.jsonl?" + SIGNATURE));
    assertTrue(
        e.getMessage().startsWith(server.baseUrl() + " sent no response within PT0.2S"),
        e.getMessage());
    assertFalse(e.getMessage().contains(SIGNATURE), e.getMessage());
  }

  @Test
  void onlyHttpsOrLoopbackUrlsAreOpened() throws Exception {
    GraphqlBulk bulk = reader().bulk();
    IOException plain =
        assertThrows(
            IOException.class, () -> bulk.open("http://storage.example/r.jsonl?" + SIGNATURE));
    assertEquals("a bulk result URL must be https (or loopback in tests)", plain.getMessage());
    // https passes the check: 0.0.0.0 is no loopback literal, yet port 1 there refuses at once,
    // so the attempt stays on this machine.
    IOException refused =
        assertThrows(IOException.class, () -> bulk.open("https://0.0.0.0:1/r.jsonl"));
    assertInstanceOf(java.net.ConnectException.class, refused, refused.toString());
    assertEquals(0, server.requests().size());
  }

  @Test
  void anEndpointIsSchemeHostAndPortOnly() {
    assertEquals(
        "https://storage.example", GraphqlBulk.endpoint("https://storage.example/r?" + SIGNATURE));
    assertEquals("http://127.0.0.1:8080", GraphqlBulk.endpoint("http://127.0.0.1:8080/r"));
    assertEquals("http://127.0.0.1:0", GraphqlBulk.endpoint("http://127.0.0.1:0/r"));
  }

  private GraphqlBulk bulkWithReadTimeout(Duration readTimeout) throws Exception {
    return reader(config().withReadTimeout(readTimeout)).bulk();
  }
}
