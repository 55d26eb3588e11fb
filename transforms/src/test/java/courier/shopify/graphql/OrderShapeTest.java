package courier.shopify.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyJson;
import org.junit.jupiter.api.Test;

/**
 * One GraphQL order as the orders_page query's aliases give it, turned into REST's order and
 * compared whole with the REST order written by hand; then each substitute of graphql-mapping.md at
 * its edges (the order's fields one at a time, so a test names the rule it checks).
 */
class OrderShapeTest {
  /** Every field orders_page selects, with values chosen so that each conversion shows. */
  private static final String ORDER =
      """
      {
        "admin_graphql_api_id": "gid://shopify/Order/450789469",
        "id": "450789469",
        "name": "#1001",
        "order_number": 1001,
        "email": "buyer@example.com",
        "phone": null,
        "note": "leave at door",
        "tags": ["gift", "vip"],
        "test": false,
        "created_at": "2026-07-01T10:00:00Z",
        "updated_at": "2026-07-02T11:00:00Z",
        "processed_at": "2026-07-01T10:00:01Z",
        "closed_at": null,
        "cancelled_at": null,
        "cancel_reason": "CUSTOMER",
        "currency": "USD",
        "presentment_currency": "EUR",
        "customer_locale": "en",
        "browser_ip": "10.0.0.1",
        "buyer_accepts_marketing": true,
        "estimated_taxes": false,
        "taxes_included": true,
        "financial_status": "PARTIALLY_REFUNDED",
        "display_fulfillment_status": "FULFILLED",
        "source_name": "web",
        "source_identifier": null,
        "source_url": "https://apps.example/src",
        "total_weight": "300",
        "status_page_url": "https://shop.example/1/orders/0123456789abcdef0123/authenticate?key=k",
        "cart_token": "cart-1",
        "checkout_token": "checkout-1",
        "app": {"id": "gid://shopify/App/1354745"},
        "customer": {"id": "gid://shopify/Customer/207119551", "legacyResourceId": "207119551"},
        "physicalLocation": null,
        "retailLocation": {"legacyResourceId": "655441491"},
        "customerJourneySummary": {
          "lastVisit": {"landingPage": "https://shop.example/in", "referrerUrl": "https://ref.example/"}
        },
        "billing_address": {
          "id": "gid://shopify/MailingAddress/1?model_name=Address",
          "first_name": "A", "last_name": "B", "company": null, "address1": "1 Road",
          "address2": "", "city": "Town", "province": "Ontario", "province_code": "ON",
          "country": "Canada", "country_code": "CA", "zip": "K1A", "phone": "555",
          "name": "A B", "latitude": 45.5, "longitude": -75.25
        },
        "shipping_address": null,
        "subtotal_price_set": {"shop_money": {"amount": "19.5", "currency_code": "USD"}},
        "current_subtotal_price_set": {"shop_money": {"amount": "19", "currency_code": "USD"}},
        "total_discounts_set": {"shop_money": {"amount": "2.45", "currency_code": "USD"}},
        "current_total_discounts_set": {"shop_money": {"amount": "2.4", "currency_code": "USD"}},
        "total_price_set": {"shop_money": {"amount": "21.055", "currency_code": "USD"}},
        "current_total_price_set": {"shop_money": {"amount": "21.0", "currency_code": "USD"}},
        "total_tax_set": {"shop_money": {"amount": "1.1", "currency_code": "USD"}},
        "current_total_tax_set": {"shop_money": {"amount": "1.0", "currency_code": "USD"}},
        "total_outstanding_set": {"shop_money": {"amount": "0.0", "currency_code": "USD"}},
        "total_tip_received_set": {"shop_money": {"amount": "3", "currency_code": "USD"}},
        "discount_applications": {
          "pageInfo": {"hasNextPage": false, "endCursor": null},
          "nodes": [
            {"__typename": "DiscountCodeApplication", "index": 0, "allocation_method": "ACROSS",
             "target_type": "LINE_ITEM", "target_selection": "ALL",
             "value": {"__typename": "PricingPercentageValue", "percentage": 10.0}, "code": "TEN"},
            {"__typename": "AutomaticDiscountApplication", "index": 1, "allocation_method": "EACH",
             "target_type": "LINE_ITEM", "target_selection": "ENTITLED",
             "value": {"__typename": "MoneyV2", "amount": "0.5", "currencyCode": "USD"}},
            {"__typename": "DiscountCodeApplication", "index": 2, "allocation_method": "ACROSS",
             "target_type": "SHIPPING_LINE", "target_selection": "ALL",
             "value": {"__typename": "MoneyV2", "amount": "4.0", "currencyCode": "USD"},
             "code": "SHIP"},
            {"__typename": "DiscountCodeApplication", "index": 3, "allocation_method": "ACROSS",
             "target_type": "LINE_ITEM", "target_selection": "ALL",
             "value": {"__typename": "MoneyV2", "amount": "1.0", "currencyCode": "USD"},
             "code": "UNUSED"}
          ]
        },
        "shipping_lines": {
          "pageInfo": {"hasNextPage": false, "endCursor": null},
          "nodes": [
            {"discount_allocations": [
              {"amount_set": {"shop_money": {"amount": "4.0", "currency_code": "USD"}},
               "discountApplication": {"index": 2}}
            ]},
            {"discount_allocations": [
              {"amount_set": {"shop_money": {"amount": "0.25", "currency_code": "USD"}},
               "discountApplication": {"index": 0}}
            ]}
          ]
        },
        "line_items": {
          "pageInfo": {"hasNextPage": false, "endCursor": null},
          "nodes": [
            {"admin_graphql_api_id": "gid://shopify/LineItem/466157049", "name": "Shirt - M",
             "title": "Shirt", "variant_title": "M", "sku": "SH-M", "vendor": "Acme",
             "quantity": 2, "current_quantity": 2, "taxable": true, "requires_shipping": true,
             "gift_card": false, "fulfillable_quantity": 0, "fulfillment_status": "fulfilled",
             "fulfillment_service": {"handle": "manual"}, "unfulfilled_quantity": 0,
             "price_set": {"shop_money": {"amount": "9.5", "currency_code": "USD"}},
             "total_discount_set": {"shop_money": {"amount": "1.9", "currency_code": "USD"}},
             "product": {"legacyResourceId": "632910392"},
             "variant": {"legacyResourceId": "39072856",
                         "inventoryItem": {"measurement": {"weight": {"unit": "KILOGRAMS", "value": 0.15}}}},
             "discount_allocations": [
               {"amount_set": {"shop_money": {"amount": "1.9", "currency_code": "USD"}},
                "discountApplication": {"index": 0}}
             ]},
            {"admin_graphql_api_id": "gid://shopify/LineItem/518995019", "name": "Sticker",
             "title": "Sticker", "variant_title": null, "sku": null, "vendor": "Acme",
             "quantity": 1, "current_quantity": 0, "taxable": false, "requires_shipping": false,
             "gift_card": false, "fulfillable_quantity": 1, "fulfillment_status": "unfulfilled",
             "fulfillment_service": null, "unfulfilled_quantity": 1,
             "price_set": {"shop_money": {"amount": "0.5", "currency_code": "USD"}},
             "total_discount_set": {"shop_money": {"amount": "0.55", "currency_code": "USD"}},
             "product": null,
             "variant": null,
             "discount_allocations": [
               {"amount_set": {"shop_money": {"amount": "0.05", "currency_code": "USD"}},
                "discountApplication": {"index": 0}},
               {"amount_set": {"shop_money": {"amount": "0.5", "currency_code": "USD"}},
                "discountApplication": {"index": 1}}
             ]}
          ]
        },
        "refunds": [
          {"admin_graphql_api_id": "gid://shopify/Refund/509562969", "id": "509562969",
           "created_at": "2026-07-02T11:00:00Z", "note": "damaged",
           "total_refunded_set": {"shop_money": {"amount": "0.5", "currency_code": "USD"}},
           "refund_line_items": {
             "pageInfo": {"hasNextPage": false, "endCursor": null},
             "nodes": [
               {"admin_graphql_api_id": "gid://shopify/RefundLineItem/104689539", "quantity": 1,
                "restock_type": "RETURN",
                "subtotal_set": {"shop_money": {"amount": "0.5", "currency_code": "USD"}},
                "total_tax_set": {"shop_money": {"amount": "0", "currency_code": "USD"}},
                "line_item": {"id": "gid://shopify/LineItem/518995019"},
                "location": {"legacyResourceId": "655441491"}}
             ]
           }}
        ]
      }
      """;

