package courier.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders an order's line items, which appear alike in {@code line_items}, in fulfillments and in
 * refund line items: the product and variant facts come from {@link ProductGen} without generating
 * the product.
 */
final class OrderLineItemGen {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ShopData data;

  OrderLineItemGen(ShopData data) {
    this.data = data;
  }

  /** Line item {@code i} of the order planned by {@code plan}. */
  ObjectNode lineItem(OrderPlan plan, int i) {
    OrderPlan.Line line = plan.lines.get(i);
    ProductGen products = data.products;
    int productPos = line.productPos();
    long lineId = lineItemId(plan, i);
    int current = plan.cancelled ? 0 : line.qty() - plan.refundedQty(i);
    ObjectNode item = F.objectNode();
    item.put("id", lineId);
    item.put("admin_graphql_api_id", "gid://shopify/LineItem/" + lineId);
    item.putArray("attributed_staffs");
    item.put("current_quantity", current);
    item.put("fulfillable_quantity", plan.fulfilled || plan.cancelled ? 0 : current);
    item.put("fulfillment_service", "manual");
    if (plan.fulfilled) {
      item.put("fulfillment_status", "fulfilled");
    } else {
      item.putNull("fulfillment_status");
    }
    item.put("gift_card", false);
    item.put("grams", products.grams(productPos));
    String title = products.title(productPos);
    String variantTitle = products.variantTitle(productPos, line.variantK());
    item.put("name", title + " - " + variantTitle);
    Money.putWithSet(item, "price", line.unitCents());
    item.put("product_exists", true);
    item.put("product_id", data.productId(productPos));
    ArrayNode properties = item.putArray("properties");
    if (line.withProperties()) {
      ObjectNode property = properties.addObject();
      property.put("name", "Engraving");
      property.put("value", "Für Léa ♥");
    }
    item.put("quantity", line.qty());
    item.put("requires_shipping", true);
    item.put("sku", products.sku(productPos, line.variantK()));
    item.put("taxable", true);
    item.put("title", title);
    Money.putWithSet(item, "total_discount", 0);
    item.put("variant_id", products.variantId(productPos, line.variantK()));
    item.put("variant_inventory_management", "shopify");
    item.put("variant_title", variantTitle);
    item.put("vendor", products.vendor(productPos));
    item.putArray("tax_lines").add(taxLine(line.taxCents(), plan.taxBasisPoints));
    item.putArray("duties");
    ArrayNode allocations = item.putArray("discount_allocations");
    long[] allocated = line.alloc();
    for (int app = 0; app < allocated.length; app++) {
      if (allocated[app] != 0) {
        ObjectNode allocation = allocations.addObject();
        Money.putWithSet(allocation, "amount", allocated[app]);
        allocation.put("discount_application_index", app);
      }
    }
    return item;
  }

  long lineItemId(OrderPlan plan, int i) {
    return data.ids.at(IdLayout.LINE_ITEM_BASE + plan.pos * 16L + i);
  }

  /** A tax line as orders and their line items carry it. */
  static ObjectNode taxLine(long cents, int basisPoints) {
    ObjectNode taxLine = F.objectNode();
    taxLine.putNull("channel_liable");
    Money.putWithSet(taxLine, "price", cents);
    taxLine.put("rate", basisPoints / 10_000.0);
    taxLine.put("title", "State Tax");
    return taxLine;
  }
}
