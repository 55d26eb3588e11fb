package courier.shopify.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/**
 * The path rules every shape relies on: a null object on the way gives null, a missing field gives
 * the marker naming the path, a value of the wrong type is kept raw; the entity id's fallback to
 * the GID; connections and lists that are not of their shape.
 */
class RestFieldsTest {
  private static ObjectNode from() {
    ObjectNode from = RestFields.newObject();
    from.putNull("guest");
    from.put("flat", "text");
    from.putObject("customer").putObject("address").put("city", "Town");
    return from;
  }

  @Test
  void pathsGiveNullThroughANullObjectAndTheValueWhereTheyStopBeingObjects() {
    RestFields f = new RestFields(from(), RestFields.newObject());
    assertEquals("Town", f.at("customer.address.city").textValue());
    assertSame(NullNode.getInstance(), f.at("guest.id"));
    assertSame(NullNode.getInstance(), f.at("guest.address.city"));
    assertEquals(TextNode.valueOf("text"), f.at("flat.id"), "a wrong type is kept raw");
    assertEquals(RestFields.missing("customer.email"), f.at("customer.email"));
    assertEquals(
        "customer.address.zip",
        f.at("customer.address.zip").get(RestFields.MISSING_FIELD).textValue(),
        "the marker names the whole path");
    assertEquals(1, RestFields.missing("x").size());
  }

  @Test
  void theEntityIdIsTheLegacyIdElseTheGidsNumberElseTheRawValue() {
    assertEquals(5L, entityId("5", "gid://shopify/Order/6").get("id").longValue());
    assertEquals(6L, entityId("5x", "gid://shopify/Order/6").get("id").longValue());
    assertEquals("5x", entityId("5x", "not-a-gid").get("id").textValue());
    ObjectNode rest = entityId("5", "gid://shopify/Order/6");
    assertEquals("gid://shopify/Order/6", rest.get("admin_graphql_api_id").textValue());
  }

  private static ObjectNode entityId(String legacy, String gid) {
    ObjectNode from = RestFields.newObject().put("id", legacy).put("admin_graphql_api_id", gid);
    return new RestFields(from, RestFields.newObject()).entityId().target();
  }

  @Test
  void connectionsAndListsNotOfTheirShapeAreKeptRawAndANullListIsEmpty() {
    ObjectNode from = RestFields.newObject();
    from.putObject("good").putArray("nodes").add(1).add(2);
    from.putObject("noNodes").put("nodes", "x");
    from.put("text", "x");
    from.putNull("absent");
    from.putArray("list").add(3);
    RestFields f = new RestFields(from, RestFields.newObject());

    ArrayNode good = f.connection("good", "good", node -> TextNode.valueOf("n" + node.asText()));
    assertEquals("[\"n1\",\"n2\"]", good.toString());
    assertSame(good, f.target().get("good"));
    assertNull(f.connection("noNodes", "noNodes", node -> node));
    assertEquals(from.get("noNodes"), f.target().get("noNodes"));
    assertNull(f.connection("text", "text", node -> node));
    assertEquals("x", f.target().get("text").textValue());
    assertNull(RestFields.nodes(null));

    ArrayNode list = f.list("list", "list", node -> TextNode.valueOf("l" + node.asText()));
    assertEquals("[\"l3\"]", list.toString());
    assertSame(list, f.target().get("list"));
    assertNull(f.list("absent", "absent", node -> node));
    JsonNode empty = f.target().get("absent");
    assertTrue(empty.isArray() && empty.isEmpty(), "a null list is REST's empty array");
    assertNull(f.list("textList", "text", node -> node));
    assertEquals("x", f.target().get("textList").textValue());
  }
}
