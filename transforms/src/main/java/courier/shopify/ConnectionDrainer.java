package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.graphql.RestFields;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a nested connection beyond the page its parent query inlined (graphql-mapping.md §2.3):
 * while its {@code pageInfo.hasNextPage}, asks the overflow query for the next page after its
 * {@code endCursor} and appends the nodes, so the entity is shaped from all of them. Each such
 * request is reported as an overflow.
 */
final class ConnectionDrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionDrainer.class);

  /** An overflow query: its root field ("node", "product"), cost estimate and fixed variables. */
  record Overflow(GraphqlQuery query, String root, int estimate, Map<String, Object> variables) {}

  private final GraphqlCalls calls;
  private final RequestObserver observer;

  ConnectionDrainer(GraphqlCalls calls, RequestObserver observer) {
    this.calls = calls;
    this.observer = observer;
  }

  /**
   * Completes {@code owner.<key>} (a connection with REST-keyed alias {@code key}, the same in the
   * overflow query) in place. A connection that cannot be drained (no owner GID, no cursor, a
   * malformed overflow answer) is replaced by what was found, so the entity is rejected with a
   * reason instead of being stored truncated.
   */
  void drain(ShopifyResource resource, JsonNode owner, String key, Overflow overflow) {
    if (!owner.isObject() || !(owner.get(key) instanceof ObjectNode connection)) {
      return; // not a connection: the shape keeps it raw
    }
    while (connection.path("pageInfo").path("hasNextPage").asBoolean(false)) {
      JsonNode gid = owner.get("admin_graphql_api_id");
      JsonNode after = connection.path("pageInfo").path("endCursor");
      if (gid == null || !gid.isTextual() || !after.isTextual()) {
        ((ObjectNode) owner)
            .set(
                key,
                RestFields.newObject().put(RestFields.MISSING_FIELD, key + " cursor or owner id"));
        return;
      }
      Map<String, Object> variables = new LinkedHashMap<>(overflow.variables());
      variables.put("id", gid.textValue());
      variables.put("after", after.textValue());
      observer.overflowRequested(resource);
      GraphqlResponse response =
          calls.call(
              resource, overflow.query(), overflow.root(), variables, overflow.estimate(), r -> {});
      JsonNode parent = response.root(overflow.root());
      if (parent == null) {
        // Deleted since its page was read (REST keeps what it listed too); the next window that
        // sees it updated or deleted has the final word.
        LOG.info(
            "{} {} disappeared while its {} were read; keeping the {} read so far",
            resource.path(),
            gid.textValue(),
            key,
            connection.path("nodes").size());
        connection.set("pageInfo", RestFields.newObject().put("hasNextPage", false));
        return;
      }
      JsonNode more = parent.get(key);
      if (more == null || !more.path("nodes").isArray() || !connection.path("nodes").isArray()) {
        ((ObjectNode) owner)
            .set(
                key,
                more == null ? RestFields.newObject().put(RestFields.MISSING_FIELD, key) : more);
        return;
      }
      ((ArrayNode) connection.get("nodes")).addAll((ArrayNode) more.get("nodes"));
      connection.set("pageInfo", more.get("pageInfo"));
    }
  }
}
