package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A {@code products_page} node, its variants drained (up to 2,048), as REST's product.
 *
 * <p>Substitutes (graphql-mapping.md §1.11, §1.13, §1.14):
 *
 * <ul>
 *   <li>{@code published_scope}: null. GraphQL only has it as "published on the Point of Sale
 *       publication", which needs read_publications and a lookup of that publication; not read.
 *   <li>{@code variants[].fulfillment_service}: "manual" (removed from the variant in 2024-07).
 *   <li>{@code variants[].inventory_management}: "shopify" when the inventory item is tracked, else
 *       null.
 *   <li>{@code variants[].grams}, {@code weight}, {@code weight_unit}: the inventory item's
 *       measurement.
 *   <li>{@code variants[].option1..3}: the selected option whose name is the product's option at
 *       position 1..3.
 * </ul>
 */
public final class ProductShape {
  private static final int REST_OPTIONS = 3;

  private ProductShape() {}

  public static ObjectNode rest(JsonNode product) {
    RestFields f = new RestFields(product, RestFields.newObject());
    f.entityId()
        .copy(
            "title",
            "handle",
            "vendor",
            "body_html",
            "product_type",
            "template_suffix",
            "created_at",
            "updated_at",
            "published_at")
        .put("status", "status", RestValues::lowerCase)
        .put("tags", "tags", RestValues::tags);
    ObjectNode rest = f.target();
    rest.putNull("published_scope");
    JsonNode options = f.at("options");
    JsonNode productId = rest.get("id");
    f.connection("variants", "variants", variant -> variant(variant, options, productId));
    return rest;
  }

  private static JsonNode variant(JsonNode variant, JsonNode options, JsonNode productId) {
    if (!variant.isObject()) {
      return variant;
    }
    RestFields f = new RestFields(variant, RestFields.newObject());
    f.put("id", "id", RestValues::unsigned64)
        .copy(
            "admin_graphql_api_id",
            "title",
            "sku",
            "barcode",
            "position",
            "taxable",
            "inventory_quantity",
            "created_at",
            "updated_at")
        .put("price", "price", RestValues::moneyText)
        .put("compare_at_price", "compare_at_price", RestValues::moneyText)
        .put("inventory_policy", "inventory_policy", RestValues::lowerCase)
        .put("inventory_item_id", "inventory_item.id", RestValues::unsigned64)
        .put("inventory_management", "inventory_item.tracked", ProductShape::management)
        .copyFrom("requires_shipping", "inventory_item.requires_shipping")
        .copyFrom("weight", "inventory_item.measurement.weight.value")
        .put("weight_unit", "inventory_item.measurement.weight.unit", RestValues::weightUnit)
        .put("grams", "inventory_item.measurement.weight", RestValues::grams);
    ObjectNode rest = f.target();
    rest.set("product_id", productId);
    rest.put("fulfillment_service", "manual");
    JsonNode selected = f.at("selected_options");
    for (int position = 1; position <= REST_OPTIONS; position++) {
      rest.set("option" + position, option(position, options, selected));
    }
    return rest;
  }

  private static JsonNode management(JsonNode tracked) {
    if (tracked.isBoolean()) {
      return tracked.booleanValue() ? TextNode.valueOf("shopify") : NullNode.getInstance();
    }
    return tracked;
  }

  /**
   * The value the variant selected for the product's option at {@code position}; null when the
   * product has fewer options. Matched by name: GraphQL does not promise the list order.
   */
  private static JsonNode option(int position, JsonNode options, JsonNode selected) {
    if (!options.isArray() || !selected.isArray()) {
      return options.isArray() ? selected : options;
    }
    String name = null;
    for (JsonNode option : options) {
      if (option.path("position").asInt(-1) == position) {
        name = option.path("name").asText(null);
      }
    }
    if (name == null) {
      return NullNode.getInstance();
    }
    for (JsonNode choice : selected) {
      if (name.equals(choice.path("name").asText(null))) {
        return choice.path("value").isMissingNode() ? NullNode.getInstance() : choice.get("value");
      }
    }
    return NullNode.getInstance();
  }
}
