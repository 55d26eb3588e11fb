package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.CapturedOutput;
import courier.shopify.SecretSource;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read authenticated by the client-credentials grant with one-second tokens: the token is
 * refreshed before it expires, so the simulator never answers 401; the run completes, and neither
 * the client secret nor any issued token reaches the output.
 *
 * <p>The simulator accepts a token for a grace of 30 s past its {@code expires_in}, so a request
 * that a loaded machine holds back between taking the token and reaching the server still finds it
 * valid; a client that waited for the 401 to renew instead would meet one, or (in a run shorter
 * than the grace) never exchange a second token. The exact refresh point is tested in fake time
 * ({@code ClientCredentialsTokenTest}).
 */
class ClientCredentialsReadTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsReadTest.class);
  private static final String CLIENT_ID = "courier-test-client";
  private static final String SECRET = "cc_secret_5d41402abc4b2a76b9719d911017c592";

  @Test
  void shortLivedTokensAreRefreshedAndNoSecretIsPrinted() {
    String staticToken = "shpat_static_never_used_0a1b";
    try (ShopifySimulator sim =
            ShopifySimulator.builder()
                .seed(7)
                .shop("acme")
                .customers(200)
                .orders(400)
                .products(60)
                .locations(2)
                .now(TestShop.NOW)
                .token(staticToken)
                .latencyMs(20)
                .clientCredentials(CLIENT_ID, SECRET)
                .issuedTokenTtl(Duration.ofSeconds(1))
                .issuedTokenGrace(Duration.ofSeconds(30))
                .build()
                .start();
        CapturedOutput output = new CapturedOutput()) {
      String secretFile = TestShop.writeSecret("client-secret", SECRET).toString();
      Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
      CollectedEntities collected = new CollectedEntities();
      pipeline
          .apply(
              ShopifyIO.read()
                  .withShop("acme")
                  .withBaseUrl(sim.baseUrl())
                  .withCredentials(
                      ShopifyCredentials.clientCredentials(
                          CLIENT_ID, SecretSource.file(secretFile)))
                  .withUpdatedWindow(TestShop.NOW.minus(Duration.ofDays(730)), TestShop.NOW)
                  .withPageSize(10)
                  // One request at a time at 20 ms each: some 80 requests outlast a 1 s token.
                  .withMaxConcurrentRequests(1))
          .apply(collected);
      long start = System.nanoTime();
      pipeline.run().waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;

      for (ShopifyResource r : List.of(ShopifyResource.ORDERS, ShopifyResource.CUSTOMERS)) {
        List<Long> ids =
            collected.entities().stream()
                .filter(e -> e.resource() == r)
                .map(ShopifyEntity::id)
                .sorted()
                .collect(Collectors.toList());
        assertEquals(
            sim.ids(
                Resource.valueOf(r.name()), TestShop.NOW.minus(Duration.ofDays(730)), TestShop.NOW),
            ids);
      }
      long exchanges = sim.counters().getRequests("oauth/access_token");
      LOG.info(
          "Client-credentials read took {} s with {} token exchanges; simulator {}",
          String.format("%.1f", seconds),
          exchanges,
          sim.counters());
      // Every request waits 20 ms, one at a time, so the run outlasts 0.9 s, a token's refresh
      // point.
      assertTrue(exchanges >= 2, "a run longer than a token's lifetime must refresh it");
      assertEquals(
          0L,
          sim.counters().getResponsesByStatus().getOrDefault(401, 0L),
          "tokens are refreshed before they expire, not after a 401: " + sim.counters());
      String text = output.text();
      assertFalse(text.contains(SECRET), "the client secret was printed");
      assertFalse(text.contains("shpat_"), "a token was printed");
    }
  }
}
