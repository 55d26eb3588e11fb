package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code abandoned_checkouts_page} node (line items drained) as REST's abandoned checkout.
 *
 * <p>What GraphQL's AbandonedCheckout has no field for, and what stands in:
 *
 * <ul>
 *   <li>{@code token}: parsed from the recovery URL ({@code …/checkouts/[ac/]<token>/recover});
 *   <li>{@code total_weight}: Σ each line's grams (the variant's current weight) × quantity;
 *   <li>{@code note}: GraphQL's note is never null, so an empty one is REST's null;
 *   <li>{@code email}, {@code phone}, {@code cart_token}, {@code customer_locale}, {@code
 *       buyer_accepts_marketing}, {@code source_name}, {@code landing_site}, {@code
 *       referring_site}, {@code location_id}, {@code closed_at}: null (the customer's own e-mail is
 *       in the customer table, by customer_id);
 *   <li>a line's {@code vendor}, {@code gift_card}: its product's; {@code taxable}, {@code
 *       requires_shipping}, {@code grams}: its variant's current values; lines have no REST id
 *       (REST's {@code key} is not in GraphQL), so the table keys them by position.
 * </ul>
 */
public final class CheckoutShape {
  private static final Pattern RECOVERY_URL_TOKEN =
      Pattern.compile("/checkouts/(?:ac/)?([^/?#]+)/recover");

  private static final String[] MONEY_BAGS = {
    "subtotal_price", "total_discounts", "total_line_items_price", "total_price", "total_tax"
  };

  private static final String[] ABSENT_IN_GRAPHQL = {
    "email",
    "phone",
    "cart_token",
    "customer_locale",
    "buyer_accepts_marketing",
    "source_name",
    "landing_site",
    "referring_site",
    "location_id",
    "closed_at"
  };

  private CheckoutShape() {}

  public static ObjectNode rest(JsonNode checkout) {
    RestFields f = new RestFields(checkout, RestFields.newObject());
    f.put("id", "admin_graphql_api_id", RestValues::gidNumber)
        .copy(
            "admin_graphql_api_id",
            "name",
            "created_at",
            "updated_at",
            "completed_at",
            "abandoned_checkout_url",
            "taxes_included")
        .put("note", "note", CheckoutShape::emptyAsNull)
        .put("token", "abandoned_checkout_url", CheckoutShape::token)
        .copyFrom("currency", "total_price_set.shop_money.currency_code")
        .copyFrom("presentment_currency", "total_price_set.presentment_money.currency_code");
    for (String bag : MONEY_BAGS) {
      f.moneyBag(bag, bag + "_set");
    }
    ObjectNode rest = f.target();
    for (String key : ABSENT_IN_GRAPHQL) {
      rest.putNull(key);
    }
    rest.set("customer", OrderShape.customer(f.at("customer")));
    rest.set("billing_address", AddressShape.rest(f.at("billing_address")));
    rest.set("shipping_address", AddressShape.rest(f.at("shipping_address")));
    ArrayNode lines = f.connection("line_items", "line_items", CheckoutShape::line);
    rest.set("total_weight", totalWeight(lines));
    return rest;
  }

  private static JsonNode line(JsonNode line) {
    if (!line.isObject()) {
      return line;
    }
    return new RestFields(line, RestFields.newObject())
        .copy("admin_graphql_api_id", "title", "variant_title", "sku", "quantity")
        .moneyBag("price", "price_set")
        .moneyBag("line_price", "line_price_set")
        .put("product_id", "product.legacyResourceId", RestValues::unsigned64)
        .put("variant_id", "variant.legacyResourceId", RestValues::unsigned64)
        .copyFrom("vendor", "product.vendor")
        .copyFrom("gift_card", "product.gift_card")
        .copyFrom("taxable", "variant.taxable")
        .copyFrom("requires_shipping", "variant.inventoryItem.requiresShipping")
        .put("grams", "variant.inventoryItem.measurement.weight", RestValues::grams)
        .target();
  }

  /** Σ grams × quantity of the lines whose variant still has a weight; null without lines. */
  private static JsonNode totalWeight(ArrayNode lines) {
    if (lines == null) {
      return NullNode.getInstance();
    }
    long total = 0;
    for (JsonNode line : lines) {
      JsonNode grams = line.path("grams");
      JsonNode quantity = line.path("quantity");
      if (grams.canConvertToLong() && quantity.canConvertToLong()) {
        total += grams.longValue() * quantity.longValue();
      }
    }
    return RestFields.newObject().numberNode(total);
  }

  private static JsonNode token(JsonNode url) {
    if (url == null || !url.isTextual()) {
      return NullNode.getInstance();
    }
    Matcher m = RECOVERY_URL_TOKEN.matcher(url.textValue());
    return m.find() ? TextNode.valueOf(m.group(1)) : NullNode.getInstance();
  }

  private static JsonNode emptyAsNull(JsonNode note) {
    return note.isTextual() && note.textValue().isEmpty() ? NullNode.getInstance() : note;
  }
}
