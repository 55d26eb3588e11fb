package courier.shopify;

import static courier.shopify.GraphqlFixtures.address;
import static courier.shopify.GraphqlFixtures.customer;
import static courier.shopify.GraphqlFixtures.lineItem;
import static courier.shopify.GraphqlFixtures.order;
import static courier.shopify.GraphqlFixtures.overflow;
import static courier.shopify.GraphqlFixtures.page;
import static courier.shopify.GraphqlFixtures.product;
import static courier.shopify.GraphqlFixtures.refundLine;
import static courier.shopify.GraphqlFixtures.variant;
import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GraphQL reader against canned Admin API answers over loopback HTTP: REST shapes, draining of
 * nested connections, cursors and counts. Failures and throttling: {@link
 * GraphqlReaderFailureTest}.
 */
class GraphqlReaderScriptedTest extends GraphqlScriptedBase {
  @Test
  void anOrderPageIsAskedByWindowAndKeysetAndComesOutRestShaped() throws Exception {
    ObjectNode order =
        order(
            450789469,
            List.of(lineItem(466157049, "199.0", 3)),
            false,
            List.of(refundLine(104689539, 466157049)),
            false);
    server.then(json(200, page("orders", List.of(order), false, "c1")));

    EntityPage page = reader().listUpdated(ShopifyResource.ORDERS, FROM, TO, 5, 250, null);

    ScriptedServer.Request request = server.requests().get(0);
    assertEquals("POST", request.method());
    assertEquals("/admin/api/2026-10/graphql.json", request.pathAndQuery());
    assertEquals(TOKEN, request.token());
    JsonNode body = sent(0);
    assertEquals("OrdersPage", body.get("operationName").asText());
    assertTrue(body.get("query").asText().contains("sortKey: ID"));
    JsonNode variables = body.get("variables");
    assertEquals(
        "updated_at:>='2026-01-01T00:00:00Z' AND updated_at:<'2026-02-01T00:00:00Z' AND id:>5",
        variables.get("query").asText());
    assertEquals(4, variables.get("first").asInt(), "the cost-derived maximum, not 250");
    assertTrue(variables.get("after").isNull());
    assertFalse(page.hasMore());
    assertNull(page.nextCursor());

    ObjectNode rest = page.entities().get(0);
    assertEquals(450789469L, rest.get("id").longValue());
    assertTrue(rest.get("id").isIntegralNumber());
    assertEquals("598.94", rest.get("total_price").textValue());
    assertEquals("partially_refunded", rest.get("financial_status").textValue());
    assertTrue(rest.get("fulfillment_status").isNull());
    assertEquals("Wholesale, VIP", rest.get("tags").textValue());
    assertEquals(207119551L, rest.get("customer").get("id").longValue());
    assertEquals(1, rest.get("number").intValue());
    assertEquals("b1946ac92492d2347c6235b4d2611184", rest.get("token").textValue());
    assertEquals("597.00", rest.get("total_line_items_price").textValue());
    assertEquals("http://www.example.com?source=abc", rest.get("landing_site").textValue());
    JsonNode line = rest.get("line_items").get(0);
    assertEquals(466157049L, line.get("id").longValue());
    assertEquals("199.00", line.get("price").textValue());
    assertEquals(567, line.get("grams").intValue());
    assertEquals(39072856L, line.get("variant_id").longValue());
    assertTrue(line.get("fulfillment_status").isNull());
    assertEquals("manual", line.get("fulfillment_service").textValue());
    assertEquals("3.34", line.get("discount_allocations").get(0).get("amount").textValue());
    assertEquals(
        0, line.get("discount_allocations").get(0).get("discount_application_index").intValue());
    JsonNode code = rest.get("discount_codes").get(0);
    assertEquals("TENOFF", code.get("code").textValue());
    assertEquals("3.34", code.get("amount").textValue());
    assertEquals("fixed_amount", code.get("type").textValue());
    JsonNode refund = rest.get("refunds").get(0);
    assertEquals(509562969L, refund.get("id").longValue());
    JsonNode refundLine = refund.get("refund_line_items").get(0);
    assertEquals(104689539L, refundLine.get("id").longValue());
    assertEquals(466157049L, refundLine.get("line_item_id").longValue());
    assertEquals(487838322L, refundLine.get("location_id").longValue());
    assertTrue(refundLine.get("subtotal").isNumber());
    assertEquals("195.66", refundLine.get("subtotal").decimalValue().toPlainString());
    assertEquals("legacy_restock", refundLine.get("restock_type").textValue());
    assertTrue(refund.get("restock").booleanValue(), "a line went back to stock");
    assertEquals("it broke during shipping", refund.get("note").textValue());
    assertTrue(refund.get("user_id").isNull());
    assertEquals("Bob", rest.get("billing_address").get("first_name").textValue());
    assertEquals(45.41634, rest.get("billing_address").get("latitude").doubleValue());
    assertTrue(rest.get("shipping_address").isNull());
    assertEquals(100, tally.points.get());
    assertEquals(0, tally.overflows.get());

    RealNormalizer.assertRows(
        ShopifyResource.ORDERS,
        rest,
        "order",
        1,
        "order_line",
        1,
        "order_line_refund",
        1,
        "discount_allocation",
        1,
        "discount_codes",
        1,
        "order_tags",
        2,
        "refund",
        1,
        "order_address",
        1);
  }

