package courier.shopify;

import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's retry, refusal and header handling against exact response sequences over loopback
 * HTTP.
 */
class ShopifyClientScriptedTest {
  private static final String TOKEN = "shpat_scripted_token_value";
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");
  private static final String PAGE =
      "{\"orders\":[{\"id\":12,\"updated_at\":\"2026-01-02T00:00:00Z\"},"
          + "{\"id\":9007199254740993,\"updated_at\":\"2026-01-03T00:00:00Z\"}]}";

  @TempDir Path dir;
  private ScriptedServer server;
  private Path tokenFile;

  /** Counts what the client reports. */
  private static final class Tally implements RequestObserver {
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger throttled = new AtomicInteger();
    final AtomicInteger retried = new AtomicInteger();

    @Override
    public void requestSent(ShopifyResource resource) {
      requests.incrementAndGet();
    }

    @Override
    public void throttled(ShopifyResource resource) {
      throttled.incrementAndGet();
    }

    @Override
    public void retried(ShopifyResource resource) {
      retried.incrementAndGet();
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedServer();
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /**
   * The default read timeout (60 s): no answer of a loaded machine's loopback server comes so late
   * that it turns into a failure nobody scripted and uses up an attempt.
   */
  private ShopifyClientConfig config() {
    return ShopifyClientConfig.create()
        .withShop(ShopDomain.of("acme"))
        .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile.toString()))
        .withBaseUrl(server.baseUrl())
        .withRetries(4, Duration.ofMillis(1), Duration.ofMillis(5));
  }

  private ShopifyClient client(Tally tally) {
    return ShopifyClient.create(config(), tally);
  }

  @Test
  void aPageIsRequestedWithTheKeysetAndInclusiveWindowFilters() {
    server.then(json(200, PAGE));
    List<ObjectNode> page = client(new Tally()).listUpdated(ShopifyResource.ORDERS, FROM, TO, 5, 2);
    assertEquals(List.of(12L, 9_007_199_254_740_993L), page.stream().map(ShopifyJson::id).toList());
    ScriptedServer.Request request = server.requests().get(0);
    assertEquals(
        "/admin/api/2026-10/orders.json?since_id=5&limit=2&status=any"
            + "&updated_at_min=2026-01-01T00:00:00Z&updated_at_max=2026-02-01T00:00:00Z",
        request.pathAndQuery());
    assertEquals(TOKEN, request.token());
  }

