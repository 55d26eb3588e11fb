package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.CapturedOutput;
import courier.shopify.ShopifyAccessException;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyException;
import courier.shopify.Transport;
import courier.simulator.ShopState;
import courier.simulator.ShopifySimulator;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Refusals stop the run at once with a message that says what to do, before anything is emitted;
 * and no secret ever reaches the output, whether a run fails or succeeds.
 */
class ShopifyIOAccessTest {

  /**
   * Runs a read of the shared shop under {@code condition}; returns the Shopify exception it failed
   * with.
   */
  private static ShopifyAccessException failingRead(
      ShopifyIO.Read read, Consumer<ShopifySimulator> condition) {
    ShopifySimulator sim = TestShop.sim();
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    CollectedEntities collected = new CollectedEntities();
    pipeline.apply(read).apply(collected);
    Exception failure;
    try {
      condition.accept(sim);
      failure = assertThrows(Exception.class, () -> pipeline.run().waitUntilFinish());
    } finally {
      sim.setShopState(ShopState.ACTIVE);
      sim.setScopes(
          Set.of(
              "read_customers",
              "read_orders",
              "read_all_orders",
              "read_products",
              "read_locations"));
      sim.setProtectedCustomerDataApproved(true);
    }
    ShopifyException shopify = ShopifyException.findIn(failure);
    assertInstanceOf(ShopifyAccessException.class, shopify, "cause chain of " + failure);
    assertTrue(
        collected.entities().isEmpty(),
        "no partial output: " + collected.entities().size() + " entities");
    return (ShopifyAccessException) shopify;
  }

  @Test
  void aRejectedTokenNamesWhereItCameFrom() {
    String wrong = "shpat_wrong_token_7f2a";
    String file = TestShop.writeSecret("wrong-token", wrong).toString();
    try (CapturedOutput output = new CapturedOutput()) {
      ShopifyAccessException e =
          failingRead(
              TestShop.read().withCredentials(ShopifyCredentials.accessTokenFromFile(file)),
              sim -> {});
      assertEquals(401, e.status());
      assertTrue(
          e.getMessage().contains("rejected the access token for acme.myshopify.com"),
          e.getMessage());
      assertTrue(e.getMessage().contains("access token from file " + file), e.getMessage());
      assertFalse(output.text().contains(wrong), "the rejected token was printed");
      assertFalse(output.text().contains(TestShop.TOKEN));
    }
  }

  @Test
  void aFrozenShopTellsTheOwnerToPay() {
    ShopifyAccessException e =
        failingRead(TestShop.read(), sim -> sim.setShopState(ShopState.FROZEN));
    assertEquals(402, e.status());
    assertTrue(
        e.getMessage().contains("is frozen")
            && e.getMessage().contains("settle the outstanding bill"));
    assertEquals("acme.myshopify.com", e.shop());
    assertTrue(e.endpoint().startsWith("/admin/api/2026-10/"), e.endpoint());
  }

  @Test
  void aLockedShopSaysToContactShopify() {
    ShopifyAccessException e =
        failingRead(TestShop.read(), sim -> sim.setShopState(ShopState.LOCKED));
    assertEquals(423, e.status());
    assertTrue(
        e.getMessage().contains("is locked") && e.getMessage().contains("contact Shopify Support"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void aMissingScopeIsNamed(Transport transport) {
    ShopifyAccessException e =
        failingRead(
            TestShop.read().withTransport(transport),
            sim ->
                sim.setScopes(
                    Set.of("read_orders", "read_all_orders", "read_products", "read_locations")));
    // Refused by the planner from the granted scopes, before any count or page is asked for.
    assertEquals(403, e.status());
    // Over GraphQL the orders page reads each order's customer: orders need it too, and segments
    // (GraphQL only, skipped over REST) list customers.
    String needed =
        transport == Transport.REST
            ? "lacks the access scope read_customers (needed by table customers)"
            : "lacks the access scope read_customers (needed by tables customers, orders, segments)";
    assertTrue(e.getMessage().contains(needed), e.getMessage());
    assertEquals(
        transport == Transport.REST
            ? "/admin/oauth/access_scopes.json"
            : "/admin/api/2026-10/graphql.json",
        e.endpoint());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void unapprovedProtectedCustomerDataIsExplained(Transport transport) {
    ShopifyAccessException e =
        failingRead(
            TestShop.read().withTransport(transport),
            sim -> sim.setProtectedCustomerDataApproved(false));
    assertEquals(transport == Transport.REST ? 403 : 200, e.status());
    assertTrue(e.getMessage().contains("not approved for protected customer data"), e.getMessage());
  }

  @Test
  void anUnknownShopSaysToCheckTheShopOption() {
    ShopifyAccessException e =
        failingRead(TestShop.read(), sim -> sim.setShopState(ShopState.NOT_FOUND));
    assertEquals(404, e.status());
    assertTrue(e.getMessage().contains("was not found") && e.getMessage().contains("Check --shop"));
  }

  @Test
  void anInvalidShopOrForeignBaseUrlIsRefusedBeforeAnyRequest() {
    ShopifySimulator sim = TestShop.sim();
    long before = sim.counters().getTotalRequests();
    IllegalArgumentException shop =
        assertThrows(
            IllegalArgumentException.class, () -> ShopifyIO.read().withShop("acme.example.com"));
    assertTrue(shop.getMessage().contains("--shop=acme"), shop.getMessage());
    IllegalArgumentException url =
        assertThrows(
            IllegalArgumentException.class,
            () -> TestShop.read().withBaseUrl("http://203.0.113.7:" + sim.port()));
    assertTrue(url.getMessage().contains("not a loopback address"), url.getMessage());
    assertEquals(before, sim.counters().getTotalRequests());
  }

  @Test
  void theTokenNeverReachesTheOutputOfAFailedOrASuccessfulRun() {
    try (CapturedOutput output = new CapturedOutput()) {
      failingRead(TestShop.read(), sim -> sim.setShopState(ShopState.LOCKED));
      Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
      CollectedEntities collected = new CollectedEntities();
      pipeline
          .apply(
              TestShop.read()
                  .withUpdatedWindow(TestShop.TO.minus(10, ChronoUnit.DAYS), TestShop.TO))
          .apply(collected);
      pipeline.run().waitUntilFinish();
      assertFalse(collected.entities().isEmpty());
      String text = output.text();
      assertTrue(
          text.contains("courier.progress") || text.contains("read as"),
          "the capture saw the run's logs");
      assertFalse(text.contains(TestShop.TOKEN), "the access token was printed");
    }
  }
}