  /** The same order as REST gives it, written from graphql-mapping.md's rules. */
  private static final String REST_ORDER =
      """
      {
        "id": 450789469,
        "admin_graphql_api_id": "gid://shopify/Order/450789469",
        "name": "#1001",
        "order_number": 1001,
        "number": 1,
        "email": "buyer@example.com",
        "phone": null,
        "note": "leave at door",
        "tags": "gift, vip",
        "test": false,
        "created_at": "2026-07-01T10:00:00Z",
        "updated_at": "2026-07-02T11:00:00Z",
        "processed_at": "2026-07-01T10:00:01Z",
        "closed_at": null,
        "cancelled_at": null,
        "cancel_reason": "customer",
        "currency": "USD",
        "presentment_currency": "EUR",
        "customer_locale": "en",
        "browser_ip": "10.0.0.1",
        "buyer_accepts_marketing": true,
        "estimated_taxes": false,
        "taxes_included": true,
        "financial_status": "partially_refunded",
        "fulfillment_status": "fulfilled",
        "source_name": "web",
        "source_identifier": null,
        "source_url": "https://apps.example/src",
        "total_weight": 300,
        "token": "0123456789abcdef0123",
        "cart_token": "cart-1",
        "checkout_token": "checkout-1",
        "app_id": 1354745,
        "customer": {"id": 207119551},
        "location_id": 655441491,
        "landing_site": "https://shop.example/in",
        "referring_site": "https://ref.example/",
        "processing_method": null,
        "user_id": null,
        "billing_address": {
          "first_name": "A", "last_name": "B", "company": null, "address1": "1 Road",
          "address2": "", "city": "Town", "province": "Ontario", "province_code": "ON",
          "country": "Canada", "country_code": "CA", "zip": "K1A", "phone": "555",
          "name": "A B", "latitude": 45.5, "longitude": -75.25
        },
        "shipping_address": null,
        "subtotal_price": "19.50",
        "current_subtotal_price": "19.00",
        "total_discounts": "2.45",
        "current_total_discounts": "2.40",
        "total_price": "21.055",
        "current_total_price": "21.00",
        "total_tax": "1.10",
        "current_total_tax": "1.00",
        "total_outstanding": "0.00",
        "total_tip_received": "3.00",
        "total_line_items_price": "19.50",
        "line_items": [
          {"id": 466157049, "admin_graphql_api_id": "gid://shopify/LineItem/466157049",
           "name": "Shirt - M", "title": "Shirt", "variant_title": "M", "sku": "SH-M",
           "vendor": "Acme", "quantity": 2, "current_quantity": 2, "taxable": true,
           "requires_shipping": true, "gift_card": false, "fulfillable_quantity": 0,
           "fulfillment_status": "fulfilled", "fulfillment_service": "manual",
           "price": "9.50", "total_discount": "1.90", "product_id": 632910392,
           "variant_id": 39072856, "grams": 150,
           "discount_allocations": [{"amount": "1.90", "discount_application_index": 0}]},
          {"id": 518995019, "admin_graphql_api_id": "gid://shopify/LineItem/518995019",
           "name": "Sticker", "title": "Sticker", "variant_title": null, "sku": null,
           "vendor": "Acme", "quantity": 1, "current_quantity": 0, "taxable": false,
           "requires_shipping": false, "gift_card": false, "fulfillable_quantity": 1,
           "fulfillment_status": null, "fulfillment_service": null,
           "price": "0.50", "total_discount": "0.55", "product_id": null,
           "variant_id": null, "grams": null,
           "discount_allocations": [
             {"amount": "0.05", "discount_application_index": 0},
             {"amount": "0.50", "discount_application_index": 1}
           ]}
        ],
        "refunds": [
          {"id": 509562969, "admin_graphql_api_id": "gid://shopify/Refund/509562969",
           "created_at": "2026-07-02T11:00:00Z", "note": "damaged",
           "total_refunded_set": {"shop_money": {"amount": "0.5", "currency_code": "USD"}},
           "restock": true, "user_id": null,
           "refund_line_items": [
             {"id": 104689539, "admin_graphql_api_id": "gid://shopify/RefundLineItem/104689539",
              "quantity": 1, "line_item_id": 518995019, "location_id": 655441491,
              "restock_type": "return", "subtotal": 0.50, "total_tax": 0.00}
           ]}
        ],
        "discount_codes": [
          {"code": "TEN", "amount": "2.20", "type": "percentage"},
          {"code": "SHIP", "amount": "4.00", "type": "shipping"},
          {"code": "UNUSED", "amount": "0.00", "type": "fixed_amount"}
        ]
      }
      """;

