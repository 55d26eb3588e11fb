package courier.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates abandoned checkouts (shape of the {@code checkouts.json} fixture): a quarter by guests
 * (an e-mail and addresses, no customer), some completed into an order later. Their line items
 * carry the checkout-style discount allocations ({@code description}, {@code application_type}),
 * which differ from order line items.
 */
final class CheckoutGen {
  private static final long SALT = 0xC4EC1;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ShopData d;

  CheckoutGen(ShopData d) {
    this.d = d;
  }

  /**
   * Facts the index needs: (closed?, closed_at, updated_at), and completed_at (0 while abandoned):
   * some abandoned checkouts are recovered later, completed into an order.
   */
  record Shape(boolean closed, long closedAt, long updated, long completedAt) {}

  Shape shape(int pos, long created, long cap) {
    Rng r = Rng.of(d.seed, SALT ^ 0x1, pos);
    boolean closed = r.chance(0.1);
    long closedAt =
        closed ? Math.min(cap, created + OrderPlan.DAY + r.nextLong(7 * OrderPlan.DAY)) : 0;
    long last = Math.max(created, closedAt);
    if (r.chance(0.3) && cap > last) {
      last += r.nextLong(Math.min(cap - last, 3 * OrderPlan.DAY) + 1);
    }
    long completedAt = 0;
    if (r.chance(0.15) && cap > created) {
      completedAt = created + 1 + r.nextLong(Math.min(cap - created, 2 * OrderPlan.DAY));
      last = Math.max(last, completedAt);
    }
    return new Shape(closed, Math.max(closedAt, created), last, completedAt);
  }