  @Test
  void throttlingIsWaitedOutAndTransientFailuresAreRetried() {
    server
        .then(
            json(429, "{\"errors\":\"Exceeded 2 calls per second\"}", Map.of("Retry-After", "0.2")))
        .then(json(502, "<html>502 Bad Gateway</html>"))
        .then(ScriptedServer.reset())
        .then(ScriptedServer.truncated(PAGE))
        .then(json(200, PAGE));
    Tally tally = new Tally();
    assertEquals(2, client(tally).listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, 2).size());
    assertEquals(5, server.requests().size());
    assertEquals(1, tally.throttled.get());
    // The JDK's HttpURLConnection itself resends a GET once when the connection drops before the
    // status line, so the reset may be absorbed below the client (which then sees 4 attempts).
    assertTrue(
        tally.retried.get() == 2 || tally.retried.get() == 3, "502, truncated body (and reset)");
    assertEquals(tally.throttled.get() + tally.retried.get() + 1, tally.requests.get());
  }

  @Test
  void aReadTimeoutIsRetried() {
    server.then(server.silentUntilClosed()).then(json(200, PAGE));
    Tally tally = new Tally();
    // The first answer never comes, so its timeout expires whatever the load; a timeout of the
    // second (a loaded machine, a short timeout) is one more retry, not a failure of the test.
    ShopifyClient client =
        ShopifyClient.create(
            config()
                .withReadTimeout(Duration.ofSeconds(1))
                .withRetries(10, Duration.ofMillis(1), Duration.ofMillis(5)),
            tally);
    // Generous for a 1 s timeout, yet shorter than the 20 s google-http-client would wait by
    // default and the minute the server holds the answer.
    List<ObjectNode> page =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () -> client.listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, 2),
            "the read timeout did not end the silent request");
    assertEquals(2, page.size());
    assertTrue(tally.retried.get() >= 1, "the timed-out request was retried");
    assertEquals(tally.retried.get() + 1, server.requests().size());
  }

  @Test
  void persistentFailureGivesUpNamingShopEndpointStatusAndAttempts() {
    server.otherwise(json(503, "{\"errors\":\"Service Unavailable\"}"));
    ShopifyRetriesExhaustedException e =
        assertThrows(
            ShopifyRetriesExhaustedException.class,
            () -> client(new Tally()).count(ShopifyResource.CUSTOMERS, FROM, TO));
    assertEquals(4, e.attempts());
    assertEquals(503, e.status());
    assertEquals("acme.myshopify.com", e.shop());
    assertTrue(
        e.endpoint().startsWith("/admin/api/2026-10/customers/count.json?updated_at_min="),
        e.endpoint());
    assertTrue(
        e.getMessage().contains("Gave up on GET /admin/api/2026-10/customers/count.json")
            && e.getMessage().contains("after 4 attempts")
            && e.getMessage().contains("HTTP 503"),
        e.getMessage());
    assertEquals(4, server.requests().size());
  }

  @Test
  void aBadRequestIsABugReportedWithTheBody() {
    server.then(json(400, "{\"errors\":{\"updated_at_min\":\"is not a valid date\"}}"));
    ShopifyRequestException e =
        assertThrows(
            ShopifyRequestException.class,
            () -> client(new Tally()).count(ShopifyResource.ORDERS, FROM, TO));
    assertTrue(e.getMessage().contains("is not a valid date"), e.getMessage());
    assertEquals(1, server.requests().size(), "never retried");
  }

  @Test
  void a401RereadsTheTokenSourceOnceSoARotatedTokenIsPickedUp() throws Exception {
    server
        .then(
            exchange -> {
              Files.writeString(tokenFile, "shpat_rotated");
              json(401, "{\"errors\":\"[API] Invalid API key or access token\"}").send(exchange);
            })
        .then(json(200, "{\"count\":3}"));
    // A fresh origin key per test: the token source is shared per origin and credentials.
    assertEquals(3, client(new Tally()).count(ShopifyResource.ORDERS, FROM, TO));
    assertEquals(
        List.of(TOKEN, "shpat_rotated"),
        server.requests().stream().map(ScriptedServer.Request::token).toList());
  }

  @Test
  void a401WithNoNewTokenStopsWithTheSourceToFix() {
    server.otherwise(json(401, "{\"errors\":\"[API] Invalid API key or access token\"}"));
    ShopifyAccessException e =
        assertThrows(
            ShopifyAccessException.class,
            () -> client(new Tally()).count(ShopifyResource.ORDERS, FROM, TO));
    assertEquals(401, e.status());
    assertTrue(e.getMessage().contains("access token from file " + tokenFile), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN));
    assertEquals(
        1,
        server.requests().size(),
        "the source still holds the rejected token: no point retrying");
  }

  @Test
  void wireDebugLoggingTurnedOnByAnOperatorCannotPrintTheToken() {
    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record.getLoggerName() + ": " + new SimpleFormatter().formatMessage(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.ALL);
    List<Logger> wire =
        List.of(
            Logger.getLogger("com.google.api.client.http.HttpTransport"),
            Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection"));
    for (Logger logger : wire) {
      logger.setLevel(Level.ALL); // what "<logger>.level = ALL" in a logging.properties does
      logger.addHandler(capture);
    }
    try {
      server.then(json(200, PAGE));
      assertEquals(
          2, client(new Tally()).listUpdated(ShopifyResource.ORDERS, FROM, TO, 5, 2).size());
      assertTrue(
          logged.stream().noneMatch(line -> line.contains(TOKEN)), String.join("\n", logged));
      for (Logger logger : wire) {
        assertEquals(Level.INFO, logger.getLevel(), logger.getName());
      }
    } finally {
      wire.forEach(logger -> logger.removeHandler(capture));
    }
  }

  @Test
  void redirectsAreNotFollowedSoTheTokenStaysWithTheShop() throws Exception {
    try (ScriptedServer elsewhere = new ScriptedServer()) {
      server.then(
          json(
              301,
              "",
              Map.of("Location", elsewhere.baseUrl() + "/admin/api/2026-10/locations.json")));
      ShopifyAccessException e =
          assertThrows(ShopifyAccessException.class, () -> client(new Tally()).locations());
      assertEquals(301, e.status());
      assertTrue(
          e.getMessage().contains("the courier does not follow redirects")
              && e.getMessage().contains("(HTTP 301)"),
          e.getMessage());
      assertTrue(elsewhere.requests().isEmpty());
    }
  }

  @Test
  void aServedVersionOtherThanTheOneAskedForIsLoggedOnce() {
    Map<String, String> headers =
        Map.of(
            "X-Shopify-API-Version",
            "2026-01",
            "X-Shopify-API-Deprecated-Reason",
            "https://shopify.dev/changelog/x");
    server
        .then(json(200, "{\"locations\":[]}", headers))
        .then(json(200, "{\"locations\":[]}", headers));
    String output;
    try (CapturedOutput captured = new CapturedOutput()) {
      ShopifyClient client = client(new Tally());
      client.locations();
      client.locations();
      output = captured.text();
    }
    assertEquals(1, count(output, "Shopify served API version 2026-01"), output);
    assertEquals(
        1, count(output, "/admin/api/2026-10/locations.json (API 2026-10) as deprecated"), output);
  }

  @Test
  void customerAddressesFollowTheNextCursorOnOurOwnOrigin() {
    String next =
        "<https://elsewhere.example/admin/api/2026-10/customers/7/addresses.json?limit=250&page_info=p2>; rel=\"next\"";
    server
        .then(json(200, "{\"addresses\":[{\"id\":1},{\"id\":2}]}", Map.of("Link", next)))
        .then(json(200, "{\"addresses\":[{\"id\":3}]}"))
        .then(json(404, "{\"errors\":\"Not Found\"}"));
    ShopifyClient client = client(new Tally());
    assertEquals(3, client.customerAddresses(7).orElseThrow().size());
    assertEquals(
        "/admin/api/2026-10/customers/7/addresses.json?limit=250&page_info=p2",
        server.requests().get(1).pathAndQuery());
    assertTrue(
        client.customerAddresses(8).isEmpty(),
        "a customer deleted meanwhile has no addresses to read");
  }

  @Test
  void clientCredentialsAreExchangedOnceAndRenewedOnceAfterA401() throws Exception {
    String secret = "cc_scripted_secret_value";
    Path secretFile = dir.resolve("secret");
    Files.writeString(secretFile, secret);
    server
        .then(
            json(
                200,
                "{\"access_token\":\"shpat_first\",\"scope\":\"read_orders\",\"expires_in\":86399}"))
        .then(json(200, "{\"count\":1}"))
        .then(json(401, "{\"errors\":\"[API] Invalid API key or access token\"}"))
        .then(
            json(
                200,
                "{\"access_token\":\"shpat_second\",\"scope\":\"read_orders\",\"expires_in\":86399}"))
        .then(json(200, "{\"count\":2}"));
    ShopifyClient client =
        ShopifyClient.create(
            ShopifyClientConfig.create()
                .withShop(ShopDomain.of("acme"))
                .withCredentials(
                    ShopifyCredentials.clientCredentials(
                        "client-9", SecretSource.file(secretFile.toString())))
                .withBaseUrl(server.baseUrl())
                .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(2)),
            new Tally());
    String output;
    try (CapturedOutput captured = new CapturedOutput()) {
      assertEquals(1, client.countAll(ShopifyResource.ORDERS));
      assertEquals(2, client.countAll(ShopifyResource.ORDERS));
      output = captured.text();
    }
    List<ScriptedServer.Request> requests = server.requests();
    assertEquals(
        "POST /admin/oauth/access_token",
        requests.get(0).method() + " " + requests.get(0).pathAndQuery());
    assertEquals(
        "grant_type=client_credentials&client_id=client-9&client_secret=" + secret,
        requests.get(0).body());
    assertEquals(
        java.util.Arrays.asList(null, "shpat_first", "shpat_first", null, "shpat_second"),
        requests.stream().map(ScriptedServer.Request::token).toList());
    assertTrue(output.contains("renewed after a 401"), output);
    assertFalse(
        output.contains(secret)
            || output.contains("shpat_first")
            || output.contains("shpat_second"),
        output);
  }

  @Test
  void refusedClientCredentialsSayWhatToCheck() throws Exception {
    Path secretFile = dir.resolve("secret");
    Files.writeString(secretFile, "wrong");
    server.then(
        json(
            400,
            "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}"));
    ShopifyClient client =
        ShopifyClient.create(
            ShopifyClientConfig.create()
                .withShop(ShopDomain.of("acme"))
                .withCredentials(
                    ShopifyCredentials.clientCredentials(
                        "client-9", SecretSource.file(secretFile.toString())))
                .withBaseUrl(server.baseUrl()),
            new Tally());
    ShopifyAccessException e =
        assertThrows(ShopifyAccessException.class, () -> client.countAll(ShopifyResource.ORDERS));
    assertEquals(400, e.status());
    assertTrue(
        e.getMessage().contains("refused the client credentials")
            && e.getMessage().contains("invalid_client")
            && e.getMessage().contains("secret from file " + secretFile),
        e.getMessage());
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
