package courier.simulator;

import static courier.simulator.GqlValues.bag;
import static courier.simulator.GqlValues.gid;
import static courier.simulator.GqlValues.reference;
import static courier.simulator.GqlValues.text;
import static courier.simulator.GqlValues.utc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.graphql.Connections;
import courier.simulator.graphql.Resolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An abandoned checkout of the REST model as GraphQL's {@code AbandonedCheckout}. The SDL has no
 * email, phone, token, cart token, locale, source or closedAt: those REST keys have no GraphQL
 * view. A line's vendor and gift-card flag are its product's, its weight, taxable and shipping
 * flags its variant's (as they are now).
 */
final class GqlCheckoutView {
  private GqlCheckoutView() {}

  static Map<String, Object> checkout(ObjectNode c, GqlViews views) {
    long id = c.path("id").asLong();
    Map<String, Object> m = GqlValues.object("AbandonedCheckout");
    m.put("id", gid("AbandonedCheckout", id));
    m.put("name", text(c.get("name")));
    // AbandonedCheckout.note is String! in the SDL: Shopify answers "" where REST has null.
    String note = text(c.get("note"));
    m.put("note", note == null ? "" : note);
    m.put("createdAt", utc(c.get("created_at")));
    m.put("updatedAt", utc(c.get("updated_at")));
    m.put("completedAt", utc(c.get("completed_at")));
    m.put("abandonedCheckoutUrl", text(c.get("abandoned_checkout_url")));
    List<String> codes = new ArrayList<>();
    c.path("discount_codes").forEach(dc -> codes.add(text(dc.get("code"))));
    m.put("discountCodes", codes);
    m.put("taxesIncluded", c.path("taxes_included").asBoolean());
    m.put("customer", reference("Customer", c.path("customer").get("id")));
    m.put("billingAddress", GqlOrderView.address(c.get("billing_address"), id, "billing"));
    m.put("shippingAddress", GqlOrderView.address(c.get("shipping_address"), id, "shipping"));
    m.put("subtotalPriceSet", bag(text(c.get("subtotal_price"))));
    m.put("totalDiscountSet", bag(text(c.get("total_discounts"))));
    m.put("totalLineItemsPriceSet", bag(text(c.get("total_line_items_price"))));
    m.put("totalPriceSet", bag(text(c.get("total_price"))));
    m.put("totalTaxSet", bag(text(c.get("total_tax"))));
    List<Map<String, Object>> lines = new ArrayList<>();
    JsonNode items = c.path("line_items");
    for (int i = 0; i < items.size(); i++) {
      lines.add(line(items.get(i), id * 100 + i, views));
    }
    m.put("lineItems", Connections.paged(lines));
    return m;
  }

  /** REST checkout lines have no numeric id: the checkout's id and the position stand in. */
  private static Map<String, Object> line(JsonNode li, long lineId, GqlViews views) {
    Map<String, Object> line = GqlValues.object("AbandonedCheckoutLineItem");
    line.put("id", gid("AbandonedCheckoutLineItem", lineId));
    line.put("title", text(li.get("title")));
    line.put("variantTitle", text(li.get("variant_title")));
    line.put("sku", text(li.get("sku")));
    line.put("quantity", li.path("quantity").asInt());
    line.put("product", product(li.get("product_id"), views));
    line.put("variant", GqlLineItemView.variant(li.get("variant_id"), views));
    line.put("originalUnitPriceSet", bag(text(li.get("price"))));
    line.put("originalTotalPriceSet", bag(text(li.get("line_price"))));
    return line;
  }

  /** The line's product as it is now, resolved when selected; a deleted one keeps its reference. */
  private static Object product(JsonNode restId, GqlViews views) {
    Map<String, Object> reference = reference("Product", restId);
    if (reference == null) {
      return null;
    }
    long id = restId.asLong();
    return (Resolver)
        env -> {
          Map<String, Object> current = views.byId(Resource.PRODUCTS, id);
          return current != null ? current : reference;
        };
  }
}
