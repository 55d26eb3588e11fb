package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Generates customers (shape of the 2026-07 REST {@code customers.json} fixture). A customer's
 * internal ("full") form holds ALL its addresses, oldest first; the list endpoint serves only the
 * 10 most recently updated ones, as Shopify does, and {@code customers/{id}/addresses.json} serves
 * all.
 */
final class CustomerGen {
  /** Shopify embeds at most this many addresses in a customer. */
  static final int EMBEDDED_ADDRESSES = 10;

  private static final long SALT_MAIN = 0xC0501;
  private static final long SALT_NAME = 0xC0502;
  private static final long SALT_SHAPE = 0xC0503;
  private static final long SALT_ADDRESS = 0xC0504;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ShopData d;

  CustomerGen(ShopData d) {
    this.d = d;
  }

  /** Customer position 1 always has more than 10 addresses, so every data set shows the case. */
  private boolean forcedBig(int pos) {
    return pos == 1 && d.generated(Resource.CUSTOMERS) >= 2;
  }

  int addressCount(int pos) {
    Rng r = Rng.of(d.seed, SALT_SHAPE, pos);
    if (forcedBig(pos) || r.chance(0.02)) {
      return r.between(11, 20);
    }
    double u = r.nextDouble();
    return u < 0.6 ? 1 : u < 0.9 ? 2 : 3;
  }

  String firstName(int pos) {
    return Rng.of(d.seed, SALT_NAME, pos).pick(Vocabulary.FIRST_NAMES);
  }

  String lastName(int pos) {
    Rng r = Rng.of(d.seed, SALT_NAME, pos);
    r.nextLong();
    return r.pick(Vocabulary.LAST_NAMES);
  }

  String email(int pos) {
    String first = Vocabulary.slug(firstName(pos));
    String last = Vocabulary.slug(lastName(pos));
    String local = first.isEmpty() ? last : last.isEmpty() ? first : first + "." + last;
    return (local.isEmpty() ? "customer" : local) + "." + pos + "@mail.example.com";
  }

  /** Build time: updated_at before orders are taken into account. */
  long ownUpdated(int pos, long created) {
    return d.updatedAfter(Rng.of(d.seed, SALT_SHAPE ^ 0xFF, pos), created, d.buildNow);
  }

  ObjectNode generate(int pos, long id, long created, long updated) {
    Rng r = Rng.of(d.seed, SALT_MAIN, pos);
    String first = firstName(pos);
    String last = lastName(pos);
    ShopTime t = d.time;

    ObjectNode c = F.objectNode();
    c.put("id", id);
    c.put("email", email(pos));
    c.put("created_at", t.format(created));
    c.put("updated_at", t.format(updated));
    c.put("first_name", first);
    c.put("last_name", last);
    int orders = d.customerTotals().orders(pos);
    c.put("orders_count", orders);
    double s = r.nextDouble();
    c.put("state", s < 0.5 ? "enabled" : s < 0.9 ? "disabled" : s < 0.97 ? "invited" : "declined");
    c.put("total_spent", Money.fmt(d.customerTotals().spent(pos)));
    int lastOrder = d.customerTotals().lastOrder(pos);
    if (lastOrder >= 0) {
      c.put(
          "last_order_id",
          d.ids.id(d.seed, Resource.ORDERS, lastOrder, d.generated(Resource.ORDERS)));
    } else {
      c.putNull("last_order_id");
    }
    if (r.chance(0.15)) {
      c.put("note", r.chance(0.5) ? "Prefers delivery after 5pm" : "Client fidèle depuis 2019 ✨");
    } else {
      c.putNull("note");
    }
    c.put("verified_email", r.chance(0.9));
    c.putNull("multipass_identifier");
    c.put("tax_exempt", r.chance(0.03));
    c.put("tags", Vocabulary.tags(r, 0.45, 3));
    if (lastOrder >= 0) {
      c.put("last_order_name", "#" + (1001 + lastOrder));
    } else {
      c.putNull("last_order_name");
    }
    c.put("currency", Money.CURRENCY);
    c.put("phone", "+1613" + String.format(Locale.ROOT, "%07d", 5_550_000 + pos % 4_450_000));

    ArrayNode addresses = c.putArray("addresses");
    int n = addressCount(pos);
    for (int k = 0; k < n; k++) {
      // The most recently added (last) address is the default one.
      addresses.add(address(pos, id, k, k == n - 1, first, last));
    }
    c.putArray("tax_exemptions");

    ObjectNode email = c.putObject("email_marketing_consent");
    double e = r.nextDouble();
    email.put("state", e < 0.4 ? "subscribed" : e < 0.9 ? "not_subscribed" : "unsubscribed");
    if (e < 0.4) {
      email.put("opt_in_level", "single_opt_in");
    } else {
      email.putNull("opt_in_level");
    }
    email.put("consent_updated_at", t.format(created));
    ObjectNode sms = c.putObject("sms_marketing_consent");
    boolean smsSubscribed = r.chance(0.2);
    sms.put("state", smsSubscribed ? "subscribed" : "not_subscribed");
    sms.put("opt_in_level", "single_opt_in");
    sms.put("consent_updated_at", t.format(created));
    sms.put("consent_collected_from", smsSubscribed ? "SHOPIFY" : "OTHER");
    c.put("admin_graphql_api_id", "gid://shopify/Customer/" + id);
    c.set("default_address", n > 0 ? addresses.get(n - 1).deepCopy() : null);
    return c;
  }

