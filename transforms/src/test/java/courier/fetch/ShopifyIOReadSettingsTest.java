package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import courier.shopify.ShopDomain;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;

/** What each of the read's settings sets, and which values it refuses, without a pipeline. */
class ShopifyIOReadSettingsTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

  private static Map<String, String> display(ShopifyIO.Read read) {
    return DisplayData.from(read).items().stream()
        .collect(
            Collectors.toMap(DisplayData.Item::getKey, item -> String.valueOf(item.getValue())));
  }

  @Test
  void everyClientSettingReachesTheClientConfig() {
    ShopifyIO.Read read =
        ShopifyIO.read()
            .withShop("acme")
            .withApiVersion("2026-07")
            .withConnectTimeout(Duration.ofSeconds(3))
            .withReadTimeout(Duration.ofSeconds(4))
            .withMaxConcurrentRequests(3)
            .withTransport(Transport.REST)
            .withRetries(5, Duration.ofMillis(10), Duration.ofMillis(20));
    ShopifyClientConfig client = read.client();
    assertEquals(ShopDomain.of("acme"), client.shop());
    assertEquals("2026-07", client.apiVersion());
    assertEquals(Duration.ofSeconds(3), client.connectTimeout());
    assertEquals(Duration.ofSeconds(4), client.readTimeout());
    assertEquals(3, client.maxConcurrentRequests());
    assertEquals(Transport.REST, read.transport());
    assertEquals(5, client.maxAttempts());

    ShopifyClientConfig replacement =
        ShopifyClientConfig.create().withShop(ShopDomain.of("other")).withApiVersion("2026-04");
    assertEquals(replacement, read.withClientConfig(replacement).client());
  }

  @Test
  void thePageSizeIsOneToTwoHundredFifty() {
    assertEquals(1, ShopifyIO.read().withPageSize(1).pageSize());
    assertEquals(250, ShopifyIO.read().withPageSize(250).pageSize());
    for (int size : new int[] {0, 251}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ShopifyIO.read().withPageSize(size));
      assertEquals(
          "must be between 1 and 250 (Shopify's largest page), got " + size, e.getMessage());
    }
  }

  @Test
  void theTargetSliceRecordsAndProgressIntervalMustBePositive() {
    assertEquals(1, ShopifyIO.read().withTargetSliceRecords(1).targetSliceRecords());
    assertEquals(
        "must be at least 1, got 0",
        assertThrows(
                IllegalArgumentException.class, () -> ShopifyIO.read().withTargetSliceRecords(0))
            .getMessage());
    assertEquals(
        Duration.ofMillis(1),
        ShopifyIO.read().withProgressInterval(Duration.ofMillis(1)).progressInterval());
    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertEquals(
          "progress interval must be positive, got " + bad,
          assertThrows(
                  IllegalArgumentException.class, () -> ShopifyIO.read().withProgressInterval(bad))
              .getMessage());
    }
  }

  @Test
  void displayDataNamesTheReadButNeverASecret() {
    ShopifyIO.Read read =
        ShopifyIO.read()
            .withShop("acme")
            .withCredentials(ShopifyCredentials.accessTokenFromEnv("SHOP_TOKEN"))
            .withResources(ShopifyResource.ORDERS)
            .withUpdatedWindow(FROM, TO)
            .withPageSize(50)
            .withTargetSliceRecords(700)
            .withMaxConcurrentRequests(2);
    Map<String, String> display = display(read);
    assertEquals("acme.myshopify.com", display.get("shop"));
    assertEquals(FROM.toString(), display.get("updatedFrom"));
    assertEquals(TO.toString(), display.get("updatedTo"));
    assertEquals("50", display.get("pageSize"));
    assertEquals("700", display.get("targetSliceRecords"));
    assertEquals("2", display.get("maxConcurrentRequests"));
    assertEquals("[ORDERS]", display.get("resources"));
    assertEquals(read.client().apiVersion(), display.get("apiVersion"));
    assertEquals(read.transport().spelling(), display.get("transport"));
    assertEquals(String.valueOf(read.client().credentials()), display.get("credentials"));

    Map<String, String> unset = display(ShopifyIO.read());
    assertFalse(unset.containsKey("shop"), "no shop yet: no item");
    assertFalse(unset.containsKey("updatedFrom"));
    assertFalse(unset.containsKey("updatedTo"));
  }
}
