package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON shape of real Shopify payloads, learnt from the recorded fixtures (a list of {request,
 * response} pairs): for every key the JSON types seen, recursively through objects and array
 * elements. A simulator value conforms when it has every key with one of the recorded types; a key
 * recorded as null somewhere accepts any type.
 */
final class FixtureShape {
  final Set<String> types = new TreeSet<>();
  final Map<String, FixtureShape> fields = new LinkedHashMap<>();
  FixtureShape element;

  /** Shape of every entity under {@code rootKey} in the responses of a fixture file. */
  static FixtureShape load(String file, String rootKey) {
    try (InputStream in = FixtureShape.class.getResourceAsStream("/fixtures/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /fixtures/" + file);
      }
      JsonNode recorded = TestHttp.MAPPER.readTree(in);
      FixtureShape s = new FixtureShape();
      int n = 0;
      for (JsonNode exchange : recorded) {
        JsonNode v = exchange.path("response").get(rootKey);
        if (v != null && v.isArray()) {
          for (JsonNode e : v) {
            s.learn(e);
            n++;
          }
        }
      }
      if (n == 0) {
        throw new IllegalStateException("no '" + rootKey + "' entities in " + file);
      }
      return s;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Accepts null for a top-level key the fixtures only recorded with a value, where Shopify sends
   * null too (a guest checkout's customer, as the orders fixture shows for a guest order).
   */
  FixtureShape alsoNull(String key) {
    fields.get(key).types.add("null");
    return this;
  }

  static String typeOf(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    if (v.isIntegralNumber()) {
      return "integer";
    }
    if (v.isNumber()) {
      return "float";
    }
    if (v.isTextual()) {
      return "string";
    }
    if (v.isArray()) {
      return "array";
    }
    return "object";
  }

  void learn(JsonNode v) {
    types.add(typeOf(v));
    if (v.isObject()) {
      v.fields()
          .forEachRemaining(
              e -> fields.computeIfAbsent(e.getKey(), k -> new FixtureShape()).learn(e.getValue()));
    } else if (v.isArray()) {
      for (JsonNode e : v) {
        if (element == null) {
          element = new FixtureShape();
        }
        element.learn(e);
      }
    }
  }

  /**
   * The sub-shape at a dotted path such as {@code refunds[]} or {@code line_items[].tax_lines[]}.
   */
  FixtureShape at(String path) {
    FixtureShape s = this;
    for (String part : path.split("\\.")) {
      boolean arr = part.endsWith("[]");
      String key = arr ? part.substring(0, part.length() - 2) : part;
      s = s.fields.get(key);
      if (s == null) {
        throw new IllegalArgumentException("fixture has no " + path);
      }
      if (arr) {
        s = s.element;
      }
    }
    return s;
  }

  /** Checks {@code v} against this shape; records violations and every non-null path seen. */
  void check(JsonNode v, String path, List<String> errors, Set<String> seen) {
    String t = typeOf(v);
    if (!t.equals("null")) {
      seen.add(path);
    }
    if (!types.contains("null") && !types.contains(t)) {
      errors.add(path + ": expected " + types + " but was " + t + " (" + v + ")");
      return;
    }
    if (v != null && v.isObject() && !fields.isEmpty()) {
      for (Map.Entry<String, FixtureShape> f : fields.entrySet()) {
        String p = path + "." + f.getKey();
        if (!v.has(f.getKey())) {
          errors.add(p + ": missing");
        } else {
          f.getValue().check(v.get(f.getKey()), p, errors, seen);
        }
      }
    } else if (v != null && v.isArray() && element != null) {
      for (JsonNode e : v) {
        element.check(e, path + "[]", errors, seen);
      }
    }
  }

  /**
   * Every path whose recorded values are never null (the simulator must show each non-null
   * somewhere).
   */
  void requiredPaths(String path, Set<String> out) {
    if (!types.contains("null")) {
      out.add(path);
    }
    fields.forEach((k, s) -> s.requiredPaths(path + "." + k, out));
    if (element != null) {
      element.requiredPaths(path + "[]", out);
    }
  }
}
