package courier.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** JSON helpers shared by the generators and handlers. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Json() {}

  /**
   * An entity field whose object's keys are served a second time, after the entity's own, with
   * these values: JSON with repeated keys, which a tree cannot hold (fuzzing a client's parser).
   * The field itself is not served.
   */
  static final String REPEATED_KEYS = "__sim_repeated_keys";

  /** Writes an entity as served: {@link #REPEATED_KEYS} repeated, everything else as it is. */
  static void writeServed(JsonGenerator generator, ObjectNode entity) throws IOException {
    JsonNode repeated = entity.get(REPEATED_KEYS);
    if (repeated == null) {
      MAPPER.writeTree(generator, entity);
      return;
    }
    generator.writeStartObject();
    Iterator<Map.Entry<String, JsonNode>> it = entity.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals(REPEATED_KEYS)) {
        generator.writeFieldName(e.getKey());
        MAPPER.writeTree(generator, e.getValue());
      }
    }
    Iterator<Map.Entry<String, JsonNode>> again = repeated.fields();
    while (again.hasNext()) {
      Map.Entry<String, JsonNode> e = again.next();
      generator.writeFieldName(e.getKey());
      MAPPER.writeTree(generator, e.getValue());
    }
    generator.writeEndObject();
  }

  static ObjectNode object() {
    return F.objectNode();
  }

  /** A shallow copy of {@code node} with one field replaced, keeping the key order. */
  static ObjectNode withField(ObjectNode node, String key, JsonNode value) {
    ObjectNode copy = F.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      copy.set(e.getKey(), e.getKey().equals(key) ? value : e.getValue());
    }
    return copy;
  }

  /** Top-level projection for {@code fields=}: the listed keys, in the entity's own key order. */
  static ObjectNode project(ObjectNode node, Set<String> fields) {
    ObjectNode copy = F.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (fields.contains(e.getKey())) {
        copy.set(e.getKey(), e.getValue());
      }
    }
    return copy;
  }

  /**
   * JSON merge patch (RFC 7386) with one deliberate difference: a {@code null} in the patch sets
   * the key to JSON null instead of removing it, because Shopify entities keep every key (a cleared
   * {@code closed_at} is {@code null}, not absent).
   */
  static void mergePatch(ObjectNode target, JsonNode patch) {
    Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = target.get(e.getKey());
      JsonNode value = e.getValue();
      if (value.isObject() && existing != null && existing.isObject()) {
        mergePatch((ObjectNode) existing, value);
      } else {
        target.set(e.getKey(), value.deepCopy());
      }
    }
  }

  /** The objects of an array (null or missing = empty), sorted ascending by their "id". */
  static java.util.List<ObjectNode> sortedById(JsonNode array) {
    java.util.List<ObjectNode> out = new java.util.ArrayList<>();
    if (array != null && array.isArray()) {
      for (JsonNode n : array) {
        if (n.isObject()) {
          out.add((ObjectNode) n);
        }
      }
    }
    out.sort(java.util.Comparator.comparingLong(n -> n.path("id").asLong()));
    return out;
  }

  static byte[] bytes(JsonNode node) {
    try {
      // Via a String so characters outside the BMP come out as raw UTF-8, not as escaped
      // surrogates.
      return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code {"errors": message}}, Shopify's usual error body. */
  static byte[] errors(String message) {
    ObjectNode n = F.objectNode();
    n.put("errors", message);
    return bytes(n);
  }

  /** {@code {"errors": {field: message, ...}}}, Shopify's per-parameter error body. */
  static byte[] fieldErrors(Map<String, String> messages) {
    ObjectNode n = F.objectNode();
    ObjectNode errs = n.putObject("errors");
    messages.forEach(errs::put);
    return bytes(n);
  }

  static JsonNode parse(byte[] body) throws java.io.IOException {
    if (body.length == 0) {
      return F.objectNode();
    }
    return MAPPER.readTree(new String(body, StandardCharsets.UTF_8));
  }
}
