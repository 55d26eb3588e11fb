package courier.shopify;

import static courier.shopify.GraphqlFixtures.cost;
import static courier.shopify.GraphqlFixtures.errors;
import static courier.shopify.GraphqlFixtures.lineItem;
import static courier.shopify.GraphqlFixtures.order;
import static courier.shopify.GraphqlFixtures.page;
import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.normalize.EntityNormalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the GraphQL reader meets throttling, GraphQL errors, broken bodies and bad values: the same
 * exceptions and retries as REST's counterparts, and a bad node rejected rather than failing its
 * page.
 */
class GraphqlReaderFailureTest extends GraphqlScriptedBase {
  private static final String ONE_ORDER =
      page("orders", List.of(order(12, List.of(), false, List.of(), false)), false, null);

  private EntityPage readOrders() throws Exception {
    return reader().listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, 4, null);
  }

  @Test
  void throttledIsWaitedOutPerTheRestoreRateWithoutUsingARetry() throws Exception {
    ObjectNode extensions = cost(0, 2000, 120, 100);
    extensions.with("cost").put("requestedQueryCost", 810).putNull("actualQueryCost");
    server
        .then(json(200, errors("THROTTLED", "Throttled", null, extensions)))
        .then(json(200, ONE_ORDER));

    assertEquals(1, readOrders().entities().size());

    assertEquals(1, tally.throttled.get());
    assertEquals(0, tally.retried.get());
    assertEquals(2, tally.requests.get());
    // 810 points wanted, 120 there, 100 restored a second: 6.9 s, not a fixed backoff.
    assertEquals(6.9, ticker.sleptNanos() / 1e9, 0.01);
  }

  @Test
  void accessDeniedStopsWithTheScopeToAdd() throws Exception {
    server.then(
        json(
            200,
            errors(
                "ACCESS_DENIED",
                "Access denied for orders field. Required access:" + " `read_orders` access scope.",
                null,
                null)));

    ShopifyAccessException e = assertThrows(ShopifyAccessException.class, this::readOrders);

    assertTrue(e.getMessage().contains("read_orders"), e.getMessage());
    assertTrue(e.getMessage().contains("OrdersPage"), e.getMessage());
    assertTrue(e.getMessage().contains("acme.myshopify.com"), e.getMessage());
    assertTrue(!e.getMessage().contains(TOKEN));
    assertEquals(1, server.requests().size());
  }

  @Test
  void maxCostExceededIsAFailureWithoutRetries() throws Exception {
    server.then(
        json(
            200,
            errors(
                "MAX_COST_EXCEEDED",
                "Query cost is 1066, which exceeds the" + " single query max cost limit (1000).",
                null,
                null)));

    ShopifyRequestException e = assertThrows(ShopifyRequestException.class, this::readOrders);

    assertTrue(e.getMessage().contains("OrdersPage"), e.getMessage());
    assertEquals(1, server.requests().size());
  }

  @Test
  void internalServerErrorIsRetriedLikeA5xxAndExhaustsLikeOne() throws Exception {
    String internal = errors("INTERNAL_SERVER_ERROR", "Internal error.", null, null);
    server.then(json(200, internal)).then(json(200, ONE_ORDER));
    assertEquals(1, readOrders().entities().size());
    assertEquals(1, tally.retried.get());

    server.otherwise(json(200, internal));
    assertThrows(ShopifyRetriesExhaustedException.class, this::readOrders);
  }

  @Test
  void partialDataWithErrorsIsNeverTakenAsAPage() throws Exception {
    ObjectNode partial = GraphqlFixtures.object();
    partial.set("orders", GraphqlFixtures.connection(List.of(), false, null));
    server.then(
        json(
            200,
            errors(
                "undefinedField",
                "Field 'cartToken' doesn't exist on type" + " 'Order'",
                partial,
                null)));

    ShopifyRequestException e = assertThrows(ShopifyRequestException.class, this::readOrders);

    assertTrue(e.getMessage().contains("cartToken"), e.getMessage());
  }

  @Test
  void aBodyCutShortOrAKeysetViolationIsRetried() throws Exception {
    String descending =
        page(
            "orders",
            List.of(
                order(12, List.of(), false, List.of(), false),
                order(11, List.of(), false, List.of(), false)),
            false,
            null);
    server
        .then(ScriptedServer.truncated(ONE_ORDER))
        .then(json(200, "<html>not json</html>"))
        .then(json(200, descending))
        .then(json(200, ONE_ORDER));

    assertEquals(1, readOrders().entities().size());

    assertEquals(3, tally.retried.get());
  }

  @Test
  void aBadNestedGidIsKeptRawSoTheOrderIsRejectedNotThePage() throws Exception {
    ObjectNode badLine =
        lineItem(1, "1.00", 1).put("admin_graphql_api_id", "gid://shopify/LineItem/x1");
    ObjectNode badOrder = order(11, List.of(badLine), false, List.of(), false);
    badOrder.with("total_price_set").with("shop_money").put("amount", "12,50");
    ObjectNode goodOrder = order(12, List.of(lineItem(2, "1.00", 1)), false, List.of(), false);
    server.then(json(200, page("orders", List.of(badOrder, goodOrder), false, null)));

    EntityPage page = readOrders();

    assertEquals(2, page.entities().size());
    ObjectNode bad = page.entities().get(0);
    assertEquals("gid://shopify/LineItem/x1", bad.get("line_items").get(0).get("id").textValue());
    assertEquals("12,50", bad.get("total_price").textValue());
    EntityNormalizer.Outcome outcome = RealNormalizer.normalize(ShopifyResource.ORDERS, bad);
    EntityNormalizer.Rejected rejected = assertInstanceOf(EntityNormalizer.Rejected.class, outcome);
    assertTrue(
        rejected.reason().contains("12,50") || rejected.reason().contains("x1"), rejected.reason());
    RealNormalizer.assertRows(ShopifyResource.ORDERS, page.entities().get(1), "order_line", 1);
  }

  @Test
  void aMissingFieldIsMarkedSoTheEntityIsRejected() throws Exception {
    ObjectNode order = order(11, List.of(), false, List.of(), false);
    order.remove("created_at");
    server.then(json(200, page("orders", List.of(order), false, null)));

    ObjectNode rest = readOrders().entities().get(0);

    EntityNormalizer.Outcome outcome = RealNormalizer.normalize(ShopifyResource.ORDERS, rest);
    EntityNormalizer.Rejected rejected = assertInstanceOf(EntityNormalizer.Rejected.class, outcome);
    assertTrue(rejected.reason().contains("missing_graphql_field"), rejected.reason());
  }
}