  @Test
  void everyNestedConnectionIsDrainedWithItsOverflowQuery() throws Exception {
    List<ObjectNode> firstLines = List.of(lineItem(1, "1.00", 1), lineItem(2, "1.00", 1));
    ObjectNode order = order(100, firstLines, true, List.of(refundLine(10, 1)), true);
    server
        .then(json(200, page("orders", List.of(order), false, "c1")))
        .then(
            json(
                200,
                overflow(
                    "node",
                    "gid://shopify/Order/100",
                    "line_items",
                    List.of(lineItem(3, "1.00", 1)),
                    true)))
        .then(
            json(
                200,
                overflow(
                    "node",
                    "gid://shopify/Order/100",
                    "line_items",
                    List.of(lineItem(4, "1.00", 1)),
                    false)))
        .then(
            json(
                200,
                overflow(
                    "node",
                    "gid://shopify/Refund/509562969",
                    "refund_line_items",
                    List.of(refundLine(11, 2), refundLine(12, 3)),
                    false)));

    ObjectNode rest =
        reader().listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, 4, null).entities().get(0);

    assertEquals(4, rest.get("line_items").size());
    assertEquals(4L, rest.get("line_items").get(3).get("id").longValue());
    assertEquals(3, rest.get("refunds").get(0).get("refund_line_items").size());
    assertEquals("4.00", rest.get("total_line_items_price").textValue());
    assertEquals(3, tally.overflows.get());
    assertEquals(4, tally.requests.get());
    JsonNode second = sent(1);
    assertEquals("OrderLineItemsOverflow", second.get("operationName").asText());
    assertEquals("gid://shopify/Order/100", second.get("variables").get("id").asText());
    assertEquals("lines-2", second.get("variables").get("after").asText());
    assertEquals("more-1", sent(2).get("variables").get("after").asText());
    assertEquals("refund-lines-1", sent(3).get("variables").get("after").asText());
  }

  @Test
  void aCustomerComesWithEveryAddress() throws Exception {
    List<ObjectNode> first = new ArrayList<>();
    for (long id = 1053317292; first.size() < 10; id++) {
      first.add(address(id));
    }
    ObjectNode customer = customer(1073339462, first, true);
    server
        .then(json(200, page("customers", List.of(customer), false, "c1")))
        .then(
            json(
                200,
                overflow(
                    "node",
                    "gid://shopify/Customer/1073339462",
                    "addresses",
                    List.of(address(2000000001L), address(2000000002L)),
                    false)));

    ObjectNode rest =
        reader().listUpdated(ShopifyResource.CUSTOMERS, FROM, TO, 0, 250, null).entities().get(0);

    assertEquals(12, rest.get("addresses").size());
    assertEquals(1, tally.overflows.get());
    JsonNode defaultAddress = rest.get("addresses").get(0);
    assertEquals(1053317292L, defaultAddress.get("id").longValue());
    assertTrue(defaultAddress.get("default").booleanValue());
    assertFalse(rest.get("addresses").get(11).get("default").booleanValue());
    assertEquals(1073339462L, defaultAddress.get("customer_id").longValue());
    assertEquals("Canada", defaultAddress.get("country_name").textValue());
    assertEquals("disabled", rest.get("state").textValue());
    assertEquals("0.00", rest.get("total_spent").textValue());
    assertEquals(0, rest.get("orders_count").intValue());
    assertEquals("", rest.get("tags").textValue());
    assertEquals("USD", rest.get("currency").textValue());
    assertEquals("steve.lastnameson@example.com", rest.get("email").textValue());
    assertEquals(50, sent(0).get("variables").get("first").asInt());
    RealNormalizer.assertRows(
        ShopifyResource.CUSTOMERS, rest, "customer", 1, "customer_address", 12, "customer_tags", 0);
  }

  @Test
  void aProductWithFifteenHundredVariantsYieldsThemAll() throws Exception {
    List<ObjectNode> all = new ArrayList<>();
    for (int i = 1; i <= 1500; i++) {
      all.add(variant(40_000_000_000L + i, i));
    }
    server.then(
        json(
            200,
            page("products", List.of(product(632910392, all.subList(0, 20), true)), false, "c1")));
    int overflows = 0;
    for (int from = 20; from < 1500; from += 190) {
      int to = Math.min(from + 190, 1500);
      server.then(
          json(
              200,
              overflow(
                  "product",
                  "gid://shopify/Product/632910392",
                  "variants",
                  all.subList(from, to),
                  to < 1500)));
      overflows++;
    }

    ObjectNode rest =
        reader().listUpdated(ShopifyResource.PRODUCTS, FROM, TO, 0, 250, null).entities().get(0);

    assertEquals(1500, rest.get("variants").size());
    assertEquals(8, overflows);
    assertEquals(overflows, tally.overflows.get());
    assertEquals(190, sent(1).get("variables").get("first").asInt());
    JsonNode variant = rest.get("variants").get(1499);
    assertEquals(40_000_001_500L, variant.get("id").longValue());
    assertEquals(632910392L, variant.get("product_id").longValue());
    assertEquals("Pink", variant.get("option1").textValue());
    assertTrue(variant.get("option2").isNull());
    assertEquals("199.00", variant.get("price").textValue());
    assertEquals("continue", variant.get("inventory_policy").textValue());
    assertEquals("shopify", variant.get("inventory_management").textValue());
    assertEquals("lb", variant.get("weight_unit").textValue());
    assertEquals(567, variant.get("grams").intValue());
    assertEquals("Emotive, Flash Memory, MP3, Music", rest.get("tags").textValue());
    assertEquals("active", rest.get("status").textValue());
    RealNormalizer.assertRows(
        ShopifyResource.PRODUCTS, rest, "product", 1, "product_variant", 1500, "product_tags", 4);
  }

  @Test
  void theNextPageContinuesFromTheCursorOfTheSameQuery() throws Exception {
    server
        .then(
            json(
                200,
                page(
                    "orders",
                    List.of(order(7, List.of(), false, List.of(), false)),
                    true,
                    "opaque-1")))
        .then(
            json(
                200,
                page(
                    "orders", List.of(order(9, List.of(), false, List.of(), false)), false, null)));
    GraphqlReader reader = reader();

    EntityPage first = reader.listUpdated(ShopifyResource.ORDERS, FROM, TO, 5, 1, null);
    assertTrue(first.hasMore());
    EntityPage second =
        reader.listUpdated(ShopifyResource.ORDERS, FROM, TO, 7, 1, first.nextCursor());

    assertEquals(9L, second.entities().get(0).get("id").longValue());
    JsonNode variables = sent(1).get("variables");
    assertEquals("opaque-1", variables.get("after").asText());
    assertTrue(variables.get("query").asText().endsWith("AND id:>5"), "the cursor's own query");
    assertFalse(second.hasMore());
  }

  @Test
  void locationsAreReadPageByPageLegacyAndInactiveIncluded() throws Exception {
    server
        .then(
            json(200, page("locations", List.of(GraphqlFixtures.location(655441491)), true, "l1")))
        .then(
            json(
                200, page("locations", List.of(GraphqlFixtures.location(655441492)), false, null)));

    List<ObjectNode> locations = reader().locations();

    assertEquals(2, locations.size());
    assertTrue(
        sent(0).get("query").asText().contains("includeLegacy: true, includeInactive: true"));
    assertEquals("l1", sent(1).get("variables").get("after").asText());
    ObjectNode rest = locations.get(0);
    assertEquals("CA", rest.get("country").textValue());
    assertEquals("Canada", rest.get("country_name").textValue());
    assertEquals("50 Rideau Street", rest.get("address1").textValue());
    assertFalse(rest.get("legacy").booleanValue());
    RealNormalizer.assertRows(ShopifyResource.LOCATIONS, rest, "locations", 1);
  }

  @Test
  void countsAskTheCountQueryAndTakeAFloorAsIs() throws Exception {
    server
        .then(json(200, "{\"data\":{\"ordersCount\":{\"count\":42,\"precision\":\"EXACT\"}}}"))
        .then(
            json(
                200,
                "{\"data\":{\"productsCount\":{\"count\":10000,\"precision\":\"AT_LEAST\"}}}"));
    GraphqlReader reader = reader();

    assertEquals(42, reader.count(ShopifyResource.ORDERS, FROM, TO));
    assertEquals(10000, reader.countAll(ShopifyResource.PRODUCTS));

    JsonNode first = sent(0);
    assertEquals("OrdersCount", first.get("operationName").asText());
    assertEquals(
        "updated_at:>='2026-01-01T00:00:00Z' AND updated_at:<'2026-02-01T00:00:00Z'",
        first.get("variables").get("query").asText());
    assertTrue(first.get("query").asText().contains("limit: null"));
    assertTrue(sent(1).get("variables").get("query").isNull());
  }
}
