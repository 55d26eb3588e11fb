package courier.simulator;

import static courier.simulator.GqlValues.bag;
import static courier.simulator.GqlValues.gid;
import static courier.simulator.GqlValues.reference;
import static courier.simulator.GqlValues.text;
import static courier.simulator.GqlValues.utc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.graphql.Connections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GraphQL view of the shop: every entity is rendered from the same REST model ({@link
 * ShopData#full}) the REST endpoints serve, so both views of one shop agree row for row.
 */
final class GqlViews {
  final ShopData data;
  final GqlVariants variants;
  private final GqlOrderView orders = new GqlOrderView(this);
  private final GqlCustomerView customers = new GqlCustomerView(this);

  GqlViews(ShopData data) {
    this.data = data;
    this.variants = new GqlVariants(data);
  }

  /** The entity at an index position in its GraphQL form. */
  Map<String, Object> view(Resource r, ObjectNode full) {
    return switch (r) {
      case ORDERS -> orders.order(full);
      case CUSTOMERS -> customers.customer(full);
      case PRODUCTS -> GqlProductView.product(full);
      case LOCATIONS -> GqlCustomerView.location(full);
      case CHECKOUTS -> checkout(full);
    };
  }

  Map<String, Object> byId(Resource r, long id) {
    ObjectNode full = data.fullById(r, id);
    return full == null ? null : view(r, full);
  }

  Map<String, Object> orderById(long id) {
    return byId(Resource.ORDERS, id);
  }

  Map<String, Object> customerById(long id) {
    return byId(Resource.CUSTOMERS, id);
  }

  /** A refund by id: generated refunds sit at a known order position, added ones in the overlay. */
  Map<String, Object> refundById(long refundId) {
    long pos = (refundId - IdLayout.REFUND_BASE) / 4;
    ResourceIndex index = data.index(Resource.ORDERS);
    if (refundId >= IdLayout.REFUND_BASE && pos < data.generated(Resource.ORDERS)) {
      Map<String, Object> found =
          refundIn(data.fullById(Resource.ORDERS, index.idAt((int) pos)), refundId);
      if (found != null) {
        return found;
      }
    }
    for (ObjectNode order : data.overlay(Resource.ORDERS)) {
      Map<String, Object> found = refundIn(order, refundId);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private Map<String, Object> refundIn(ObjectNode order, long refundId) {
    if (order != null) {
      for (JsonNode refund : order.path("refunds")) {
        if (refund.path("id").asLong() == refundId) {
          return GqlLineItemView.refund(refund, this);
        }
      }
    }
    return null;
  }

  /** An abandoned checkout as GraphQL's {@code AbandonedCheckout}. */
  static Map<String, Object> checkout(ObjectNode c) {
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
    m.put("subtotalPriceSet", bag(text(c.get("subtotal_price"))));
    m.put("totalDiscountSet", bag(text(c.get("total_discounts"))));
    m.put("totalLineItemsPriceSet", bag(text(c.get("total_line_items_price"))));
    m.put("totalPriceSet", bag(text(c.get("total_price"))));
    m.put("totalTaxSet", bag(text(c.get("total_tax"))));
    List<Map<String, Object>> lines = new ArrayList<>();
    JsonNode items = c.path("line_items");
    for (int i = 0; i < items.size(); i++) {
      JsonNode li = items.get(i);
      Map<String, Object> line = GqlValues.object("AbandonedCheckoutLineItem");
      // REST checkout lines have no numeric id; the position within the checkout stands in.
      line.put("id", gid("AbandonedCheckoutLineItem", id * 100 + i));
      line.put("title", text(li.get("title")));
      line.put("variantTitle", text(li.get("variant_title")));
      line.put("sku", text(li.get("sku")));
      line.put("quantity", li.path("quantity").asInt());
      line.put("product", reference("Product", li.get("product_id")));
      line.put("variant", reference("ProductVariant", li.get("variant_id")));
      line.put("originalUnitPriceSet", bag(text(li.get("price"))));
      lines.add(line);
    }
    m.put("lineItems", Connections.paged(lines));
    return m;
  }
}