  private ObjectNode address(
      int custPos, long custId, int k, boolean isDefault, String first, String last) {
    Rng r = Rng.of(d.seed, SALT_ADDRESS, (long) custPos * IdLayout.MAX_ADDRESSES + k);
    Vocabulary.Place p = r.pick(Vocabulary.PLACES);
    ObjectNode a = F.objectNode();
    a.put("id", d.ids.at(IdLayout.ADDRESS_BASE + (long) custPos * IdLayout.MAX_ADDRESSES + k));
    a.put("customer_id", custId);
    boolean named = r.chance(0.7);
    if (named) {
      a.put("first_name", first);
      a.put("last_name", last);
    } else {
      a.putNull("first_name");
      a.putNull("last_name");
    }
    if (r.chance(0.1)) {
      a.put("company", r.pick(Vocabulary.COMPANIES));
    } else {
      a.putNull("company");
    }
    a.put("address1", r.pick(Vocabulary.STREETS) + " " + r.between(1, 250));
    a.put("address2", r.chance(0.2) ? "Apt " + r.between(1, 40) : "");
    a.put("city", p.city());
    a.put("province", p.province());
    a.put("country", p.country());
    a.put("zip", p.zip());
    a.put("phone", "555-" + r.between(100, 999) + "-" + r.between(1000, 9999));
    a.put("name", named ? first + " " + last : "");
    a.put("province_code", p.provinceCode());
    a.put("country_code", p.countryCode());
    a.put("country_name", p.country());
    a.put("default", isDefault);
    return a;
  }

  /**
   * The customer as the list endpoint serves it: only the {@value #EMBEDDED_ADDRESSES} most
   * recently updated addresses (the last ones of the internal list). Does not modify {@code full}.
   */
  static ObjectNode served(ObjectNode full) {
    JsonNode all = full.get("addresses");
    if (all == null || !all.isArray() || all.size() <= EMBEDDED_ADDRESSES) {
      return full;
    }
    ArrayNode recent = F.arrayNode();
    for (int i = all.size() - EMBEDDED_ADDRESSES; i < all.size(); i++) {
      recent.add(all.get(i));
    }
    return Json.withField(full, "addresses", recent);
  }

  /** Keys of the customer object embedded in orders and checkouts (no counts, no addresses). */
  private static final String[] EMBEDDED_KEYS = {
    "id",
    "email",
    "created_at",
    "updated_at",
    "first_name",
    "last_name",
    "state",
    "note",
    "verified_email",
    "multipass_identifier",
    "tax_exempt",
    "phone",
    "email_marketing_consent",
    "sms_marketing_consent",
    "tags",
    "currency",
    "tax_exemptions",
    "admin_graphql_api_id",
    "default_address"
  };

  /**
   * The customer as embedded in an order: without orders_count, total_spent, last_order_*,
   * addresses.
   */
  static ObjectNode embedded(ObjectNode full) {
    ObjectNode e = F.objectNode();
    for (String k : EMBEDDED_KEYS) {
      JsonNode v = full.get(k);
      if (v != null) {
        e.set(k, v);
      }
    }
    return e;
  }
}
