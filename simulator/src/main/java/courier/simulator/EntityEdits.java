package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The convenience edits tests use (remove a line item, add a refund, drop a tag or an address),
 * written as in-place changes to a full entity JSON. {@link ShopData#update} runs them on a copy
 * and stamps updated_at.
 */
final class EntityEdits {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private EntityEdits() {}

  /**
   * Normalizes a tag string the way Shopify stores it: trimmed, empty ones dropped, ", "-joined.
   */
  static String normalizeTags(String tags) {
    return String.join(", ", splitTags(tags));
  }

  static List<String> splitTags(String tags) {
    List<String> out = new ArrayList<>();
    if (tags == null) {
      return out;
    }
    for (String t : tags.split(",")) {
      String trimmed = t.trim();
      if (!trimmed.isEmpty() && !out.contains(trimmed)) {
        out.add(trimmed);
      }
    }
    return out;
  }

  static void removeTag(ObjectNode n, String tag) {
    List<String> tags = splitTags(n.path("tags").asText(""));
    if (!tags.remove(tag.trim())) {
      throw new NoSuchElementException(
          "tag '" + tag + "' is not on entity " + n.path("id").asText());
    }
    n.put("tags", String.join(", ", tags));
  }

  /** Removes a line item everywhere it appears: line_items, fulfillments, refund line items. */
  static void removeLineItem(ObjectNode order, long lineItemId) {
    if (!removeById(order.withArray("line_items"), "id", lineItemId)) {
      throw new NoSuchElementException(
          "order " + order.path("id").asText() + " has no line item " + lineItemId);
    }
    for (JsonNode f : order.withArray("fulfillments")) {
      removeById(((ObjectNode) f).withArray("line_items"), "id", lineItemId);
    }
    for (JsonNode r : order.withArray("refunds")) {
      removeById(((ObjectNode) r).withArray("refund_line_items"), "line_item_id", lineItemId);
    }
  }

  /**
   * Refunds one unit of the first line item that still has one: adds the refund (with its refund
   * line item and transaction), lowers the line's current quantity and the order's current totals,
   * and sets financial_status. Returns the new refund.
   */
  static ObjectNode addRefund(ObjectNode order, ShopData d, long nowSec) {
    ObjectNode line = null;
    for (JsonNode li : order.withArray("line_items")) {
      if (li.path("current_quantity").asInt() > 0) {
        line = (ObjectNode) li;
        break;
      }
    }
    if (line == null) {
      throw new IllegalStateException(
          "order " + order.path("id").asText() + " has nothing left to refund");
    }
    int qty = Math.max(1, line.path("quantity").asInt(1));
    long discount = 0;
    for (JsonNode a : line.withArray("discount_allocations")) {
      discount += cents(a.path("amount"));
    }
    long tax = 0;
    for (JsonNode t : line.withArray("tax_lines")) {
      tax += cents(t.path("price"));
    }
    long unitDiscount = Money.prorate(discount, 1, qty);
    long unitTax = Money.prorate(tax, 1, qty);
    long subtotal = cents(line.path("price")) - unitDiscount;

    int current = line.path("current_quantity").asInt() - 1;
    line.put("current_quantity", current);
    line.put("fulfillable_quantity", Math.min(line.path("fulfillable_quantity").asInt(), current));

    long orderId = order.path("id").asLong();
    long txId = d.nextExtraId();
    ObjectNode tx =
        RefundGen.transaction(
            txId,
            orderId,
            subtotal + unitTax,
            nowSec,
            d.nextExtraId(),
            order.path("name").asText(),
            order.path("test").asBoolean(),
            d.time);
    ArrayNode items = F.arrayNode();
    JsonNode location = firstLocation(d);
    items.add(
        RefundGen.refundLineItem(
            d.nextExtraId(),
            line.path("id").asLong(),
            location == null ? 0 : location.asLong(),
            1,
            "return",
            subtotal,
            unitTax,
            line.deepCopy()));
    ObjectNode refund =
        RefundGen.refund(
            d.nextExtraId(), orderId, nowSec, "refund added by test", true, tx, items, d.time);
    order.withArray("refunds").add(refund);

    boolean allRefunded = true;
    for (JsonNode li : order.withArray("line_items")) {
      allRefunded &= li.path("current_quantity").asInt() == 0;
    }
    order.put("financial_status", allRefunded ? "refunded" : "partially_refunded");
    subtract(order, "current_subtotal_price", subtotal);
    subtract(order, "current_total_tax", unitTax);
    subtract(order, "current_total_discounts", unitDiscount);
    subtract(order, "current_total_price", subtotal + unitTax);
    return refund;
  }

  /** Removes an address; when it was the default, the most recent remaining one becomes default. */
  static void removeAddress(ObjectNode customer, long addressId) {
    ArrayNode addresses = customer.withArray("addresses");
    boolean wasDefault = false;
    for (JsonNode a : addresses) {
      if (a.path("id").asLong() == addressId) {
        wasDefault = a.path("default").asBoolean();
      }
    }
    if (!removeById(addresses, "id", addressId)) {
      throw new NoSuchElementException(
          "customer " + customer.path("id").asText() + " has no address " + addressId);
    }
    if (wasDefault) {
      if (addresses.isEmpty()) {
        customer.putNull("default_address");
      } else {
        ObjectNode last = (ObjectNode) addresses.get(addresses.size() - 1);
        last.put("default", true);
        customer.set("default_address", last.deepCopy());
      }
    }
  }

  private static JsonNode firstLocation(ShopData d) {
    List<Long> ids = d.ids(Resource.LOCATIONS, Long.MIN_VALUE, Long.MAX_VALUE);
    return ids.isEmpty() ? null : F.numberNode(ids.get(0));
  }

  private static boolean removeById(ArrayNode array, String key, long id) {
    boolean removed = false;
    Iterator<JsonNode> it = array.elements();
    while (it.hasNext()) {
      if (it.next().path(key).asLong() == id) {
        it.remove();
        removed = true;
      }
    }
    return removed;
  }

  private static void subtract(ObjectNode o, String key, long cents) {
    if (o.hasNonNull(key)) {
      long v = cents(o.get(key)) - cents;
      o.put(key, Money.fmt(v));
      o.set(key + "_set", Money.set(v));
    }
  }

  private static long cents(JsonNode money) {
    if (money == null || money.isNull() || money.asText().isEmpty()) {
      return 0;
    }
    return new BigDecimal(money.asText()).movePointRight(2).longValueExact();
  }
}
