package courier.shopify;

import static courier.shopify.ScriptedServer.chunked;
import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.javanet.NetHttpTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ShopifyHttp} on its own, without a rate governor (as the token exchange uses it) and with
 * time on a fake ticker: how many attempts each kind of answer gets, what is slept between them and
 * reported as waited, and the refusals a 4xx becomes.
 */
class ShopifyHttpTest {
  private static final String PATH = "/admin/api/2026-10/orders.json";
  private static final int MAX_ATTEMPTS = 3;
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(40);

  private ScriptedServer server;
  private final FakeTicker ticker = new FakeTicker();
  private final Waits waits = new Waits();

  /** Every wait the client reports, and its retries. */
  private static final class Waits implements RequestObserver {
    final List<Long> millis = new CopyOnWriteArrayList<>();
    final AtomicInteger retried = new AtomicInteger();
    final AtomicInteger throttled = new AtomicInteger();

    @Override
    public void waited(ShopifyResource resource, long waited) {
      millis.add(waited);
    }

    @Override
    public void retried(ShopifyResource resource) {
      retried.incrementAndGet();
    }

    @Override
    public void throttled(ShopifyResource resource) {
      throttled.incrementAndGet();
    }

    long total() {
      return millis.stream().mapToLong(Long::longValue).sum();
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ShopifyHttp http(Duration readTimeout) {
    ShopifyClientConfig config =
        ShopifyClientConfig.create()
            .withShop(ShopDomain.of("acme"))
            .withCredentials(ShopifyCredentials.accessTokenFromEnv("NO_SUCH_COURIER_TEST_VAR"))
            .withBaseUrl(server.baseUrl())
            .withReadTimeout(readTimeout)
            .withRetries(MAX_ATTEMPTS, INITIAL_BACKOFF, Duration.ofSeconds(1));
    return new ShopifyHttp(config, new NetHttpTransport(), null, null, waits, ticker);
  }

  private ShopifyHttp http() {
    return http(Duration.ofSeconds(60));
  }

  private static String text(java.io.InputStream body, Object headers) throws java.io.IOException {
    return new String(body.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void withoutAGovernorA429SleepsItsRetryAfterOnTheClientsOwnTicker() {
    server.then(json(429, "{}", Map.of("Retry-After", "5"))).then(json(200, "ok"));
    assertEquals("ok", http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertEquals(5_000_000_000L, ticker.sleptNanos());
    assertEquals(1, waits.throttled.get());
    assertEquals(0, waits.retried.get(), "a 429 does not use up the retry budget");
  }

  @Test
  void a429IsRetriedUpToAHundredTimesThenGivesUp() {
    server.otherwise(json(429, "{}", Map.of("Retry-After", "0")));
    ShopifyRetriesExhaustedException e =
        assertThrows(
            ShopifyRetriesExhaustedException.class,
            () -> http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertEquals(ShopifyHttp.MAX_THROTTLED_ATTEMPTS, e.attempts());
    assertEquals(ShopifyHttp.MAX_THROTTLED_ATTEMPTS, server.requests().size());
    assertEquals(429, e.status());
  }

  @Test
  void transientFailuresBackOffExponentiallyAndCountThrottlesAmongTheAttempts() {
    server.then(json(429, "{}", Map.of("Retry-After", "0"))).otherwise(json(430, "{}"));
    ShopifyRetriesExhaustedException e =
        assertThrows(
            ShopifyRetriesExhaustedException.class,
            () -> http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertEquals(1 + MAX_ATTEMPTS, e.attempts(), "one 429 and every attempt of the budget");
    assertEquals(430, e.status());
    assertEquals(MAX_ATTEMPTS - 1, waits.retried.get());
    // Backoffs of 40 ms then 80 ms, each jittered into [50%, 100%): between 60 and 120 ms in all.
    long sleptMillis = ticker.sleptNanos() / 1_000_000;
    assertTrue(sleptMillis >= 60 && sleptMillis < 120, sleptMillis + " ms");
    // Each backoff reported in whole ms: their sum may be 1 ms short of the whole.
    long reported = waits.total();
    assertTrue(reported <= sleptMillis && reported >= sleptMillis - 1, reported + " ms reported");
  }

  @Test
  void a499IsARefusalAndA5xxIsRetried() {
    server.then(json(499, "{\"errors\":\"client closed\"}"));
    ShopifyException refusal =
        assertThrows(
            ShopifyRequestException.class,
            () -> http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertEquals(499, refusal.status());
    assertEquals(1, server.requests().size());
    server.then(json(500, "{}")).then(json(200, "ok"));
    assertEquals("ok", http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
  }

  @Test
  void anEmptyErrorBodyAndAMissingTokenSourceStillGiveTheirRefusal() {
    server.then(json(400, "")).then(json(401, ""));
    ShopifyException bad =
        assertThrows(
            ShopifyRequestException.class,
            () -> http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertEquals(400, bad.status());
    ShopifyException unauthorized =
        assertThrows(
            ShopifyAccessException.class,
            () -> http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertTrue(
        unauthorized.getMessage().contains("NO_SUCH_COURIER_TEST_VAR"), unauthorized.getMessage());
  }

  @Test
  void chunkedBodiesAreReadWholeAndGzippedOnesGunzipped() {
    // Bigger than any buffer on the way, so the body crosses many chunks and reads.
    String big = "{\"orders\":[" + "{\"id\":1},".repeat(200_000) + "{\"id\":2}]}";
    server.then(chunked(200, big, false)).then(chunked(200, big, true));
    assertEquals(big, http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertEquals(big, http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    server.then(chunked(400, "{\"errors\":\"limit is not a number\"}", true));
    ShopifyException refusal =
        assertThrows(
            ShopifyRequestException.class,
            () -> http().get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertTrue(refusal.getMessage().contains("limit is not a number"), refusal.getMessage());
  }

  @Test
  void aGoneSubResourceIsNullOnlyWhereAskedFor() {
    server.then(json(404, "{\"errors\":\"Not Found\"}"));
    assertNull(http().getUnlessGone(ShopifyResource.CUSTOMERS, PATH, ShopifyHttpTest::text));
  }

  @Test
  void aTimeoutIsNamedAsOne() {
    server.otherwise(server.silentUntilClosed());
    ShopifyRetriesExhaustedException e =
        assertThrows(
            ShopifyRetriesExhaustedException.class,
            () ->
                http(Duration.ofMillis(200))
                    .get(ShopifyResource.ORDERS, PATH, ShopifyHttpTest::text));
    assertTrue(e.getMessage().contains("timeout: "), e.getMessage());
    assertInstanceOf(java.net.SocketTimeoutException.class, e.getCause());
  }

  @Test
  void thePacersWaitIsReportedBeforeEachAttempt() {
    server.then(json(503, "{}")).then(json(200, "ok"));
    String answer =
        http()
            .postJson(
                ShopifyResource.ORDERS,
                "/admin/api/2026-10/graphql.json",
                "{}".getBytes(StandardCharsets.UTF_8),
                () -> 7,
                ShopifyHttpTest::text);
    assertEquals("ok", answer);
    assertEquals(7, waits.millis.get(0));
    assertEquals(7, waits.millis.get(waits.millis.size() - 1), "and again before the retry");
    assertEquals(3, waits.millis.size(), "pacer, backoff, pacer");
  }
}
