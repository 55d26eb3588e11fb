package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopDomain;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    // Items a caller sets on the transform (Beam's setDisplayData) are kept beside the read's.
    ShopifyIO.Read labeled = ShopifyIO.read();
    labeled.setDisplayData(List.of(DisplayData.item("team", "growth")));
    assertEquals("growth", display(labeled).get("team"));
    assertEquals("auto", display(labeled).get("fetchMode"));
  }

  /** Records nothing: only its identity is checked. */
  private static final class NoJobs implements BulkJobStore {
    @Override
    public BulkJobStore.Job latest(BulkJobStore.Key key) {
      return null;
    }

    @Override
    public void submitted(BulkJobStore.Key key, String operationId, Instant submittedAt) {}

    @Override
    public void ended(String operationId, String status, Instant finishedAt) {}
  }

  private static String refusal(Class<? extends RuntimeException> type, Runnable setting) {
    return assertThrows(type, setting::run).getMessage();
  }

  @Test
  void theFetchSettingsCarryEveryValueSetAndADistinctRunKey() {
    BulkJobStore store = new NoJobs();
    ShopifyIO.Read read =
        ShopifyIO.read()
            .withShop("acme")
            .withBaseUrl("http://127.0.0.1:8080")
            .withPageSize(40)
            .withTargetSliceRecords(900)
            .withProgressInterval(Duration.ofSeconds(7))
            .withFetchMode(FetchMode.BULK)
            .withBulkThreshold(0)
            .withMaxBulkJobs(1)
            .withBulkTimeout(Duration.ofMinutes(3))
            .withBulkJobStore(store);
    assertEquals("http://127.0.0.1:8080", read.clientConfig().baseUrl());
    assertSame(read.client(), read.clientConfig());
    FetchSettings settings = read.settings();
    assertEquals(read.clientConfig(), settings.client());
    assertEquals(40, settings.pageSize());
    assertEquals(900, settings.targetSliceRecords());
    assertEquals(Duration.ofSeconds(7), settings.progressInterval());
    assertEquals(FetchMode.BULK, read.fetchMode());
    assertEquals(
        new BulkSettings(FetchMode.BULK, 0, 1, Duration.ofMinutes(3), store), settings.bulk());
    assertTrue(settings.runKey().startsWith("acme.myshopify.com#"), settings.runKey());
    assertNotEquals(settings.runKey(), read.settings().runKey(), "one key per application");
  }

  @Test
  void theBulkDefaultsAreAutoAboveAThousandFiveJobsTwoHoursAndNoStore() {
    ShopifyIO.Read read = ShopifyIO.read().withShop("acme");
    assertEquals(
        new BulkSettings(FetchMode.AUTO, 1_000, 5, Duration.ofHours(2), null),
        read.settings().bulk());
    assertEquals(250, read.settings().pageSize());
    assertEquals(5_000, read.settings().targetSliceRecords());
    assertEquals(Duration.ofSeconds(5), read.settings().progressInterval());
  }

  @Test
  void everySettingReturnsANewReadAndLeavesTheOriginalAlone() {
    ShopifyIO.Read base = ShopifyIO.read().withShop("acme");
    ShopifyIO.Read changed =
        base.withBaseUrl("http://127.0.0.1:9")
            .withFetchMode(FetchMode.PAGED)
            .withBulkThreshold(7)
            .withMaxBulkJobs(2)
            .withBulkTimeout(Duration.ofMinutes(1))
            .withBulkJobStore(new NoJobs())
            .withTablesByResource(Map.of(ShopifyResource.ORDERS, List.of("orders")))
            .withRereadIds(Map.of(ShopifyResource.ORDERS, List.of(5L)));
    assertEquals(ShopifyIO.read().withShop("acme"), base);
    assertNotEquals(base, changed);
    assertEquals("https://acme.myshopify.com", base.clientConfig().baseUrl());
    assertEquals(
        new BulkSettings(FetchMode.AUTO, 1_000, 5, Duration.ofHours(2), null),
        base.settings().bulk());
    assertEquals(Map.of(), base.tablesByResource());
    assertEquals(Map.of(), base.rereadIds());
    assertEquals(Map.of(ShopifyResource.ORDERS, List.of(5L)), changed.rereadIds());
  }

  @Test
  void theBulkSettingsRefuseValuesOutsideTheirRangeSayingWhatFits() {
    assertEquals(0, ShopifyIO.read().withBulkThreshold(0).bulkThreshold());
    assertEquals(
        "must be at least 0, got -1",
        refusal(IllegalArgumentException.class, () -> ShopifyIO.read().withBulkThreshold(-1)));
    assertEquals(1, ShopifyIO.read().withMaxBulkJobs(1).maxBulkJobs());
    assertEquals(5, ShopifyIO.read().withMaxBulkJobs(4).withMaxBulkJobs(5).maxBulkJobs());
    for (int jobs : new int[] {0, 6}) {
      assertEquals(
          "must be between 1 and 5 (Shopify runs at most 5 bulk queries at once per app and"
              + " shop), got "
              + jobs,
          refusal(IllegalArgumentException.class, () -> ShopifyIO.read().withMaxBulkJobs(jobs)));
    }
    assertEquals(
        Duration.ofNanos(1), ShopifyIO.read().withBulkTimeout(Duration.ofNanos(1)).bulkTimeout());
    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertEquals(
          "must be positive, e.g. PT2H, got " + bad,
          refusal(IllegalArgumentException.class, () -> ShopifyIO.read().withBulkTimeout(bad)));
    }
    assertEquals(
        "mode", refusal(NullPointerException.class, () -> ShopifyIO.read().withFetchMode(null)));
    assertEquals(
        "store",
        refusal(NullPointerException.class, () -> ShopifyIO.read().withBulkJobStore(null)));
  }

  @Test
  void aBaseUrlOffLoopbackIsRefused() {
    String message =
        refusal(
            IllegalArgumentException.class,
            () -> ShopifyIO.read().withBaseUrl("http://shop.example.com"));
    assertTrue(message.contains("loopback"), message);
  }

  @Test
  void theTablesByResourceAreACopy() {
    List<String> names = new ArrayList<>(List.of("orders", "order_lines"));
    Map<ShopifyResource, List<String>> tables = new HashMap<>();
    tables.put(ShopifyResource.ORDERS, names);
    tables.put(ShopifyResource.CUSTOMERS, List.of("customers"));
    ShopifyIO.Read read = ShopifyIO.read().withTablesByResource(tables);
    names.add("later");
    tables.remove(ShopifyResource.CUSTOMERS);
    assertEquals(
        Map.of(
            ShopifyResource.ORDERS,
            List.of("orders", "order_lines"),
            ShopifyResource.CUSTOMERS,
            List.of("customers")),
        read.tablesByResource());
  }

  @Test
  void rereadIdsAreSortedWithoutRepeatsAndEmptyListsDropped() {
    Map<ShopifyResource, List<Long>> ids = new HashMap<>();
    ids.put(ShopifyResource.ORDERS, List.of(9L, 3L, 9L, 1L));
    ids.put(ShopifyResource.PRODUCTS, List.of());
    ids.put(ShopifyResource.CUSTOMERS, List.of(4L));
    ShopifyIO.Read read = ShopifyIO.read().withRereadIds(ids);
    assertEquals(
        Map.of(ShopifyResource.ORDERS, List.of(1L, 3L, 9L), ShopifyResource.CUSTOMERS, List.of(4L)),
        read.rereadIds());
    assertFalse(read.rereadIds().containsKey(ShopifyResource.PRODUCTS));
  }

  @Test
  void resourcesReadWholeCannotBeRereadById() {
    for (ShopifyResource whole : Set.of(ShopifyResource.LOCATIONS, ShopifyResource.SEGMENTS)) {
      assertEquals(
          whole.path() + " cannot be read by id; every run reads all of them",
          refusal(
              IllegalArgumentException.class,
              () -> ShopifyIO.read().withRereadIds(Map.of(whole, List.of(1L)))));
    }
  }

  @Test
  void noResourcesAtAllIsRefusedNamingThem() {
    String expected =
        "withResources needs at least one of customers, orders, products, locations,"
            + " checkouts, segments";
    assertEquals(
        expected,
        refusal(
            IllegalArgumentException.class,
            () -> ShopifyIO.read().withResources((java.util.Collection<ShopifyResource>) null)));
    assertEquals(
        expected,
        refusal(IllegalArgumentException.class, () -> ShopifyIO.read().withResources(List.of())));
    assertEquals(
        Set.of(ShopifyResource.ORDERS, ShopifyResource.LOCATIONS),
        ShopifyIO.read()
            .withResources(ShopifyResource.LOCATIONS, ShopifyResource.ORDERS)
            .resources());
  }

  @Test
  void theWindowIsOnWholeSecondsAndNotEmpty() {
    Instant fraction = TO.plusMillis(1);
    assertEquals(
        "updated window ["
            + FROM
            + ", "
            + fraction
            + ") must be on whole seconds (Shopify's updated_at has no fraction): truncate the"
            + " bounds to seconds",
        refusal(
            IllegalArgumentException.class,
            () -> ShopifyIO.read().withUpdatedWindow(FROM, fraction)));
    assertTrue(
        refusal(
                IllegalArgumentException.class,
                () -> ShopifyIO.read().withUpdatedWindow(FROM.plusNanos(1), TO))
            .contains("must be on whole seconds"));
    for (Instant to : new Instant[] {FROM, FROM.minusSeconds(1)}) {
      assertEquals(
          "updated window ["
              + FROM
              + ", "
              + to
              + ") is empty: 'from' must be before 'to' (the end is exclusive)",
          refusal(
              IllegalArgumentException.class, () -> ShopifyIO.read().withUpdatedWindow(FROM, to)));
    }
    ShopifyIO.Read read = ShopifyIO.read().withUpdatedWindow(FROM, FROM.plusSeconds(1));
    assertEquals(FROM, read.updatedFrom());
    assertEquals(FROM.plusSeconds(1), read.updatedTo());
  }
}
