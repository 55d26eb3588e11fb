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
 * A product of the REST model as GraphQL's {@code Product} (mapping §1.11, §1.13): {@code variants}
 * is a connection over ALL variants, not only the 100 the REST list embeds.
 */
final class GqlProductView {
  private GqlProductView() {}

  static Map<String, Object> product(ObjectNode p) {
    long id = p.path("id").asLong();
    Map<String, Object> m = GqlValues.object("Product");
    m.put("id", gid("Product", id));
    m.put("legacyResourceId", Long.toString(id));
    m.put("title", text(p.get("title")));
    m.put("handle", text(p.get("handle")));
    m.put("vendor", text(p.get("vendor")));
    m.put("isGiftCard", false); // the simulated shop sells no gift cards
    m.put("status", upper(p.get("status")));
    m.put("tags", GqlValues.tags(p.get("tags")));
    m.put("descriptionHtml", text(p.get("body_html")));
    m.put("productType", text(p.get("product_type")));
    m.put("templateSuffix", text(p.get("template_suffix")));
    m.put("createdAt", utc(p.get("created_at")));
    m.put("updatedAt", utc(p.get("updated_at")));
    m.put("publishedAt", utc(p.get("published_at")));
    List<Map<String, Object>> options = new ArrayList<>();
    p.path("options").forEach(o -> options.add(option(o)));
    m.put("options", options);
    Map<String, Object> reference = GqlValues.reference("Product", p.get("id"));
    List<Map<String, Object>> variants = new ArrayList<>();
    ProductGen.allVariants(p).forEach(v -> variants.add(variant(v, p, reference)));
    m.put("variants", Connections.paged(variants));
    m.put("variantsCount", count(variants.size()));
    return m;
  }

  private static Map<String, Object> option(JsonNode o) {
    Map<String, Object> m = GqlValues.object("ProductOption");
    m.put("id", gid("ProductOption", o.path("id").asLong()));
    m.put("name", text(o.get("name")));
    m.put("position", o.path("position").asInt());
    List<String> values = new ArrayList<>();
    o.path("values").forEach(v -> values.add(v.asText()));
    m.put("values", values);
    return m;
  }

  /** A variant; {@code product} is the reference its {@code product} field returns. */
  static Map<String, Object> variant(JsonNode v, JsonNode p, Map<String, Object> product) {
    long id = v.path("id").asLong();
    Map<String, Object> m = GqlValues.object("ProductVariant");
    m.put("id", gid("ProductVariant", id));
    m.put("legacyResourceId", Long.toString(id));
    m.put("title", text(v.get("title")));
    m.put("displayName", text(p.get("title")) + " - " + text(v.get("title")));
    m.put("sku", text(v.get("sku")));
    m.put("barcode", text(v.get("barcode")));
    m.put("position", v.path("position").asInt());
    m.put("price", text(v.get("price")));
    m.put("compareAtPrice", text(v.get("compare_at_price")));
    m.put("taxable", v.path("taxable").asBoolean());
    m.put("inventoryPolicy", upper(v.get("inventory_policy")));
    m.put("inventoryQuantity", v.path("inventory_quantity").asInt());
    m.put("createdAt", utc(v.get("created_at")));
    m.put("updatedAt", utc(v.get("updated_at")));
    List<Map<String, Object>> selected = new ArrayList<>();
    JsonNode options = p.path("options");
    for (int i = 0; i < options.size() && i < 3; i++) {
      String value = text(v.get("option" + (i + 1)));
      if (value != null) {
        Map<String, Object> s = GqlValues.object("SelectedOption");
        s.put("name", text(options.get(i).get("name")));
        s.put("value", value);
        selected.add(s);
      }
    }
    m.put("selectedOptions", selected);
    m.put("inventoryItem", inventoryItem(v));
    m.put("product", product);
    return m;
  }

  private static Map<String, Object> inventoryItem(JsonNode v) {
    long id = v.path("inventory_item_id").asLong();
    Map<String, Object> m = GqlValues.object("InventoryItem");
    m.put("id", gid("InventoryItem", id));
    m.put("legacyResourceId", Long.toString(id));
    m.put("sku", text(v.get("sku")));
    m.put("tracked", "shopify".equals(text(v.get("inventory_management"))));
    m.put("requiresShipping", v.path("requires_shipping").asBoolean());
    Map<String, Object> weight = GqlValues.object("Weight");
    weight.put("unit", weightUnit(text(v.get("weight_unit"))));
    weight.put("value", v.path("weight").asDouble());
    Map<String, Object> measurement = GqlValues.object("InventoryItemMeasurement");
    measurement.put("id", gid("InventoryItemMeasurement", id));
    measurement.put("weight", weight);
    m.put("measurement", measurement);
    return m;
  }

  /** REST {@code weight_unit} as GraphQL's WeightUnit. */
  static String weightUnit(String rest) {
    return switch (rest == null ? "" : rest) {
      case "g" -> "GRAMS";
      case "oz" -> "OUNCES";
      case "lb" -> "POUNDS";
      default -> "KILOGRAMS";
    };
  }

  static Map<String, Object> count(long count) {
    Map<String, Object> m = GqlValues.object("Count");
    m.put("count", count);
    m.put("precision", "EXACT");
    return m;
  }
}
