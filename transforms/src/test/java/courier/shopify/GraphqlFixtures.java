package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * GraphQL Admin API answers shaped as Shopify sends them (GIDs, legacyResourceId strings, MoneyBags
 * with decimal strings, UPPER enums, UTC timestamps), under the aliases of the courier's queries.
 */
final class GraphqlFixtures {
  private GraphqlFixtures() {}

  static ObjectNode object() {
    return ShopifyJson.mapper().createObjectNode();
  }

  static ObjectNode bag(String amount) {
    ObjectNode bag = object();
    bag.putObject("shop_money").put("amount", amount).put("currency_code", "USD");
    return bag;
  }

  static ObjectNode connection(List<? extends JsonNode> nodes, boolean hasNext, String endCursor) {
    ObjectNode connection = object();
    connection.putObject("pageInfo").put("hasNextPage", hasNext).put("endCursor", endCursor);
    ArrayNode array = connection.putArray("nodes");
    nodes.forEach(array::add);
    return connection;
  }

  /** {"data":{root: connection}, "extensions": cost} as text. */
  static String page(String root, List<? extends JsonNode> nodes, boolean hasNext, String cursor) {
    ObjectNode body = object();
    body.putObject("data").set(root, connection(nodes, hasNext, cursor));
    body.set("extensions", cost(100, 2000, 1900, 100));
    return body.toString();
  }

  /** An overflow answer: {"data":{root: {admin_graphql_api_id, key: connection}}}. */
  static String overflow(
      String root, String gid, String key, List<? extends JsonNode> nodes, boolean hasNext) {
    ObjectNode body = object();
    ObjectNode owner = body.putObject("data").putObject(root);
    owner.put("admin_graphql_api_id", gid);
    owner.set(key, connection(nodes, hasNext, hasNext ? "more-" + nodes.size() : null));
    body.set("extensions", cost(50, 2000, 1900, 100));
    return body.toString();
  }

  static ObjectNode cost(double actual, double maximum, double available, double restoreRate) {
    ObjectNode extensions = object();
    ObjectNode cost = extensions.putObject("cost");
    cost.put("requestedQueryCost", 846).put("actualQueryCost", actual);
    cost.putObject("throttleStatus")
        .put("maximumAvailable", maximum)
        .put("currentlyAvailable", available)
        .put("restoreRate", restoreRate);
    return extensions;
  }

  /** {"errors":[{message, extensions:{code}}], ...} with optional partial data. */
  static String errors(String code, String message, JsonNode data, ObjectNode extensions) {
    ObjectNode body = object();
    if (data != null) {
      body.set("data", data);
    }
    ObjectNode error = body.putArray("errors").addObject().put("message", message);
    error.putObject("extensions").put("code", code);
    if (extensions != null) {
      body.set("extensions", extensions);
    }
    return body.toString();
  }

  static ObjectNode lineItem(long id, String price, int quantity) {
    ObjectNode line = object();
    line.put("admin_graphql_api_id", "gid://shopify/LineItem/" + id)
        .put("name", "IPod Nano - 8gb - green")
        .put("title", "IPod Nano - 8gb")
        .put("variant_title", "green")
        .put("sku", "IPOD2008GREEN")
        .putNull("vendor")
        .put("quantity", quantity)
        .put("current_quantity", quantity)
        .put("taxable", true)
        .put("requires_shipping", true)
        .put("gift_card", false)
        .put("fulfillable_quantity", quantity)
        .put("fulfillment_status", "unfulfilled")
        .put("unfulfilled_quantity", quantity);
    line.putObject("fulfillment_service").put("handle", "manual");
    line.set("price_set", bag(price));
    line.set("total_discount_set", bag("0.0"));
    line.putObject("product").put("legacyResourceId", "632910392");
    ObjectNode variant = line.putObject("variant").put("legacyResourceId", "39072856");
    variant
        .putObject("inventoryItem")
        .putObject("measurement")
        .putObject("weight")
        .put("unit", "POUNDS")
        .put("value", 1.25);
    ObjectNode allocation = line.putArray("discount_allocations").addObject();
    allocation.set("amount_set", bag("3.34"));
    allocation.putObject("discountApplication").put("index", 0);
    return line;
  }

  static ObjectNode refundLine(long id, long lineItemId) {
    ObjectNode line = object();
    line.put("admin_graphql_api_id", "gid://shopify/RefundLineItem/" + id)
        .put("quantity", 1)
        .put("restock_type", "LEGACY_RESTOCK");
    line.set("subtotal_set", bag("195.66"));
    line.set("total_tax_set", bag("3.98"));
    line.putObject("line_item").put("id", "gid://shopify/LineItem/" + lineItemId);
    line.putObject("location").put("legacyResourceId", "487838322");
    return line;
  }