  ObjectNode generate(int pos, long id, long created, long cap) {
    Shape shape = shape(pos, created, cap);
    Rng r = Rng.of(d.seed, SALT, pos);
    ShopTime t = d.time;
    int nCustomers = d.generated(Resource.CUSTOMERS);
    int nProducts = d.generated(Resource.PRODUCTS);
    // A quarter are guest checkouts: an e-mail and addresses, no customer.
    int customerPos = nCustomers == 0 || r.chance(0.25) ? -1 : r.nextInt(nCustomers);
    ObjectNode customerFull = customerPos >= 0 ? d.customerNode(customerPos) : null;
    String email =
        customerFull != null
            ? customerFull.path("email").asText()
            : "guest.c" + pos + "@mail.example.com";
    String first = customerPos >= 0 ? d.customers.firstName(customerPos) : "Guest";
    String last = customerPos >= 0 ? d.customers.lastName(customerPos) : "Shopper";
    String token = r.hex(32);
    boolean discounted = r.chance(0.3);
    int taxBp = 600;

    ArrayNode lineItems = F.arrayNode();
    long lineTotal = 0;
    long discountTotal = 0;
    long weight = 0;
    int nLines = nProducts == 0 ? 0 : r.between(1, 3);
    for (int i = 0; i < nLines; i++) {
      int prod = r.nextInt(nProducts);
      int k = r.nextInt(d.products.variantCount(prod));
      int qty = r.between(1, 2);
      long price = d.products.priceCents(prod, k);
      long gross = price * qty;
      long discount = discounted ? Money.prorate(gross, 10, 100) : 0;
      lineTotal += gross;
      discountTotal += discount;
      int grams = d.products.grams(prod);
      weight += (long) grams * qty;
      ObjectNode li = lineItems.addObject();
      li.putArray("applied_discounts");
      ArrayNode allocations = li.putArray("discount_allocations");
      if (discounted) {
        ObjectNode al = allocations.addObject();
        al.putNull("id");
        al.put("amount", Money.fmt(discount));
        al.put("description", "TENPERCENT");
        al.putNull("created_at");
        al.put("application_type", "discount_code");
        al.put("discount_class", "ORDER");
      }
      li.put("key", r.hex(16));
      li.putNull("destination_location_id");
      li.put("fulfillment_service", "manual");
      li.put("gift_card", false);
      li.put("grams", grams);
      li.putNull("origin_location_id");
      String title = d.products.title(prod);
      String variantTitle = d.products.variantTitle(prod, k);
      li.put("presentment_title", title);
      li.put("presentment_variant_title", variantTitle);
      li.put("product_id", d.productId(prod));
      li.putNull("properties");
      li.put("quantity", qty);
      li.put("requires_shipping", true);
      li.put("sku", d.products.sku(prod, k));
      li.putArray("tax_lines");
      li.put("taxable", true);
      li.put("title", title);
      li.put("variant_id", d.products.variantId(prod, k));
      li.put("variant_title", variantTitle);
      li.putNull("variant_price");
      li.put("vendor", d.products.vendor(prod));
      li.putNull("user_id");
      li.putNull("unit_price_measurement");
      li.putNull("rank");
      li.putNull("compare_at_price");
      li.put("line_price", Money.fmt(gross));
      li.put("price", Money.fmt(price));
    }
    long subtotal = lineTotal - discountTotal;
    long tax = Money.prorate(subtotal, taxBp, 10_000);

    ObjectNode c = F.objectNode();
    c.put("id", id);
    c.put("token", token);
    c.put("cart_token", r.hex(32));
    c.put("email", email);
    c.putNull("gateway");
    c.put("buyer_accepts_marketing", r.chance(0.3));
    c.put("created_at", t.format(created));
    c.put("updated_at", t.format(shape.updated()));
    c.putNull("landing_site");
    c.putNull("note");
    ArrayNode attrs = c.putArray("note_attributes");
    if (r.chance(0.3)) {
      ObjectNode a = attrs.addObject();
      a.put("name", "colour");
      a.put("value", "vert émeraude");
    }
    c.putNull("referring_site");
    ArrayNode shipping = c.putArray("shipping_lines");
    ObjectNode sl = shipping.addObject();
    sl.put("code", "Standard");
    sl.put("price", "4.99");
    for (String k :
        new String[] {"original_shop_price", "original_rate_price", "original_shop_markup"}) {
      sl.putNull(k);
    }
    sl.put("source", "shopify");
    sl.put("title", "Standard");
    for (String k :
        new String[] {
          "presentment_title",
          "phone",
          "tax_lines",
          "custom_tax_lines",
          "markup",
          "delivery_category",
          "carrier_identifier",
          "carrier_service_id",
          "api_client_id",
          "requested_fulfillment_service_id"
        }) {
      sl.putNull(k);
    }
    sl.putArray("applied_discounts");
    for (String k :
        new String[] {
          "delivery_option_group_type",
          "delivery_expectation_range",
          "delivery_expectation_type",
          "estimated_delivery_time_range"
        }) {
      sl.putNull(k);
    }
    sl.put("id", r.hex(16));
    sl.putNull("validation_context");
    c.put("taxes_included", false);
    c.put("total_weight", weight);
    c.put("currency", Money.CURRENCY);
    if (shape.completedAt() > 0) {
      c.put("completed_at", t.format(shape.completedAt()));
    } else {
      c.putNull("completed_at");
    }
    if (shape.closed()) {
      c.put("closed_at", t.format(shape.closedAt()));
    } else {
      c.putNull("closed_at");
    }
    c.putNull("user_id");
    c.putNull("location_id");
    c.putNull("source_identifier");
    c.putNull("source_url");
    c.putNull("device_id");
    c.putNull("phone");
    c.put("customer_locale", r.chance(0.8) ? "en" : "fr-CA");
    c.set("line_items", lineItems);
    c.put("name", "#" + id);
    c.putNull("source");
    c.put(
        "abandoned_checkout_url",
        "https://" + d.shopDomain + "/" + d.shopNumericId + "/checkouts/" + token + "/recover");
    ArrayNode codes = c.putArray("discount_codes");
    if (discounted) {
      ObjectNode dc = codes.addObject();
      dc.put("code", "TENPERCENT");
      dc.put("amount", Money.fmt(discountTotal));
      dc.put("type", "percentage");
    }
    ArrayNode taxLines = c.putArray("tax_lines");
    ObjectNode tl = taxLines.addObject();
    tl.put("price", Money.fmt(tax));
    tl.put("rate", taxBp / 10_000.0);
    tl.put("title", "State Tax");
    tl.putNull("channel_liable");
    c.put("source_name", "web");
    c.put("presentment_currency", Money.CURRENCY);
    c.put("buyer_accepts_sms_marketing", false);
    c.putNull("sms_marketing_phone");
    c.put("total_discounts", Money.fmt(discountTotal));
    c.put("total_line_items_price", Money.fmt(lineTotal));
    c.put("total_price", Money.fmt(subtotal + tax + 499));
    c.put("total_tax", Money.fmt(tax));
    c.put("subtotal_price", Money.fmt(subtotal));
    c.putNull("total_duties");
    c.put("reservation_token", r.hex(30));
    ObjectNode address = PostalAddressGen.generate(r, first, last, "");
    c.set("billing_address", address);
    c.set("shipping_address", address.deepCopy());
    c.set("customer", customerFull != null ? CustomerGen.embedded(customerFull) : null);
    return c;
  }
}
