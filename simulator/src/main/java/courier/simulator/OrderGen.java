package courier.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders an {@link OrderPlan} as Shopify's REST order JSON, key for key in the order of the
 * 2026-07 {@code orders.json} fixture, with refunds shaped like {@code refunds.json}. Money is
 * strings except {@code refund_line_items[].subtotal/total_tax} and tax rates, which are JSON
 * numbers as in Shopify.
 */
final class OrderGen {
  private static final long SALT_RENDER = 0x0D0E2;
  private static final long SALT_REFERENCE = 0x0D0E3;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ShopData d;
  private final OrderLineItemGen lineItemGen;
  private final RefundGen refundGen;

  OrderGen(ShopData d) {
    this.d = d;
    this.lineItemGen = new OrderLineItemGen(d);
    this.refundGen = new RefundGen(d, lineItemGen);
  }

  ObjectNode generate(int pos, long id, long created, long cap) {
    return render(OrderPlan.compute(d, pos, created, cap), id);
  }

  ObjectNode render(OrderPlan p, long id) {
    Rng r = Rng.of(d.seed, SALT_RENDER, p.pos);
    ShopTime t = d.time;
    int number = p.pos + 1;
    String name = name(p);
    ObjectNode customerFull = p.customerPos >= 0 ? d.customerNode(p.customerPos) : null;
    String email =
        customerFull != null
            ? customerFull.path("email").asText()
            : "guest." + p.pos + "@mail.example.com";
    String first = p.customerPos >= 0 ? d.customers.firstName(p.customerPos) : "Guest";
    String last = p.customerPos >= 0 ? d.customers.lastName(p.customerPos) : "Shopper";
    String token = r.hex(32);
    String ip = "203.0.113." + r.between(1, 254);
    boolean withPhone = r.chance(0.4);

    ObjectNode o = F.objectNode();
    o.put("id", id);
    o.put("admin_graphql_api_id", "gid://shopify/Order/" + id);
    o.put("app_id", 580_111);
    o.put("browser_ip", ip);
    o.put("buyer_accepts_marketing", r.chance(0.3));
    if (p.cancelled) {
      o.put("cancel_reason", p.cancelReason);
      o.put("cancelled_at", t.format(p.cancelledAt));
    } else {
      o.putNull("cancel_reason");
      o.putNull("cancelled_at");
    }
    o.put("cart_token", r.hex(32));
    o.put("checkout_id", d.ids.at(IdLayout.CHECKOUT_REF_BASE + p.pos));
    o.put("checkout_token", r.hex(32));
    ObjectNode client = o.putObject("client_details");
    client.put("accept_language", "en-US,en;q=0.9");
    client.putNull("browser_height");
    client.put("browser_ip", ip);
    client.putNull("browser_width");
    client.putNull("session_hash");
    client.put("user_agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15");
    if (p.closed) {
      o.put("closed_at", t.format(p.closedAt));
    } else {
      o.putNull("closed_at");
    }
    o.put("confirmation_number", r.hex(9).toUpperCase(java.util.Locale.ROOT));
    o.put("confirmed", true);
    o.put("contact_email", email);
    o.put("created_at", t.format(p.created));
    o.put("currency", Money.CURRENCY);
    long curSubtotal = p.cancelled ? 0 : p.subtotal() - p.refundedSubtotal();
    long curDiscounts = p.cancelled ? 0 : p.discounts() - p.refundedDiscount();
    long curTax = p.cancelled ? 0 : p.tax() - p.refundedTax();
    Money.putWithSet(o, "current_subtotal_price", curSubtotal);
    o.putNull("current_total_additional_fees_set");
    Money.putWithSet(o, "current_total_discounts", curDiscounts);
    o.putNull("current_total_duties_set");
    Money.putWithSet(o, "current_total_price", p.currentTotal());
    Money.putWithSet(o, "current_total_tax", curTax);
    o.put("customer_locale", r.chance(0.8) ? "en" : "fr");
    o.putNull("device_id");
    ArrayNode codes = o.putArray("discount_codes");
    for (int a = 0; a < p.apps.size(); a++) {
      OrderPlan.App app = p.apps.get(a);
      ObjectNode c = codes.addObject();
      c.put("code", app.code());
      long amount = 0;
      for (OrderPlan.Line l : p.lines) {
        amount += l.alloc()[a];
      }
      c.put("amount", Money.fmt(amount));
      c.put("type", app.valueType());
    }
    o.put("duties_included", false);
    o.put("email", email);
    o.put("estimated_taxes", false);
    o.put("financial_status", p.financialStatus);
    if (p.fulfilled) {
      o.put("fulfillment_status", "fulfilled");
    } else {
      o.putNull("fulfillment_status");
    }
    if (r.chance(0.5)) {
      o.put("landing_site", "/?utm_source=newsletter");
      o.put("landing_site_ref", "newsletter");
    } else {
      o.putNull("landing_site");
      o.putNull("landing_site_ref");
    }
    o.putNull("location_id");
    o.put("merchant_business_entity_id", "MTU0ODM4MDAwOQ");
    o.putNull("merchant_of_record_app_id");
    o.put("name", name);
    if (r.chance(0.1)) {
      o.put("note", "Bitte vor der Tür abstellen 📦");
    } else {
      o.putNull("note");
    }
    ArrayNode attrs = o.putArray("note_attributes");
    if (r.chance(0.2)) {
      ObjectNode a = attrs.addObject();
      a.put("name", "gift message");
      a.put("value", "Joyeux Noël 🎄");
    }
    o.put("number", number);
    o.put("order_number", 1000 + number);
    o.put(
        "order_status_url",
        "https://"
            + d.shopDomain
            + "/"
            + d.shopNumericId
            + "/orders/"
            + token
            + "/authenticate?key="
            + r.hex(32));
    o.putNull("original_total_additional_fees_set");
    o.putNull("original_total_duties_set");
    o.putArray("payment_gateway_names").add(p.test ? "bogus" : "shopify_payments");
    if (withPhone) {
      o.put("phone", "+1555" + String.format("%07d", p.pos % 10_000_000));
    } else {
      o.putNull("phone");
    }
    if (r.chance(0.05)) {
      o.put("po_number", "PO-" + (10_000 + p.pos));
    } else {
      o.putNull("po_number");
    }
    o.put("presentment_currency", Money.CURRENCY);
    o.put("processed_at", t.format(p.created));
    // Own stream: drawing from r would shift every later value of the order.
    String reference = reference(p.pos);
    o.put("reference", reference);
    if (r.chance(0.4)) {
      o.put("referring_site", "https://www.google.com/");
    } else {
      o.putNull("referring_site");
    }
    o.put("source_identifier", reference);
    o.put("source_name", "web");
    o.putNull("source_url");
    Money.putWithSet(o, "subtotal_price", p.subtotal());
    o.put("tags", Vocabulary.tags(r, 0.5, 3));
    o.put("tax_exempt", false);
    ArrayNode taxLines = o.putArray("tax_lines");
    if (!p.lines.isEmpty()) {
      taxLines.add(OrderLineItemGen.taxLine(p.tax(), p.taxBasisPoints));
    }
    o.put("taxes_included", false);
    o.put("test", p.test);
    o.put("token", token);
    o.set("total_cash_rounding_payment_adjustment_set", Money.set(0));
    o.set("total_cash_rounding_refund_adjustment_set", Money.set(0));
    Money.putWithSet(o, "total_discounts", p.discounts());
    Money.putWithSet(o, "total_line_items_price", p.lineItemsTotal());
    boolean outstanding =
        p.financialStatus.equals("pending") || p.financialStatus.equals("authorized");
    o.put("total_outstanding", Money.fmt(outstanding ? p.total() : 0));
    Money.putWithSet(o, "total_price", p.total());
    o.set("total_shipping_price_set", Money.set(p.shippingCents));
    Money.putWithSet(o, "total_tax", p.tax());
    o.put("total_tip_received", "0.00");
    long weight = 0;
    for (OrderPlan.Line l : p.lines) {
      weight += (long) d.products.grams(l.productPos()) * l.qty();
    }
    o.put("total_weight", weight);
    o.put("updated_at", t.format(p.updated));
    o.putNull("user_id");
    o.set("billing_address", orderAddress(r, first, last));
    o.set("customer", customerFull != null ? CustomerGen.embedded(customerFull) : null);
    ArrayNode apps = o.putArray("discount_applications");
    for (OrderPlan.App app : p.apps) {
      ObjectNode a = apps.addObject();
      a.put("target_type", "line_item");
      a.put("type", "discount_code");
      a.put(
          "value",
          app.valueType().equals("percentage") ? app.value() + ".0" : Money.fmt(app.value()));
      a.put("value_type", app.valueType());
      a.put("allocation_method", "across");
      a.put("target_selection", app.targetSelection());
      a.put("code", app.code());
    }

    ArrayNode fulfillments = o.putArray("fulfillments");
    if (p.fulfilled) {
      ObjectNode fu = fulfillments.addObject();
      long fid = d.ids.at(IdLayout.FULFILLMENT_BASE + p.pos);
      fu.put("id", fid);
      fu.put("admin_graphql_api_id", "gid://shopify/Fulfillment/" + fid);
      fu.put("created_at", t.format(p.fulfilledAt));
      fu.put("location_id", d.locationId(p.fulfillmentLocationPos));
      fu.put("name", name + ".1");
      fu.put("order_id", id);
      fu.putObject("origin_address");
      ObjectNode receipt = fu.putObject("receipt");
      receipt.put("testcase", p.test);
      receipt.put("authorization", r.hex(6));
      fu.put("service", "manual");
      fu.putNull("shipment_status");
      fu.put("status", "success");
      String tracking = "1Z" + r.hex(16).toUpperCase(java.util.Locale.ROOT);
      fu.put("tracking_company", "UPS");
      fu.put("tracking_number", tracking);
      fu.putArray("tracking_numbers").add(tracking);
      String url = "https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=" + tracking;
      fu.put("tracking_url", url);
      fu.putArray("tracking_urls").add(url);
      fu.put("updated_at", t.format(p.fulfilledAt));
      ArrayNode fl = fu.putArray("line_items");
      for (int i = 0; i < p.lines.size(); i++) {
        fl.add(lineItemGen.lineItem(p, i));
      }
    }

    ArrayNode lineItems = o.putArray("line_items");
    for (int i = 0; i < p.lines.size(); i++) {
      lineItems.add(lineItemGen.lineItem(p, i));
    }
    o.putNull("payment_terms");

    ArrayNode refunds = o.putArray("refunds");
    for (int k = 0; k < p.refunds.size(); k++) {
      refunds.add(refundGen.refund(p, k, id));
    }
    o.set("shipping_address", orderAddress(r, first, last));
    ArrayNode shipping = o.putArray("shipping_lines");
    ObjectNode sl = shipping.addObject();
    sl.put("id", d.ids.at(IdLayout.SHIPPING_LINE_BASE + p.pos));
    sl.putNull("carrier_identifier");
    sl.put("code", p.shippingTitle);
    Money.putWithSet(sl, "discounted_price", p.shippingCents);
    sl.put("is_removed", false);
    sl.putNull("phone");
    Money.putWithSet(sl, "price", p.shippingCents);
    sl.putNull("requested_fulfillment_service_id");
    sl.put("source", "shopify");
    sl.put("title", p.shippingTitle);
    sl.putArray("tax_lines");
    sl.putArray("discount_allocations");
    return o;
  }

  /**
   * About 30% of orders carry an external reference, also their source_identifier (Shopify's
   * example: both {@code "fhwdgads"}); null otherwise.
   */
  private String reference(int pos) {
    Rng r = Rng.of(d.seed, SALT_REFERENCE, pos);
    if (!r.chance(0.3)) {
      return null;
    }
    StringBuilder letters = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      letters.append((char) ('a' + r.nextInt(26)));
    }
    return letters.toString();
  }

  /** The order's name, e.g. {@code #1001}. */
  static String name(OrderPlan p) {
    return "#" + (1001 + p.pos);
  }

  private static ObjectNode orderAddress(Rng r, String first, String last) {
    return PostalAddressGen.generate(
        r, first, last, r.chance(0.2) ? "Apt " + r.between(1, 40) : "");
  }
}
