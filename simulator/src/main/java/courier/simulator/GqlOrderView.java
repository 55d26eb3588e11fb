package courier.simulator;

import static courier.simulator.GqlValues.bag;
import static courier.simulator.GqlValues.gid;
import static courier.simulator.GqlValues.reference;
import static courier.simulator.GqlValues.text;
import static courier.simulator.GqlValues.upper;
import static courier.simulator.GqlValues.utc;
import static courier.simulator.GqlValues.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.graphql.Connections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An order of the REST model as GraphQL's {@code Order} (graphql-mapping.md §1.1). */
final class GqlOrderView {
  private final GqlViews views;

  GqlOrderView(GqlViews views) {
    this.views = views;
  }

  Map<String, Object> order(ObjectNode o) {
    long id = o.path("id").asLong();
    Map<String, Object> m = GqlValues.object("Order");
    m.put("id", gid("Order", id));
    m.put("legacyResourceId", Long.toString(id));
    m.put("name", text(o.get("name")));
    m.put("number", o.path("order_number").asInt());
    m.put("email", text(o.get("email")));
    m.put("phone", text(o.get("phone")));
    m.put("note", text(o.get("note")));
    m.put("tags", GqlValues.tags(o.get("tags")));
    m.put("test", o.path("test").asBoolean());
    m.put("createdAt", utc(o.get("created_at")));
    m.put("updatedAt", utc(o.get("updated_at")));
    m.put("processedAt", utc(o.get("processed_at")));
    m.put("closedAt", utc(o.get("closed_at")));
    m.put("closed", !o.path("closed_at").isNull());
    m.put("cancelledAt", utc(o.get("cancelled_at")));
    m.put("cancelReason", upper(o.get("cancel_reason")));
    m.put("currencyCode", text(o.get("currency")));
    m.put("presentmentCurrencyCode", text(o.get("presentment_currency")));
    m.put("customerLocale", text(o.get("customer_locale")));
    m.put("clientIp", text(o.get("browser_ip")));
    m.put("customerAcceptsMarketing", o.path("buyer_accepts_marketing").asBoolean());
    m.put("estimatedTaxes", o.path("estimated_taxes").asBoolean());
    m.put("taxesIncluded", o.path("taxes_included").asBoolean());
    m.put("taxExempt", o.path("tax_exempt").asBoolean());
    m.put("confirmed", o.path("confirmed").asBoolean());
    m.put("displayFinancialStatus", upper(o.get("financial_status")));
    m.put("displayFulfillmentStatus", fulfillmentStatus(o.get("fulfillment_status")));
    m.put("sourceName", text(o.get("source_name")));
    m.put("sourceIdentifier", text(o.get("source_identifier")));
    m.put("registeredSourceUrl", text(o.get("source_url")));
    m.put("totalWeight", text(o.get("total_weight")));
    m.put("cartToken", text(o.get("cart_token")));
    m.put("checkoutToken", text(o.get("checkout_token")));
    m.put("statusPageUrl", text(o.get("order_status_url")));
    m.put("discountCodes", discountCodes(o));
    m.put("app", app(o.get("app_id")));
    m.put("customer", customer(o.get("customer")));
    m.put("physicalLocation", reference("Location", o.get("location_id")));
    m.put(
        "retailLocation",
        GqlAccess.guarded("read_locations", () -> reference("Location", o.get("location_id"))));
    m.put(
        "staffMember",
        GqlAccess.guarded("read_users", () -> reference("StaffMember", o.get("user_id"))));
    m.put("customerJourneySummary", journey(o));
    m.put("billingAddress", address(o.get("billing_address"), id, "billing"));
    m.put("shippingAddress", address(o.get("shipping_address"), id, "shipping"));
    putBags(m, o);
    List<Map<String, Object>> lines = new ArrayList<>();
    o.path("line_items").forEach(li -> lines.add(GqlLineItemView.lineItem(li, views)));
    m.put("lineItems", Connections.paged(lines));
    List<Map<String, Object>> apps = new ArrayList<>();
    JsonNode restApps = o.path("discount_applications");
    for (int i = 0; i < restApps.size(); i++) {
      apps.add(GqlLineItemView.discountApplication(restApps.get(i), i));
    }
    m.put("discountApplications", Connections.paged(apps));
    List<Map<String, Object>> ships = new ArrayList<>();
    o.path("shipping_lines").forEach(sl -> ships.add(GqlLineItemView.shippingLine(sl)));
    m.put("shippingLines", Connections.paged(ships));
    List<Map<String, Object>> refunds = new ArrayList<>();
    o.path("refunds").forEach(r -> refunds.add(GqlLineItemView.refund(r, views)));
    m.put("refunds", refunds);
    return m;
  }

