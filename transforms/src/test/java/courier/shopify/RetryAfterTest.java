package courier.shopify;

import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.javanet.NetHttpTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A 429's {@code Retry-After}: parsed as Shopify sends it, and waited out in full by the next
 * attempt, in fake time (the governor's own pacing after a 429, 1.5 s on a 40-request bucket, must
 * not hide a longer Retry-After).
 */
class RetryAfterTest {
  private static final String COUNT = "/admin/api/2026-10/orders/count.json";

  @Test
  void theNextAttemptWaitsTheWholeRetryAfter() throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      server
          .then(
              json(
                  429,
                  "{\"errors\":\"Exceeded 2 calls per second\"}",
                  Map.of("Retry-After", "5", CallLimit.HEADER, "40/40")))
          .then(json(200, "{\"count\":7}"));
      FakeTicker clock = new FakeTicker();
      List<Long> waits = new CopyOnWriteArrayList<>();
      RequestObserver observer =
          new RequestObserver() {
            @Override
            public void waited(ShopifyResource resource, long millis) {
              waits.add(millis);
            }
          };
      ShopifyClientConfig config =
          ShopifyClientConfig.create()
              .withShop(ShopDomain.of("acme"))
              .withCredentials(ShopifyCredentials.accessTokenFromEnv("SHOPIFY_ACCESS_TOKEN"))
              .withBaseUrl(server.baseUrl());
      ShopifyHttp http =
          new ShopifyHttp(
              config,
              new NetHttpTransport(),
              new StaticAccessToken(config.credentials(), name -> "shpat_retry_after_test"),
              new ShopifyRateGovernor(clock, 8),
              observer,
              clock);
      long start = clock.nanoTime();

      long count =
          http.get(
              ShopifyResource.ORDERS,
              COUNT,
              (body, headers) -> ShopifyJson.mapper().readTree(body).get("count").asLong());

      assertEquals(7, count);
      assertEquals(2, server.requests().size());
      assertEquals(2, waits.size(), "one governor wait per attempt: " + waits);
      assertTrue(waits.get(1) >= 5_000, "waited " + waits.get(1) + " ms after Retry-After: 5");
      assertTrue(clock.nanoTime() - start >= Duration.ofSeconds(5).toNanos());
    }
  }

  @Test
  void retryAfterIsReadInSecondsWithFractions() {
    assertEquals(Duration.ofSeconds(5), retryAfter("5"));
    assertEquals(Duration.ofSeconds(2), retryAfter("2.0"));
    assertEquals(Duration.ofMillis(250), retryAfter("0.25"));
    assertEquals(Duration.ofMillis(1_500), retryAfter(" 1.5 "));
    assertEquals(Duration.ZERO, retryAfter("0"));
  }

  @Test
  void anAbsentOrUnreadableRetryAfterMeansOneSecond() {
    assertEquals(Duration.ofSeconds(1), retryAfter(null));
    for (String garbage :
        new String[] {
          "", "soon", "5s", "2,5", "Wed, 21 Oct 2026 07:28:00 GMT", "NaN", "Infinity"
        }) {
      assertEquals(Duration.ofSeconds(1), retryAfter(garbage), "Retry-After: " + garbage);
    }
  }

  @Test
  void aRetryAfterOutOfRangeIsClamped() {
    assertEquals(Duration.ZERO, retryAfter("-3"));
    assertEquals(Duration.ofHours(1), retryAfter("86400"));
  }

  private static Duration retryAfter(String value) {
    HttpHeaders headers = new HttpHeaders();
    if (value != null) {
      headers.set("Retry-After", value);
    }
    return ShopifyHttp.retryAfter(headers);
  }
}