  static ObjectNode order(
      long id,
      List<ObjectNode> lines,
      boolean moreLines,
      List<ObjectNode> refundLines,
      boolean moreRefundLines) {
    ObjectNode order = object();
    order
        .put("admin_graphql_api_id", "gid://shopify/Order/" + id)
        .put("id", Long.toString(id))
        .put("name", "#1001")
        .put("order_number", 1001)
        .put("email", "bob.norman@mail.example.com")
        .put("phone", "+557734881234")
        .putNull("note")
        .put("test", false)
        .put("created_at", "2008-01-10T16:00:00Z")
        .put("updated_at", "2026-01-02T00:00:00Z")
        .put("processed_at", "2008-01-10T16:00:00Z")
        .putNull("closed_at")
        .putNull("cancelled_at")
        .putNull("cancel_reason")
        .put("currency", "USD")
        .put("presentment_currency", "USD")
        .putNull("customer_locale")
        .put("browser_ip", "0.0.0.0")
        .put("buyer_accepts_marketing", false)
        .put("estimated_taxes", false)
        .put("taxes_included", false)
        .put("financial_status", "PARTIALLY_REFUNDED")
        .put("display_fulfillment_status", "UNFULFILLED")
        .put("source_name", "web")
        .put("source_identifier", "fhwdgads")
        .putNull("source_url")
        .put("total_weight", "0")
        .put(
            "status_page_url",
            "https://jsmith.myshopify.com/548380009/orders/b1946ac92492d2347c6235b4d2611184/authenticate?key=x")
        .put("cart_token", "68778783ad298f1c80c3bafcddeea02f")
        .put("checkout_token", "bd5a8aa1ecd019dd3520ff791ee3a24c");
    order.putArray("tags").add("Wholesale").add("VIP");
    order.putNull("app");
    order
        .putObject("customer")
        .put("id", "gid://shopify/Customer/207119551")
        .put("legacyResourceId", "207119551");
    order.putNull("physicalLocation");
    order.putNull("retailLocation");
    order
        .putObject("customerJourneySummary")
        .putObject("lastVisit")
        .put("landingPage", "http://www.example.com?source=abc")
        .put("referrerUrl", "http://www.otherexample.com");
    order
        .putObject("billing_address")
        .put("id", "gid://shopify/MailingAddress/1?model_name=Address")
        .put("first_name", "Bob")
        .put("last_name", "Norman")
        .putNull("company")
        .put("address1", "Chestnut Street 92")
        .put("address2", "")
        .put("city", "Louisville")
        .put("province", "Kentucky")
        .put("province_code", "KY")
        .put("country", "United States")
        .put("country_code", "US")
        .put("zip", "40202")
        .put("phone", "+1(502)-459-2181")
        .put("name", "Bob Norman")
        .put("latitude", 45.41634)
        .put("longitude", -75.6868);
    order.putNull("shipping_address"); // a gift-card order ships nothing
    for (String bag :
        new String[] {
          "subtotal_price",
          "current_subtotal_price",
          "total_discounts",
          "current_total_discounts",
          "total_price",
          "current_total_price",
          "total_tax",
          "current_total_tax",
          "total_outstanding",
          "total_tip_received"
        }) {
      order.set(bag + "_set", bag("598.94"));
    }
    ObjectNode code =
        object()
            .put("__typename", "DiscountCodeApplication")
            .put("index", 0)
            .put("allocation_method", "ACROSS")
            .put("target_type", "LINE_ITEM")
            .put("target_selection", "ALL")
            .put("code", "TENOFF");
    code.putObject("value")
        .put("__typename", "MoneyV2")
        .put("amount", "10.0")
        .put("currencyCode", "USD");
    order.set("discount_applications", connection(List.of(code), false, "a1"));
    order.set("shipping_lines", connection(List.of(), false, null));
    order.set("line_items", connection(lines, moreLines, "lines-" + lines.size()));
    ObjectNode refund =
        order
            .putArray("refunds")
            .addObject()
            .put("admin_graphql_api_id", "gid://shopify/Refund/509562969")
            .put("id", "509562969")
            .put("created_at", "2025-07-02T16:29:59Z")
            .put("note", "it broke during shipping");
    refund.set("total_refunded_set", bag("209.00"));
    refund.set(
        "refund_line_items",
        connection(refundLines, moreRefundLines, "refund-lines-" + refundLines.size()));
    return order;
  }