  private static ObjectNode order() {
    return (ObjectNode) json(ORDER);
  }

  private static JsonNode json(String text) {
    try {
      return ShopifyJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Compared as text with keys sorted, so that decimals' scale counts ("0.50" is not "0.5") and the
   * order of keys does not.
   */
  static void assertJson(JsonNode expected, JsonNode actual) {
    assertEquals(
        sortedKeys(expected).toPrettyString(),
        sortedKeys(json(actual.toString())).toPrettyString());
  }

  private static JsonNode sortedKeys(JsonNode node) {
    if (node.isArray()) {
      ArrayNode array = RestFields.newObject().arrayNode();
      node.forEach(element -> array.add(sortedKeys(element)));
      return array;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode object = RestFields.newObject();
    sorted(node.fieldNames()).forEach(key -> object.set(key, sortedKeys(node.get(key))));
    return object;
  }

  @Test
  void aWholeOrderBecomesRestsOrder() {
    ObjectNode expected = (ObjectNode) json(REST_ORDER);
    ObjectNode actual = OrderShape.rest(order());
    assertEquals(sorted(expected.fieldNames()), sorted(actual.fieldNames()));
    for (String key : sorted(expected.fieldNames())) {
      assertJson(expected.get(key), actual.get(key));
    }
  }

  private static java.util.List<String> sorted(java.util.Iterator<String> names) {
    java.util.List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    java.util.Collections.sort(list);
    return list;
  }

  @Test
  void fulfillmentStatusMapsShopifysDisplayStatusesAndNullsTheRest() {
    assertEquals("partial", fulfillment("PARTIALLY_FULFILLED").textValue());
    assertEquals("restocked", fulfillment("RESTOCKED").textValue());
    assertSame(NullNode.getInstance(), fulfillment("UNFULFILLED"));
    ObjectNode order = order();
    order.putNull("display_fulfillment_status");
    assertSame(NullNode.getInstance(), OrderShape.rest(order).get("fulfillment_status"));
    order.put("display_fulfillment_status", 7);
    assertEquals(7, OrderShape.rest(order).get("fulfillment_status").intValue(), "kept raw");
  }

  private static JsonNode fulfillment(String display) {
    return restValue("display_fulfillment_status", display, "fulfillment_status");
  }

  /** The REST order's {@code restKey} when the GraphQL order's {@code key} is {@code value}. */
  private static JsonNode restValue(String key, String value, String restKey) {
    ObjectNode order = order();
    order.put(key, value);
    return OrderShape.rest(order).get(restKey);
  }

  @Test
  void numberIsOrderNumberLessAThousandAndAnUnreadableOneIsKept() {
    ObjectNode order = order();
    order.put("order_number", 2345);
    assertEquals(1345L, OrderShape.rest(order).get("number").longValue());
    order.put("order_number", "1001");
    assertEquals("1001", OrderShape.rest(order).get("number").textValue(), "kept raw");
    order.putNull("order_number");
    assertSame(NullNode.getInstance(), OrderShape.rest(order).get("number"));
    order.put("order_number", 1.5);
    assertTrue(OrderShape.rest(order).get("number").isFloatingPointNumber(), "kept raw");
    order.put("order_number", new java.math.BigInteger("100000000000000000000"));
    assertTrue(OrderShape.rest(order).get("number").isBigInteger(), "beyond a long: kept raw");
  }

  @Test
  void tokenIsTheStatusUrlsSegmentAfterOrdersOrNull() {
    assertEquals("abcdef0123456789", token("https://s.example/9/orders/abcdef0123456789").asText());
    assertEquals(
        "abcdef0123456789", token("https://s.example/9/orders/abcdef0123456789/x").asText());
    for (String other :
        new String[] {
          "https://s.example/9/orders/abcdef012345678", // 15 hex digits: too short
          "https://s.example/9/orders/ABCDEF0123456789",
          "https://s.example/9/orders/abcdef0123456789z",
          "https://s.example/9/checkouts/abcdef0123456789"
        }) {
      assertSame(NullNode.getInstance(), token(other), other);
    }
    ObjectNode order = order();
    order.putNull("status_page_url");
    assertSame(NullNode.getInstance(), OrderShape.rest(order).get("token"));
    order.put("status_page_url", 5);
    assertSame(NullNode.getInstance(), OrderShape.rest(order).get("token"));
  }

  private static JsonNode token(String url) {
    return restValue("status_page_url", url, "token");
  }

  @Test
  void aGuestOrderHasANullCustomerAndALocationComesFromThePhysicalOneFirst() {
    ObjectNode order = order();
    order.putNull("customer");
    order.putObject("physicalLocation").put("legacyResourceId", "48752903");
    ObjectNode rest = OrderShape.rest(order);
    assertSame(NullNode.getInstance(), rest.get("customer"));
    assertEquals(48752903L, rest.get("location_id").longValue());
    order.putNull("retailLocation");
    order.putNull("physicalLocation");
    assertSame(NullNode.getInstance(), OrderShape.rest(order).get("location_id"));
  }

  @Test
  void discountCodesSkipWhatIsNotACodeAllocationAndKeepAnUnreadableConnection() {
    ObjectNode order = order();
    ArrayNode applications = (ArrayNode) order.path("discount_applications").path("nodes");
    applications.add("not an object");
    applications.addObject().put("__typename", "DiscountCodeApplication").put("code", "NOINDEX");
    ObjectNode shipping = (ObjectNode) order.path("shipping_lines").path("nodes").get(0);
    ArrayNode shippingAllocations = (ArrayNode) shipping.get("discount_allocations");
    shippingAllocations.add("not an object");
    ObjectNode numeric = shippingAllocations.addObject();
    numeric.putObject("amount_set").putObject("shop_money").put("amount", 1.5);
    numeric.putObject("discountApplication").put("index", 2);
    ObjectNode fractional = shippingAllocations.addObject();
    fractional.putObject("amount_set").putObject("shop_money").put("amount", "100");
    fractional.putObject("discountApplication").put("index", 2.5);
    ObjectNode unreadable = shippingAllocations.addObject();
    unreadable.putObject("amount_set").putObject("shop_money").put("amount", "lots");
    unreadable.putObject("discountApplication").put("index", 2);
    ObjectNode boolAmount = shippingAllocations.addObject();
    boolAmount.putObject("amount_set").putObject("shop_money").put("amount", true);
    boolAmount.putObject("discountApplication").put("index", 2);
    ((ArrayNode) order.path("shipping_lines").path("nodes")).add("not an object");
    ((ArrayNode) order.path("shipping_lines").path("nodes")).addObject().putNull("x");

    assertJson(
        json(
            """
            [{"code": "TEN", "amount": "2.20", "type": "percentage"},
             {"code": "SHIP", "amount": "5.50", "type": "shipping"},
             {"code": "UNUSED", "amount": "0.00", "type": "fixed_amount"},
             {"code": "NOINDEX", "amount": "0.00", "type": "fixed_amount"}]
            """),
        OrderShape.rest(order).get("discount_codes"));

    order.put("discount_applications", "raw");
    assertEquals("raw", OrderShape.rest(order).get("discount_codes").textValue());
    order.putNull("discount_applications");
    assertSame(NullNode.getInstance(), OrderShape.rest(order).get("discount_codes"));
  }

  @Test
  void withoutReadableLineItemsCodesCountOnlyShippingAllocations() {
    ObjectNode order = order();
    order.put("line_items", "raw");
    ObjectNode rest = OrderShape.rest(order);
    assertEquals("raw", rest.get("line_items").textValue());
    assertSame(NullNode.getInstance(), rest.get("total_line_items_price"));
    assertEquals("0.25", rest.get("discount_codes").get(0).get("amount").textValue());
    order.putNull("shipping_lines");
    assertEquals(
        "0.00", OrderShape.rest(order).get("discount_codes").get(0).get("amount").textValue());
  }
}
