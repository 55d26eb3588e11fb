package courier.simulator;

import static courier.simulator.GqlValues.gid;
import static courier.simulator.GqlValues.text;
import static courier.simulator.GqlValues.upper;
import static courier.simulator.GqlValues.utc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.graphql.Connections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A customer of the REST model as GraphQL's {@code Customer} (mapping §1.7, §1.9): {@code
 * addressesV2} is a connection over ALL addresses, not only the 10 the REST list embeds.
 */
final class GqlCustomerView {
  private final GqlViews views;

  GqlCustomerView(GqlViews views) {
    this.views = views;
  }

  Map<String, Object> customer(ObjectNode c) {
    long id = c.path("id").asLong();
    Map<String, Object> m = GqlValues.object("Customer");
    m.put("id", gid("Customer", id));
    m.put("legacyResourceId", Long.toString(id));
    m.put("firstName", text(c.get("first_name")));
    m.put("lastName", text(c.get("last_name")));
    String first = text(c.get("first_name"));
    String last = text(c.get("last_name"));
    m.put("displayName", ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip());
    m.put("note", text(c.get("note")));
    m.put("tags", GqlValues.tags(c.get("tags")));
    m.put("state", upper(c.get("state")));
    m.put("createdAt", utc(c.get("created_at")));
    m.put("updatedAt", utc(c.get("updated_at")));
    m.put("verifiedEmail", c.path("verified_email").asBoolean());
    m.put("taxExempt", c.path("tax_exempt").asBoolean());
    m.put("multipassIdentifier", text(c.get("multipass_identifier")));
    m.put("numberOfOrders", Long.toString(c.path("orders_count").asLong()));
    m.put("amountSpent", GqlValues.money(text(c.get("total_spent")), text(c.get("currency"))));
    m.put("defaultEmailAddress", email(text(c.get("email"))));
    m.put("defaultPhoneNumber", phone(text(c.get("phone"))));
    JsonNode lastOrderId = c.get("last_order_id");
    m.put(
        "lastOrder",
        lastOrderId == null || lastOrderId.isNull()
            ? null
            : GqlAccess.guarded("read_orders", () -> views.orderById(lastOrderId.asLong())));
    JsonNode defaultAddress = c.get("default_address");
    m.put(
        "defaultAddress",
        defaultAddress == null || defaultAddress.isNull() ? null : address(defaultAddress));
    List<Map<String, Object>> addresses = new ArrayList<>();
    Json.sortedById(c.get("addresses")).forEach(a -> addresses.add(address(a)));
    m.put("addressesV2", Connections.paged(addresses));
    m.put("addresses", addresses);
    return m;
  }

  private static Map<String, Object> email(String address) {
    if (address == null) {
      return null;
    }
    Map<String, Object> m = GqlValues.object("CustomerEmailAddress");
    m.put("emailAddress", address);
    return m;
  }

  private static Map<String, Object> phone(String number) {
    if (number == null) {
      return null;
    }
    Map<String, Object> m = GqlValues.object("CustomerPhoneNumber");
    m.put("phoneNumber", number);
    return m;
  }

  static Map<String, Object> address(JsonNode a) {
    Map<String, Object> m = GqlValues.object("MailingAddress");
    m.put("id", gid("MailingAddress", a.path("id").asLong()) + "?model_name=CustomerAddress");
    m.put("firstName", text(a.get("first_name")));
    m.put("lastName", text(a.get("last_name")));
    m.put("company", text(a.get("company")));
    m.put("address1", text(a.get("address1")));
    m.put("address2", text(a.get("address2")));
    m.put("city", text(a.get("city")));
    m.put("province", text(a.get("province")));
    m.put("provinceCode", text(a.get("province_code")));
    m.put("country", text(a.get("country")));
    m.put("countryCodeV2", text(a.get("country_code")));
    m.put("zip", text(a.get("zip")));
    m.put("phone", text(a.get("phone")));
    m.put("name", text(a.get("name")));
    return m;
  }

  /** A location of the REST model as GraphQL's {@code Location} (mapping §1.10). */
  static Map<String, Object> location(ObjectNode l) {
    long id = l.path("id").asLong();
    Map<String, Object> m = GqlValues.object("Location");
    m.put("id", gid("Location", id));
    m.put("legacyResourceId", Long.toString(id));
    m.put("name", text(l.get("name")));
    m.put("isActive", l.path("active").asBoolean());
    m.put("isFulfillmentService", l.path("legacy").asBoolean());
    m.put("createdAt", utc(l.get("created_at")));
    m.put("updatedAt", utc(l.get("updated_at")));
    Map<String, Object> address = GqlValues.object("LocationAddress");
    for (String key : new String[] {"address1", "address2", "city", "zip", "province", "phone"}) {
      address.put(key, text(l.get(key)));
    }
    address.put("provinceCode", text(l.get("province_code")));
    address.put("country", text(l.get("country_name")));
    address.put("countryCode", text(l.get("country_code")));
    m.put("address", address);
    return m;
  }
}
