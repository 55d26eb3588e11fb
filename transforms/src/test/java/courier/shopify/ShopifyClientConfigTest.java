package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

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
    assertThrows(IllegalArgumentException.class, () -> c.withMaxConcurrentRequests(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> c.withRetries(0, Duration.ofSeconds(1), Duration.ofSeconds(2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> c.withRetries(3, Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> c.withConnectTimeout(Duration.ZERO));
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
}
