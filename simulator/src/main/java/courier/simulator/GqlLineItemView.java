package courier.simulator;

import static courier.simulator.GqlValues.bag;
import static courier.simulator.GqlValues.gid;
import static courier.simulator.GqlValues.reference;
import static courier.simulator.GqlValues.text;
import static courier.simulator.GqlValues.upper;
import static courier.simulator.GqlValues.utc;

import com.fasterxml.jackson.databind.JsonNode;
import courier.simulator.graphql.Connections;
import courier.simulator.graphql.Resolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of an order below it: line items with their discount allocations, discount
 * applications, shipping lines and refunds with their refund line items (mapping §1.3–§1.6).
 */
final class GqlLineItemView {
  private GqlLineItemView() {}

  static Map<String, Object> lineItem(JsonNode li, GqlViews views) {
    Map<String, Object> m = GqlValues.object("LineItem");
    m.put("id", gid("LineItem", li.path("id").asLong()));
    m.put("name", text(li.get("name")));
    m.put("title", text(li.get("title")));
    m.put("variantTitle", text(li.get("variant_title")));
    m.put("sku", text(li.get("sku")));
    m.put("vendor", text(li.get("vendor")));
    m.put("quantity", li.path("quantity").asInt());
    m.put("currentQuantity", li.path("current_quantity").asInt());
    m.put("taxable", li.path("taxable").asBoolean());
    m.put("requiresShipping", li.path("requires_shipping").asBoolean());
    m.put("isGiftCard", li.path("gift_card").asBoolean());
    m.put("fulfillableQuantity", li.path("fulfillable_quantity").asInt());
    m.put("fulfillmentService", fulfillmentService(text(li.get("fulfillment_service"))));
    String fulfillment = text(li.get("fulfillment_status"));
    m.put("fulfillmentStatus", fulfillment == null ? "unfulfilled" : fulfillment);
    m.put(
        "unfulfilledQuantity",
        "fulfilled".equals(fulfillment) ? 0 : li.path("current_quantity").asInt());
    m.put("originalUnitPriceSet", bag(li.get("price_set")));
    m.put("totalDiscountSet", bag(li.get("total_discount_set")));
    m.put("product", reference("Product", li.get("product_id")));
    m.put("variant", variant(li.get("variant_id"), views));
    List<Map<String, Object>> allocations = new ArrayList<>();
    li.path("discount_allocations").forEach(a -> allocations.add(allocation(a)));
    m.put("discountAllocations", allocations);
    return m;
  }

  /** The deprecated LineItem.fulfillmentService: REST's handle ("manual") as an object. */
  private static Map<String, Object> fulfillmentService(String handle) {
    if (handle == null) {
      return null;
    }
    Map<String, Object> m = GqlValues.object("FulfillmentService");
    m.put("id", gid("FulfillmentService", Math.abs((long) handle.hashCode())));
    m.put("handle", handle);
    m.put("serviceName", handle.equals("manual") ? "Manual" : handle);
    m.put("type", handle.equals("manual") ? "MANUAL" : "THIRD_PARTY");
    return m;
  }

  /**
   * The line's variant as it is now (GraphQL has no weight at order time: the courier reads the
   * variant's current weight for the line's grams), resolved only when a query selects more than
   * its id; a deleted variant keeps its reference.
   */
  static Object variant(JsonNode restId, GqlViews views) {
    Map<String, Object> reference = reference("ProductVariant", restId);
    if (reference == null) {
      return null;
    }
    long id = restId.asLong();
    return (Resolver)
        env -> {
          Map<String, Object> current = BulkViewMemo.variant(env, id, views.variants::byId);
          return current != null ? current : reference;
        };
  }

  private static Map<String, Object> allocation(JsonNode a) {
    Map<String, Object> m = GqlValues.object("DiscountAllocation");
    m.put("allocatedAmountSet", bag(a.get("amount_set")));
    Map<String, Object> application = GqlValues.object("DiscountCodeApplication");
    application.put("index", a.path("discount_application_index").asInt());
    m.put("discountApplication", application);
    return m;
  }

