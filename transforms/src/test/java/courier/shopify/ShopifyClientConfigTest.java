package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ShopifyClientConfigTest {

  @Test
  void defaultsAndCopies() {
    ShopifyClientConfig base = ShopifyClientConfig.create();
    assertEquals("2026-10", base.apiVersion());
    ShopifyClientConfig changed =
        base.withApiVersion("2026-07")
            .withMaxConcurrentRequests(3)
            .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(40))
            .withReadTimeout(Duration.ofSeconds(5));
    assertEquals("2026-10", base.apiVersion(), "withX leaves the original alone");
    assertEquals("2026-07", changed.apiVersion());
    assertEquals(3, changed.maxConcurrentRequests());
    assertEquals(4, changed.maxAttempts());
    assertEquals(Duration.ofSeconds(5), changed.readTimeout());
  }

  @Test
  void invalidSettingsAreRefusedWithTheFix() {
    ShopifyClientConfig c = ShopifyClientConfig.create();
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> c.withApiVersion("2026-11"))
            .getMessage()
            .contains("2026-10"));
    assertRefused(() -> c.withMaxConcurrentRequests(0), "must be at least 1 (requests in flight)");
    assertRefused(
        () -> c.withRetries(0, Duration.ofSeconds(1), Duration.ofSeconds(2)),
        "maxAttempts must be at least 1");
    assertRefused(
        () -> c.withRetries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)),
        "max backoff PT1S is shorter than the initial backoff PT2S");
    assertRefused(() -> c.withConnectTimeout(Duration.ZERO), "connect timeout must be positive");
    assertTrue(
        assertThrows(IllegalArgumentException.class, c::checkComplete)
            .getMessage()
            .contains("withShop"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> c.withShop(ShopDomain.of("a")).checkComplete())
            .getMessage()
            .contains("withCredentials"));
  }

  @Test
  void backoffGrowsExponentiallyWithJitterUpToTheCap() {
    Duration initial = Duration.ofMillis(100);
    Duration max = Duration.ofSeconds(2);
    assertEquals(50_000_000, ShopifyHttp.backoffNanos(1, initial, max, 0.0));
    assertEquals(100_000_000, ShopifyHttp.backoffNanos(1, initial, max, 1.0), 1);
    assertEquals(400_000_000, ShopifyHttp.backoffNanos(3, initial, max, 1.0), 1);
    assertEquals(2_000_000_000, ShopifyHttp.backoffNanos(10, initial, max, 1.0), 1);
    assertEquals(1_000_000_000, ShopifyHttp.backoffNanos(60, initial, max, 0.0), 1);
  }

  private static void assertRefused(Executable call, String because) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertTrue(message.contains(because), message);
  }
}
