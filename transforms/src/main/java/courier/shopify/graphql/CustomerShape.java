package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code customers_page} node, its addresses drained, as REST's customer with every address.
 *
 * <p>Substitutes (graphql-mapping.md §1.7, §1.9, §1.14):
 *
 * <ul>
 *   <li>{@code currency}: the last order's presentment currency, else the currency of {@code
 *       amountSpent} (the shop's); GraphQL has no customer currency.
 *   <li>{@code email}, {@code phone}: {@code defaultEmailAddress}, {@code defaultPhoneNumber} (the
 *       Customer fields are deprecated).
 *   <li>{@code addresses[].default}: whether the address's GID is that of {@code defaultAddress}.
 *   <li>{@code addresses[].country_name}: {@code country}, the same name REST repeats there.
 * </ul>
 */
public final class CustomerShape {
  private CustomerShape() {}

  public static ObjectNode rest(JsonNode customer) {
    RestFields f = new RestFields(customer, RestFields.newObject());
    f.entityId()
        .copy(
            "first_name",
            "last_name",
            "note",
            "created_at",
            "updated_at",
            "verified_email",
            "tax_exempt",
            "multipass_identifier")
        .put("state", "state", RestValues::lowerCase)
        .put("tags", "tags", RestValues::tags)
        .put("orders_count", "orders_count", RestValues::unsigned64)
        .put("total_spent", "amount_spent.amount", RestValues::moneyText)
        .copyFrom("email", "default_email.email_address")
        .copyFrom("phone", "default_phone.phone_number")
        .put("last_order_id", "last_order.id", RestValues::unsigned64)
        .copyFrom("last_order_name", "last_order.name");
    ObjectNode rest = f.target();
    JsonNode lastOrderCurrency = f.at("last_order.presentment_currency");
    rest.set(
        "currency",
        lastOrderCurrency.isTextual() ? lastOrderCurrency : f.at("amount_spent.currency_code"));
    Long defaultAddress = gid(f.at("default_address.id"));
    ArrayNode addresses = f.connection("addresses", "addresses", CustomerShape::address);
    if (addresses != null) {
      for (JsonNode address : addresses) {
        if (address.isObject()) {
          ObjectNode a = (ObjectNode) address;
          a.set("customer_id", rest.get("id"));
          Long id = a.get("id").isIntegralNumber() ? a.get("id").longValue() : null;
          a.set("default", BooleanNode.valueOf(id != null && id.equals(defaultAddress)));
        }
      }
    }
    return rest;
  }

  private static Long gid(JsonNode value) {
    return value.isTextual() ? RestValues.gidNumber(value.textValue()) : null;
  }

  private static JsonNode address(JsonNode address) {
    if (!address.isObject()) {
      return address;
    }
    return new RestFields(address, RestFields.newObject())
        .put("id", "id", RestValues::gidNumber)
        .copy(AddressShape.MAILING_ADDRESS_KEYS)
        .copyFrom("country_name", "country")
        .target();
  }
}
