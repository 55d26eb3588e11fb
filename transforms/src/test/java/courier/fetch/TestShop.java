package courier.fetch;

import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The simulated shop the fetch tests share: thousands of customers, orders and products, started
 * once per test JVM on loopback (tests that change its conditions put them back). The access token
 * lives in a file, as it would on a worker.
 */
final class TestShop {
  static final String TOKEN = "shpat_test_only_3b1f0c9e77d54a2a";
  static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

  /** Ten months of updates: a multi-month window well inside the two years of generated data. */
  static final Instant FROM = NOW.minus(330, ChronoUnit.DAYS);

  static final Instant TO = NOW.minus(30, ChronoUnit.DAYS);

  private static ShopifySimulator sim;
  private static Path tokenFile;

  private TestShop() {}

  static synchronized ShopifySimulator sim() {
    if (sim == null) {
      sim = newSim();
      tokenFile = writeSecret("token", TOKEN);
    }
    return sim;
  }

  /**
   * A simulator with the shared shop's data, for a test that needs one of its own; the caller
   * closes it.
   */
  static ShopifySimulator newSim() {
    return ShopifySimulator.builder()
        .seed(42)
        .shop("acme")
        .customers(3_000)
        .orders(6_000)
        .products(1_500)
        .locations(5)
        .now(NOW)
        .token(TOKEN)
        .build()
        .start();
  }

  static Path tokenFile() {
    sim();
    return tokenFile;
  }

  static Path writeSecret(String name, String value) {
    try {
      Path dir = Files.createTempDirectory("courier-fetch-test");
      dir.toFile().deleteOnExit();
      Path file = Files.writeString(dir.resolve(name), value + "\n");
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A read of the shared shop with small pages and slices, so checkpoints and splits are frequent.
   * Paged: these tests are about pages, slices and overflow queries, and the shop's 2,000-odd
   * customers and orders are past the default --bulkThreshold (bulk reads are BulkFetchTest's).
   */
  static ShopifyIO.Read read() {
    return read(sim());
  }

  static ShopifyIO.Read read(ShopifySimulator target) {
    return ShopifyIO.read()
        .withShop("acme")
        .withBaseUrl(target.baseUrl())
        .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile().toString()))
        .withUpdatedWindow(FROM, TO)
        .withFetchMode(FetchMode.PAGED)
        .withPageSize(25)
        .withTargetSliceRecords(400)
        .withRetries(6, Duration.ofMillis(20), Duration.ofMillis(500))
        .withProgressInterval(Duration.ofSeconds(2));
  }

  static Resource simResource(ShopifyResource resource) {
    return Resource.valueOf(resource.name());
  }
}
