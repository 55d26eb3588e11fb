package courier.pipeline;

import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A simulated shop on loopback plus the courier arguments that point at it. The shop's data is laid
 * out up to an hour ago, so every load mode's window (which ends at now minus the safety lag) holds
 * all of it.
 */
final class TestShop implements AutoCloseable {
  static final String SHOP = "courier-test";

  final ShopifySimulator sim;
  final Path tokenFile;

  private TestShop(ShopifySimulator sim, Path tokenFile) {
    this.sim = sim;
    this.tokenFile = tokenFile;
  }

  /**
   * A small shop: hundreds of entities, enough for >10-address customers and 100-variant products.
   */
  static TestShop start(Path dir) {
    return start(
        dir,
        ShopifySimulator.builder().seed(7).customers(400).orders(900).products(60).locations(3));
  }

  static TestShop start(Path dir, ShopifySimulator.Builder builder) {
    ShopifySimulator sim =
        builder
            .shop(SHOP)
            .now(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS))
            .build()
            .start();
    try {
      Path token = dir.resolve("shopify-token");
      Files.writeString(token, sim.accessToken(), StandardCharsets.UTF_8);
      return new TestShop(sim, token);
    } catch (IOException e) {
      sim.close();
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Courier arguments reading this shop into {@code output} (H2 under it unless a --jdbcUrl
   * follows).
   */
  List<String> args(Path output, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--shop=" + SHOP,
                "--shopifyBaseUrl=" + sim.baseUrl(),
                "--accessTokenFile=" + tokenFile,
                "--output=" + output,
                "--pageSize=50",
                "--targetSliceRecords=300"));
    args.addAll(Arrays.asList(more));
    return args;
  }

  /**
   * Moves the shop's clock to the next whole second of wall time: what changes now is stamped after
   * the end of every window planned so far (windows end on whole seconds, at the latest now).
   */
  Instant clockToNow() {
    Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    sim.clock().set(next);
    return next;
  }

  /** Windows end on whole seconds before "now": waits until {@code t} is strictly in the past. */
  static void waitPast(Instant t) throws InterruptedException {
    while (!Instant.now().isAfter(t.plusSeconds(1))) {
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    sim.close();
  }
}
