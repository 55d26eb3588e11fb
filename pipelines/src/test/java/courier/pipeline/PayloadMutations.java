package courier.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.ShopifySimulator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded mutations of a Shopify entity's JSON, as a hostile or broken shop might send it: types
 * swapped, nulls, huge and negative numbers, bad dates, NUL characters, long strings, unknown and
 * missing fields (child ids among them), deep nesting, repeated keys. The same seed mutates the
 * same entities the same way.
 */
final class PayloadMutations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Top-level fields the simulator indexes (its id, listing window, filters): mutated, the entity
   * would no longer be served or the simulator would refuse the edit.
   */
  private static final Set<String> INDEXED =
      Set.of("id", "updated_at", "created_at", "closed_at", "cancelled_at", "test", "status");

  private static final List<String> BAD_DATES =
      List.of(
          "0000-00-00",
          "2026-02-30T25:61:61Z",
          "not a date",
          "",
          "-999999999-01-01T00:00:00Z",
          "+275760-09-13T00:00:00Z");

  private final Random random;

  PayloadMutations(long seed) {
    this.random = new Random(seed);
  }

  /** One to three mutations of fields anywhere in the entity. */
  void mutate(ObjectNode entity) {
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      List<Slot> slots = new ArrayList<>();
      collect(entity, true, 0, slots);
      if (!slots.isEmpty()) {
        mutate(entity, slots.get(random.nextInt(slots.size())));
      }
    }
  }

  private record Slot(ObjectNode parent, String field) {}

  private static void collect(ObjectNode node, boolean top, int depth, List<Slot> slots) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (top && (INDEXED.contains(name) || name.equals(ShopifySimulator.REPEATED_KEYS))) {
        continue;
      }
      slots.add(new Slot(node, name));
      JsonNode value = node.get(name);
      if (depth < 3) {
        if (value instanceof ObjectNode child) {
          collect(child, false, depth + 1, slots);
        } else if (value instanceof ArrayNode array) {
          for (JsonNode element : array) {
            if (element instanceof ObjectNode child) {
              collect(child, false, depth + 1, slots);
            }
          }
        }
      }
    }
  }

  private void mutate(ObjectNode entity, Slot slot) {
    ObjectNode parent = slot.parent();
    String field = slot.field();
    JsonNode value = parent.get(field);
    switch (random.nextInt(11)) {
      case 0 -> parent.set(field, swappedType(value));
      case 1 -> parent.set(field, NODES.nullNode());
      case 2 -> parent.set(field, hugeNumber());
      case 3 -> parent.set(field, negativeNumber());
      case 4 -> parent.put(field, BAD_DATES.get(random.nextInt(BAD_DATES.size())));
      case 5 -> parent.put(field, withNul(value));
      case 6 -> parent.put(field, "x".repeat(10_000 + random.nextInt(290_000)));
      case 7 -> parent.set("fuzz_" + random.nextInt(1000), swappedType(value));
      case 8 -> parent.remove(field);
      case 9 -> parent.set(field, nested(50 + random.nextInt(250)));
      default -> {
        if (parent == entity) {
          entity.withObject("/" + ShopifySimulator.REPEATED_KEYS).set(field, swappedType(value));
        } else {
          parent.set(field, swappedType(value));
        }
      }
    }
  }

  private JsonNode swappedType(JsonNode value) {
    if (value == null || value.isNull()) {
      return NODES.objectNode().put("was", "null");
    }
    if (value.isNumber()) {
      return NODES.textNode("twelve");
    }
    if (value.isTextual()) {
      return random.nextBoolean() ? NODES.numberNode(7) : NODES.booleanNode(true);
    }
    if (value.isBoolean()) {
      return NODES.textNode("yes");
    }
    if (value.isObject()) {
      return NODES.arrayNode().add(1).add("two");
    }
    return NODES.objectNode().put("a", 1);
  }

  private JsonNode hugeNumber() {
    return switch (random.nextInt(5)) {
      case 0 -> NODES.textNode("1e999999999");
      case 1 -> NODES.numberNode(new BigDecimal("1e999999999"));
      case 2 -> NODES.numberNode(Long.MAX_VALUE);
      case 3 -> NODES.numberNode(Double.MAX_VALUE);
      default -> NODES.numberNode(BigInteger.TEN.pow(40));
    };
  }

  private JsonNode negativeNumber() {
    return switch (random.nextInt(4)) {
      case 0 -> NODES.numberNode(-1 - random.nextInt(1_000_000));
      case 1 -> NODES.numberNode(Long.MIN_VALUE);
      case 2 -> NODES.textNode("-1e999999999");
      default -> NODES.numberNode(-0.0001);
    };
  }

  private String withNul(JsonNode value) {
    String text = value != null && value.isTextual() ? value.asText() : "value";
    int at = random.nextInt(text.length() + 1);
    return text.substring(0, at) + '\u0000' + text.substring(at);
  }

  private static JsonNode nested(int depth) {
    ObjectNode root = NODES.objectNode();
    ObjectNode node = root;
    for (int i = 0; i < depth; i++) {
      node = node.putObject("deeper");
    }
    return root;
  }
}
