package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Writes one REST-shaped object from one GraphQL node whose fields carry REST-keyed aliases. Paths
 * are dotted aliases ("customer.legacyResourceId"): a null object on the way gives null (a guest
 * order has no customer); a field that is missing, which GraphQL never does for a field the query
 * selected, gives a marker object {"missing_graphql_field": path}; a value of the wrong type is
 * kept raw. Both make the normalizer reject the entity, naming the REST key.
 */
public final class RestFields {
  /** The key of the marker left where a selected field is missing from the response. */
  public static final String MISSING_FIELD = "missing_graphql_field";

  private final JsonNode from;
  private final ObjectNode to;

  public RestFields(JsonNode from, ObjectNode to) {
    this.from = from;
    this.to = to;
  }

  public static ObjectNode newObject() {
    return JsonNodeFactory.instance.objectNode();
  }

  public ObjectNode target() {
    return to;
  }

  /** The value at {@code path}: see the class comment for null, missing and wrong types. */
  public JsonNode at(String path) {
    return at(from, path);
  }

  static JsonNode at(JsonNode start, String path) {
    JsonNode current = start;
    for (String step : path.split("\\.")) {
      if (current.isNull()) {
        return NullNode.getInstance();
      }
      if (!current.isObject()) {
        return current;
      }
      JsonNode next = current.get(step);
      if (next == null) {
        return missing(path);
      }
      current = next;
    }
    return current;
  }

  static ObjectNode missing(String path) {
    ObjectNode marker = newObject();
    marker.put(MISSING_FIELD, path);
    return marker;
  }

  /** Copies fields whose alias already is the REST key and whose value needs no conversion. */
  public RestFields copy(String... keys) {
    for (String key : keys) {
      to.set(key, at(key));
    }
    return this;
  }

  public RestFields put(String key, String path, UnaryOperator<JsonNode> conversion) {
    to.set(key, conversion.apply(at(path)));
    return this;
  }

  public RestFields copyFrom(String key, String path) {
    return put(key, path, UnaryOperator.identity());
  }

  /** A MoneyBag's shop-currency amount as REST's decimal string. */
  public RestFields moneyBag(String key, String bagPath) {
    return put(key, bagPath + ".shop_money.amount", RestValues::moneyText);
  }

  /**
   * The entity's own id: legacyResourceId, or the number of its GID (the same number) when that is
   * unreadable, so a bad id still leaves the entity in its keyset place.
   */
  public RestFields entityId() {
    JsonNode legacy = RestValues.unsigned64(at("id"));
    if (!legacy.isIntegralNumber()) {
      JsonNode gid = RestValues.gidNumber(at("admin_graphql_api_id"));
      if (gid.isIntegralNumber()) {
        legacy = gid;
      }
    }
    to.set("id", legacy);
    return copy("admin_graphql_api_id");
  }

  /**
   * The nodes of a drained connection ({@code {pageInfo, nodes}}); null when the connection is not
   * of that shape (then {@link #connection} keeps it raw).
   */
  static List<JsonNode> nodes(JsonNode connection) {
    JsonNode nodes = connection == null || !connection.isObject() ? null : connection.get("nodes");
    if (nodes == null || !nodes.isArray()) {
      return null;
    }
    List<JsonNode> list = new ArrayList<>(nodes.size());
    nodes.forEach(list::add);
    return list;
  }

  /** Each element of a connection at {@code path}, shaped into the REST array {@code key}. */
  public ArrayNode connection(String key, String path, UnaryOperator<JsonNode> shape) {
    JsonNode connection = at(path);
    List<JsonNode> nodes = nodes(connection);
    if (nodes == null) {
      to.set(key, connection);
      return null;
    }
    ArrayNode array = to.putArray(key);
    nodes.forEach(node -> array.add(shape.apply(node)));
    return array;
  }

  /** Each element of a plain list at {@code path}, shaped into the REST array {@code key}. */
  public ArrayNode list(String key, String path, UnaryOperator<JsonNode> shape) {
    JsonNode list = at(path);
    if (!list.isArray()) {
      to.set(key, list.isNull() ? JsonNodeFactory.instance.arrayNode() : list);
      return null;
    }
    ArrayNode array = to.putArray(key);
    list.forEach(node -> array.add(shape.apply(node)));
    return array;
  }
}