  static ObjectNode customer(long id, List<ObjectNode> addresses, boolean moreAddresses) {
    ObjectNode customer = object();
    customer
        .put("admin_graphql_api_id", "gid://shopify/Customer/" + id)
        .put("id", Long.toString(id))
        .put("first_name", "Steve")
        .put("last_name", "Lastnameson")
        .putNull("note")
        .put("state", "DISABLED")
        .put("created_at", "2025-07-02T16:27:00Z")
        .put("updated_at", "2026-01-02T00:00:00Z")
        .put("verified_email", true)
        .put("tax_exempt", false)
        .putNull("multipass_identifier")
        .put("orders_count", "0");
    customer.putArray("tags");
    customer.putObject("amount_spent").put("amount", "0.0").put("currency_code", "USD");
    customer.putObject("default_email").put("email_address", "steve.lastnameson@example.com");
    customer.putObject("default_phone").put("phone_number", "+15142546011");
    customer.putNull("last_order");
    customer.putObject("default_address").put("id", address(1053317292).get("id").textValue());
    customer.set("addresses", connection(addresses, moreAddresses, "addr-" + addresses.size()));
    return customer;
  }

  static ObjectNode address(long id) {
    return object()
        .put("id", "gid://shopify/MailingAddress/" + id + "?model_name=CustomerAddress")
        .put("first_name", "Mother")
        .put("last_name", "Lastnameson")
        .putNull("company")
        .put("address1", "123 Oak St")
        .putNull("address2")
        .put("city", "Ottawa")
        .put("province", "Ontario")
        .put("province_code", "ON")
        .put("country", "Canada")
        .put("country_code", "CA")
        .put("zip", "123 ABC")
        .put("phone", "555-1212")
        .put("name", "Mother Lastnameson");
  }

  static ObjectNode product(long id, List<ObjectNode> variants, boolean moreVariants) {
    ObjectNode product = object();
    product
        .put("admin_graphql_api_id", "gid://shopify/Product/" + id)
        .put("id", Long.toString(id))
        .put("title", "IPod Nano - 8GB")
        .put("handle", "ipod-nano")
        .put("vendor", "Apple")
        .put("status", "ACTIVE")
        .put("body_html", "<p>It's the small iPod</p>")
        .put("product_type", "Cult Products")
        .putNull("template_suffix")
        .put("created_at", "2025-10-02T16:29:59Z")
        .put("updated_at", "2026-01-02T00:00:00Z")
        .put("published_at", "2008-01-01T00:00:00Z");
    product.putArray("tags").add("Emotive").add("Flash Memory").add("MP3").add("Music");
    product.putArray("options").addObject().put("name", "Color").put("position", 1);
    product.set("variants", connection(variants, moreVariants, "variants-" + variants.size()));
    return product;
  }

  static ObjectNode variant(long id, int position) {
    ObjectNode variant = object();
    variant
        .put("admin_graphql_api_id", "gid://shopify/ProductVariant/" + id)
        .put("id", Long.toString(id))
        .put("title", "Pink")
        .put("sku", "IPOD2008PINK")
        .put("barcode", "1234_pink")
        .put("position", position)
        .put("price", "199.0")
        .putNull("compare_at_price")
        .put("taxable", true)
        .put("inventory_policy", "CONTINUE")
        .put("inventory_quantity", 10)
        .put("created_at", "2025-10-02T16:29:59Z")
        .put("updated_at", "2025-10-02T16:29:59Z");
    variant.putArray("selected_options").addObject().put("name", "Color").put("value", "Pink");
    ObjectNode item =
        variant
            .putObject("inventory_item")
            .put("id", Long.toString(id))
            .put("tracked", true)
            .put("requires_shipping", true);
    item.putObject("measurement").putObject("weight").put("unit", "POUNDS").put("value", 1.25);
    return variant;
  }

  static ObjectNode location(long id) {
    ObjectNode location = object();
    location
        .put("admin_graphql_api_id", "gid://shopify/Location/" + id)
        .put("id", Long.toString(id))
        .put("name", "50 Rideau Street")
        .put("active", true)
        .put("legacy", false)
        .put("created_at", "2025-07-02T16:09:43Z")
        .put("updated_at", "2025-07-02T16:09:43Z");
    location
        .putObject("address")
        .put("address1", "50 Rideau Street")
        .putNull("address2")
        .put("city", "Ottawa")
        .put("zip", "K1N 9J7")
        .put("province", "Ontario")
        .put("province_code", "ON")
        .put("country", "Canada")
        .put("country_code", "CA")
        .putNull("phone");
    return location;
  }
}
