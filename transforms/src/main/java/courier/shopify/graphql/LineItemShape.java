package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;

/** An order's line items, discount allocations, refunds and refund line items, REST-shaped. */
final class LineItemShape {
  private LineItemShape() {}

  /**
   * A LineItemRest node as REST's line item (LineItem has no legacyResourceId: the GID's number).
   */
  static JsonNode rest(JsonNode line) {
    if (!line.isObject()) {
      return line;
    }
    RestFields f = new RestFields(line, RestFields.newObject());
    f.put("id", "admin_graphql_api_id", RestValues::gidNumber)
        .copy(
            "admin_graphql_api_id",
            "name",
            "title",
            "variant_title",
            "sku",
            "vendor",
            "quantity",
            "current_quantity",
            "taxable",
            "requires_shipping",
            "gift_card",
            "fulfillable_quantity")
        .put("fulfillment_status", "fulfillment_status", LineItemShape::fulfillmentStatus)
        .copyFrom("fulfillment_service", "fulfillment_service.handle")
        .moneyBag("price", "price_set")
        .moneyBag("total_discount", "total_discount_set")
        .put("product_id", "product.legacyResourceId", RestValues::unsigned64)
        .put("variant_id", "variant.legacyResourceId", RestValues::unsigned64)
        .put("grams", "variant.inventoryItem.measurement.weight", RestValues::grams)
        .list("discount_allocations", "discount_allocations", LineItemShape::allocation);
    return f.target();
  }

  /** The deprecated LineItem.fulfillmentStatus: REST says null where GraphQL says "unfulfilled". */
  private static JsonNode fulfillmentStatus(JsonNode status) {
    if (status.isTextual() && status.textValue().equals("unfulfilled")) {
      return NullNode.getInstance();
    }
    return status;
  }

  private static JsonNode allocation(JsonNode allocation) {
    if (!allocation.isObject()) {
      return allocation;
    }
    return new RestFields(allocation, RestFields.newObject())
        .moneyBag("amount", "amount_set")
        .copyFrom("discount_application_index", "discountApplication.index")
        .target();
  }

  /** A Refund of {@code Order.refunds} with every refund line item. */
  static JsonNode refund(JsonNode refund) {
    if (!refund.isObject()) {
      return refund;
    }
    RestFields f = new RestFields(refund, RestFields.newObject());
    f.put("id", "id", RestValues::unsigned64).copy("admin_graphql_api_id", "created_at", "note");
    ArrayNode lines =
        f.connection("refund_line_items", "refund_line_items", LineItemShape::refundLine);
    ObjectNode rest = f.target();
    // The refunded amount: REST sums the refund's transactions, GraphQL's totalRefundedSet is that
    // sum (a transactions connection per refund would cost points and an overflow query).
    rest.set("total_refunded_set", f.at("total_refunded_set"));
    rest.set("restock", restocked(lines));
    rest.putNull("user_id");
    return rest;
  }

  /** REST's deprecated refund flag: whether any of its line items went back to stock. */
  private static JsonNode restocked(ArrayNode lines) {
    if (lines == null) {
      return NullNode.getInstance();
    }
    for (JsonNode line : lines) {
      JsonNode type = line.get("restock_type");
      if (type != null && type.isTextual() && !"no_restock".equals(type.textValue())) {
        return BooleanNode.TRUE;
      }
    }
    return BooleanNode.FALSE;
  }

  private static JsonNode refundLine(JsonNode line) {
    if (!line.isObject()) {
      return line;
    }
    return new RestFields(line, RestFields.newObject())
        .put("id", "admin_graphql_api_id", RestValues::gidNumber)
        .copy("admin_graphql_api_id", "quantity")
        .put("line_item_id", "line_item.id", RestValues::gidNumber)
        .put("location_id", "location.legacyResourceId", RestValues::unsigned64)
        .put("restock_type", "restock_type", RestValues::lowerCase)
        .put("subtotal", "subtotal_set.shop_money.amount", RestValues::moneyNumber)
        .put("total_tax", "total_tax_set.shop_money.amount", RestValues::moneyNumber)
        .target();
  }

  /**
   * REST's total_line_items_price: Σ price × quantity over every line; null when a line's price or
   * quantity is unreadable (that line then rejects the order anyway).
   */
  static JsonNode totalPrice(ArrayNode lines) {
    if (lines == null) {
      return NullNode.getInstance();
    }
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode line : lines) {
      BigDecimal price = RestValues.decimal(line.get("price"));
      JsonNode quantity = line.get("quantity");
      if (price == null || quantity == null || !quantity.isIntegralNumber()) {
        return NullNode.getInstance();
      }
      total = total.add(price.multiply(quantity.decimalValue()));
    }
    return TextNode.valueOf(RestValues.restScale(total).toPlainString());
  }
}