  private static void putBags(Map<String, Object> m, ObjectNode o) {
    m.put("subtotalPriceSet", bag(o.get("subtotal_price_set")));
    m.put("currentSubtotalPriceSet", bag(o.get("current_subtotal_price_set")));
    m.put("totalDiscountsSet", bag(o.get("total_discounts_set")));
    m.put("currentTotalDiscountsSet", bag(o.get("current_total_discounts_set")));
    m.put("totalPriceSet", bag(o.get("total_price_set")));
    m.put("currentTotalPriceSet", bag(o.get("current_total_price_set")));
    m.put("totalTaxSet", bag(o.get("total_tax_set")));
    m.put("currentTotalTaxSet", bag(o.get("current_total_tax_set")));
    m.put("totalLineItemsPriceSet", bag(o.get("total_line_items_price_set")));
    m.put("totalShippingPriceSet", bag(o.get("total_shipping_price_set")));
    m.put("totalOutstandingSet", bag(text(o.get("total_outstanding"))));
    m.put("totalTipReceivedSet", bag(text(o.get("total_tip_received"))));
  }

  /** REST fulfillment_status: null, partial, fulfilled or restocked. */
  static String fulfillmentStatus(JsonNode rest) {
    String s = text(rest);
    if (s == null) {
      return "UNFULFILLED";
    }
    return switch (s) {
      case "partial" -> "PARTIALLY_FULFILLED";
      case "fulfilled" -> "FULFILLED";
      case "restocked" -> "RESTOCKED";
      default -> "UNFULFILLED";
    };
  }

  private static List<String> discountCodes(ObjectNode o) {
    List<String> codes = new ArrayList<>();
    o.path("discount_codes").forEach(c -> codes.add(text(c.get("code"))));
    return codes;
  }

  private static Map<String, Object> app(JsonNode appId) {
    if (appId == null || appId.isNull()) {
      return null;
    }
    Map<String, Object> app = GqlValues.object("OrderApp");
    app.put("id", gid("App", appId.asLong()));
    return app;
  }

  /** The order's customer as the stored customer is now (the REST order embeds a copy). */
  private Object customer(JsonNode embedded) {
    if (embedded == null || embedded.isNull()) {
      return null;
    }
    long customerId = embedded.path("id").asLong();
    return GqlAccess.guarded("read_customers", () -> views.customerById(customerId));
  }

  /**
   * An order's address as a {@code MailingAddress}: the customer address's fields plus the geocoded
   * coordinates; REST's order address has no id, so the view gives it one of its own.
   */
  static Map<String, Object> address(JsonNode a, long ownerId, String kind) {
    if (a == null || !a.isObject()) {
      return null;
    }
    Map<String, Object> m = GqlCustomerView.address(a);
    m.put("id", gid("MailingAddress", ownerId) + "?model_name=" + kind);
    m.put("latitude", a.path("latitude").isNumber() ? a.get("latitude").doubleValue() : null);
    m.put("longitude", a.path("longitude").isNumber() ? a.get("longitude").doubleValue() : null);
    return m;
  }

  private static Map<String, Object> journey(ObjectNode o) {
    Map<String, Object> visit = GqlValues.object("CustomerVisit");
    visit.put("landingPage", text(o.get("landing_site")));
    visit.put("referrerUrl", text(o.get("referring_site")));
    visit.put("source", value(o.get("source_name")));
    Map<String, Object> summary = GqlValues.object("CustomerJourneySummary");
    summary.put("ready", true);
    summary.put("lastVisit", visit);
    summary.put("firstVisit", visit);
    return summary;
  }
}
