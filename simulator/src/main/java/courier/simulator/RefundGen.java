package courier.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders refunds in the key order of the orders fixture plus the refunds endpoint's extra keys:
 * those an order plan holds, and (through the static builders) those a test adds to an order.
 */
final class RefundGen {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ShopData data;
  private final OrderLineItemGen lineItems;

  RefundGen(ShopData data, OrderLineItemGen lineItems) {
    this.data = data;
    this.lineItems = lineItems;
  }

  /** Refund {@code k} of the order planned by {@code plan}. */
  ObjectNode refund(OrderPlan plan, int k, long orderId) {
    OrderPlan.Refund refund = plan.refunds.get(k);
    long transactionId = data.ids.at(IdLayout.TRANSACTION_BASE + plan.pos * 8L + k);
    ObjectNode transaction =
        transaction(
            transactionId,
            orderId,
            refund.amount(),
            refund.created(),
            data.ids.at(IdLayout.TRANSACTION_BASE + plan.pos * 8L + 4),
            OrderGen.name(plan),
            plan.test,
            data.time);
    ArrayNode items = F.arrayNode();
    for (int j = 0; j < refund.lines().length; j++) {
      int lineIndex = refund.lines()[j];
      items.add(
          refundLineItem(
              data.ids.at(IdLayout.REFUND_LINE_BASE + plan.pos * 16L + k * 4L + j),
              lineItems.lineItemId(plan, lineIndex),
              data.locationId(refund.locationPos()),
              refund.qty()[j],
              refund.restock() ? "return" : "no_restock",
              refund.subtotal()[j],
              refund.tax()[j],
              lineItems.lineItem(plan, lineIndex)));
    }
    return refund(
        data.ids.at(IdLayout.REFUND_BASE + plan.pos * 4L + k),
        orderId,
        refund.created(),
        refund.note(),
        refund.restock(),
        transaction,
        items,
        data.time);
  }

  static ObjectNode refund(
      long refundId,
      long orderId,
      long at,
      String note,
      boolean restock,
      ObjectNode transaction,
      ArrayNode refundLineItems,
      ShopTime time) {
    ObjectNode refund = F.objectNode();
    refund.put("id", refundId);
    refund.put("admin_graphql_api_id", "gid://shopify/Refund/" + refundId);
    refund.put("created_at", time.format(at));
    refund.put("note", note);
    refund.put("order_id", orderId);
    refund.put("processed_at", time.format(at));
    refund.put("restock", restock);
    refund.set("total_additional_fees_set", Money.set(0));
    refund.set("total_duties_set", Money.set(0));
    refund.put("user_id", IdLayout.STAFF_USER_ID);
    refund.putArray("order_adjustments");
    refund.putArray("transactions").add(transaction);
    refund.set("refund_line_items", refundLineItems);
    refund.putArray("duties");
    refund.putArray("additional_fees");
    refund.putArray("refund_shipping_lines");
    refund.putNull("return");
    return refund;
  }

  static ObjectNode refundLineItem(
      long id,
      long lineItemId,
      long locationId,
      int quantity,
      String restockType,
      long subtotal,
      long tax,
      ObjectNode lineItem) {
    ObjectNode item = F.objectNode();
    item.put("id", id);
    item.put("line_item_id", lineItemId);
    item.put("location_id", locationId);
    item.put("quantity", quantity);
    item.put("restock_type", restockType);
    item.set("subtotal", Money.number(subtotal));
    item.set("subtotal_set", Money.set(subtotal));
    item.set("total_tax", Money.number(tax));
    item.set("total_tax_set", Money.set(tax));
    item.set("line_item", lineItem);
    return item;
  }

  /** The refund's transaction; its payment_id is derived from the order name and the id. */
  static ObjectNode transaction(
      long id,
      long orderId,
      long amount,
      long at,
      long parentId,
      String orderName,
      boolean test,
      ShopTime time) {
    ObjectNode transaction = F.objectNode();
    transaction.put("id", id);
    transaction.put("admin_graphql_api_id", "gid://shopify/OrderTransaction/" + id);
    transaction.put("amount", Money.fmt(amount));
    transaction.put("authorization", "auth-" + Long.toHexString(id));
    String timestamp = time.format(at);
    transaction.put("created_at", timestamp);
    transaction.put("currency", Money.CURRENCY);
    transaction.putNull("device_id");
    transaction.putNull("error_code");
    transaction.put("gateway", test ? "bogus" : "shopify_payments");
    transaction.put("kind", "refund");
    transaction.putNull("location_id");
    transaction.putNull("message");
    transaction.put("order_id", orderId);
    transaction.put("parent_id", parentId);
    transaction.put("payment_id", orderName + "." + (id % 8 + 1));
    transaction.put("processed_at", timestamp);
    transaction.putObject("receipt");
    transaction.put("source_name", "web");
    transaction.put("status", "success");
    transaction.put("test", test);
    transaction.putNull("user_id");
    transaction.set("total_unsettled_set", Money.unsettledSet(0));
    transaction.put("manual_payment_gateway", false);
    transaction.putNull("amount_rounding");
    return transaction;
  }
}
