package courier.shopify.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/**
 * Line items, refunds and the order's line total at their edges (a whole order's are compared in
 * {@link OrderShapeTest}): what is not an object is kept raw for the normalizer to reject, the
 * deprecated restock flag, and a total that is null rather than wrong when a line is unreadable.
 */
class LineItemShapeTest {
  private static final JsonNode RAW = TextNode.valueOf("raw");

  @Test
  void whatIsNotAnObjectIsKeptRaw() {
    assertSame(RAW, LineItemShape.rest(RAW));
    assertSame(RAW, LineItemShape.refund(RAW));
    ObjectNode line = RestFields.newObject();
    line.putArray("discount_allocations").add(RAW);
    line.put("fulfillment_status", "partial");
    JsonNode rest = LineItemShape.rest(line);
    assertSame(RAW, rest.get("discount_allocations").get(0));
    assertEquals("partial", rest.get("fulfillment_status").textValue());
    line.put("fulfillment_status", 3);
    assertEquals(3, LineItemShape.rest(line).get("fulfillment_status").intValue());

    ObjectNode refund = refund("RETURN");
    ((ArrayNode) refund.path("refund_line_items").path("nodes")).add(RAW);
    assertSame(RAW, LineItemShape.refund(refund).get("refund_line_items").get(1));
  }

  @Test
  void aRefundIsRestockedWhenAnyOfItsLinesWentBackToStock() {
    assertSame(BooleanNode.TRUE, LineItemShape.refund(refund("RETURN")).get("restock"));
    assertSame(
        BooleanNode.TRUE, LineItemShape.refund(refund("NO_RESTOCK", "CANCEL")).get("restock"));
    assertSame(BooleanNode.FALSE, LineItemShape.refund(refund("NO_RESTOCK")).get("restock"));
    assertSame(BooleanNode.FALSE, LineItemShape.refund(refund()).get("restock"));
    ObjectNode nullType = refund("RETURN");
    ((ObjectNode) nullType.path("refund_line_items").path("nodes").get(0)).putNull("restock_type");
    assertSame(BooleanNode.FALSE, LineItemShape.refund(nullType).get("restock"));

    ObjectNode unreadable = refund("RETURN");
    unreadable.put("refund_line_items", "raw");
    JsonNode rest = LineItemShape.refund(unreadable);
    assertEquals("raw", rest.get("refund_line_items").textValue());
    assertSame(NullNode.getInstance(), rest.get("restock"));
    assertSame(NullNode.getInstance(), rest.get("user_id"));
    assertEquals(509562969L, rest.get("id").longValue());
  }

  private static ObjectNode refund(String... restockTypes) {
    ObjectNode refund = RestFields.newObject();
    refund.put("id", "509562969").put("admin_graphql_api_id", "gid://shopify/Refund/509562969");
    refund.put("created_at", "2026-07-02T11:00:00Z").putNull("note");
    ArrayNode nodes = refund.putObject("refund_line_items").putArray("nodes");
    for (String type : restockTypes) {
      nodes.addObject().put("restock_type", type);
    }
    return refund;
  }

  @Test
  void theLineTotalIsPriceTimesQuantityOrNullWhenALineIsUnreadable() {
    assertEquals("20.00", total(line("9.5", 2), line("1", 1)).textValue());
    assertEquals("0.00", total().textValue());
    assertEquals("3.333", total(line("1.111", 3)).textValue(), "never rounded");
    assertSame(NullNode.getInstance(), LineItemShape.totalPrice(null));
    assertSame(NullNode.getInstance(), total(line("9.5", 2), line("x", 1)));
    ObjectNode noQuantity = line("1", 1);
    noQuantity.remove("quantity");
    assertSame(NullNode.getInstance(), total(line("9.5", 2), noQuantity));
    ObjectNode fractional = line("1", 1);
    fractional.put("quantity", 1.5);
    assertSame(NullNode.getInstance(), total(fractional));
  }

  private static ObjectNode line(String price, int quantity) {
    ObjectNode line = RestFields.newObject();
    line.put("price", price).put("quantity", quantity);
    return line;
  }

  private static JsonNode total(ObjectNode... lines) {
    ArrayNode array = RestFields.newObject().arrayNode();
    for (ObjectNode line : lines) {
      array.add(line);
    }
    return LineItemShape.totalPrice(array);
  }
}