  /** REST {@code discount_applications[index]}; codes become DiscountCodeApplication. */
  static Map<String, Object> discountApplication(JsonNode a, int index) {
    String type = text(a.get("type"));
    Map<String, Object> m =
        GqlValues.object(
            switch (type == null ? "" : type) {
              case "discount_code" -> "DiscountCodeApplication";
              case "automatic" -> "AutomaticDiscountApplication";
              case "script" -> "ScriptDiscountApplication";
              default -> "ManualDiscountApplication";
            });
    m.put("index", index);
    m.put("allocationMethod", upper(a.get("allocation_method")));
    m.put("targetType", upper(a.get("target_type")));
    m.put("targetSelection", upper(a.get("target_selection")));
    m.put("code", text(a.get("code")));
    m.put("title", text(a.get("title")));
    Map<String, Object> value;
    if ("percentage".equals(text(a.get("value_type")))) {
      value = GqlValues.object("PricingPercentageValue");
      value.put("percentage", a.path("value").asDouble());
    } else {
      value = GqlValues.money(text(a.get("value")), Money.CURRENCY);
    }
    m.put("value", value);
    return m;
  }

  static Map<String, Object> shippingLine(JsonNode sl) {
    Map<String, Object> m = GqlValues.object("ShippingLine");
    m.put("id", gid("ShippingLine", sl.path("id").asLong()));
    m.put("title", text(sl.get("title")));
    m.put("code", text(sl.get("code")));
    m.put("source", text(sl.get("source")));
    m.put("isRemoved", sl.path("is_removed").asBoolean());
    m.put("originalPriceSet", bag(sl.get("price_set")));
    m.put("discountedPriceSet", bag(sl.get("discounted_price_set")));
    List<Map<String, Object>> allocations = new ArrayList<>();
    sl.path("discount_allocations").forEach(a -> allocations.add(allocation(a)));
    m.put("discountAllocations", allocations);
    return m;
  }

  static Map<String, Object> refund(JsonNode r, GqlViews views) {
    long id = r.path("id").asLong();
    Map<String, Object> m = GqlValues.object("Refund");
    m.put("id", gid("Refund", id));
    m.put("legacyResourceId", Long.toString(id));
    m.put("createdAt", utc(r.get("created_at")));
    m.put("updatedAt", utc(r.get("processed_at")));
    m.put("note", text(r.get("note")));
    m.put("order", reference("Order", r.get("order_id")));
    long total = 0;
    for (JsonNode t : r.path("transactions")) {
      total += Math.round(t.path("amount").asDouble() * 100);
    }
    m.put("totalRefundedSet", bag(Money.fmt(total)));
    List<Map<String, Object>> lines = new ArrayList<>();
    r.path("refund_line_items").forEach(rli -> lines.add(refundLineItem(rli, views)));
    m.put("refundLineItems", Connections.paged(lines));
    return m;
  }

  private static Map<String, Object> refundLineItem(JsonNode rli, GqlViews views) {
    Map<String, Object> m = GqlValues.object("RefundLineItem");
    m.put("id", gid("RefundLineItem", rli.path("id").asLong()));
    m.put("quantity", rli.path("quantity").asInt());
    m.put("restockType", upper(rli.get("restock_type")));
    m.put("restocked", !"no_restock".equals(text(rli.get("restock_type"))));
    m.put("subtotalSet", bag(rli.get("subtotal_set")));
    m.put("totalTaxSet", bag(rli.get("total_tax_set")));
    m.put("priceSet", bag(rli.path("line_item").get("price_set")));
    m.put("lineItem", lineItem(rli.path("line_item"), views));
    m.put("location", reference("Location", rli.get("location_id")));
    return m;
  }
}
