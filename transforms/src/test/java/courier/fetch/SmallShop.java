package courier.fetch;

import courier.shopify.ShopDomain;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import courier.shopify.Transport;
import courier.simulator.Plan;
import courier.simulator.ShopifySimulator;
import java.time.Duration;

/**
 * A small simulated shop on a plan that never throttles, for tests that call a fetch DoFn directly
 * and count its requests: each request is then a page or a count, never a 429's retry.
 */
final class SmallShop {
  private SmallShop() {}

  /** Started; the caller closes it. */
  static ShopifySimulator start() {
    return ShopifySimulator.builder()
        .seed(19)
        .shop("acme")
        .customers(60)
        .orders(200)
        .products(5)
        .locations(2)
        .plan(Plan.UNLIMITED)
        .now(TestShop.NOW)
        .token(TestShop.TOKEN)
        .build()
        .start();
  }

  /** A REST client of {@code sim}'s shop. */
  static ShopifyClientConfig client(ShopifySimulator sim) {
    return ShopifyClientConfig.create()
        .withShop(ShopDomain.of("acme"))
        .withBaseUrl(sim.baseUrl())
        .withCredentials(ShopifyCredentials.accessTokenFromFile(TestShop.tokenFile().toString()))
        .withTransport(Transport.REST)
        .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(500));
  }

  static FetchSettings settings(ShopifyClientConfig client, int pageSize, long targetSliceRecords) {
    // Paged: the DoFns these tests call read pages; bulk reads are BulkFetchTest's.
    return new FetchSettings(
        client,
        pageSize,
        targetSliceRecords,
        Duration.ofMinutes(10),
        "small-shop-test",
        new BulkSettings(FetchMode.PAGED, Long.MAX_VALUE, 5, Duration.ofHours(1), null));
  }
}
