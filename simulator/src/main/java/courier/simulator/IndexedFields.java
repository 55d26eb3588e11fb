package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the index keeps of an entity changed through the control surface, read from its JSON so that
 * filters follow the change: created_at, status bits, and the id, which must not change.
 */
final class IndexedFields {
  private IndexedFields() {}

  /**
   * @throws IllegalArgumentException when the entity's id is no longer {@code id}
   */
  static void checkId(Resource resource, long id, ObjectNode entity) {
    JsonNode idNode = entity.get("id");
    if (idNode == null || !idNode.canConvertToLong() || idNode.asLong() != id) {
      throw new IllegalArgumentException(
          "a mutation must not change the id of " + resource.path() + " " + id);
    }
  }

  /** created_at in epoch seconds, or {@code fallback} when the entity has none. */
  static long createdAt(ObjectNode entity, long fallback) {
    JsonNode created = entity.get("created_at");
    if (created == null || !created.isTextual()) {
      return fallback;
    }
    try {
      return ShopTime.parseEpochSecond(created.asText());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "created_at is not an ISO-8601 timestamp: " + created.asText());
    }
  }

  /** The index's status bits for the entity. */
  static int flags(Resource resource, ObjectNode entity) {
    switch (resource) {
      case ORDERS:
        return (isSet(entity, "closed_at") ? ResourceIndex.CLOSED : 0)
            | (isSet(entity, "cancelled_at") ? ResourceIndex.CANCELLED : 0)
            | (entity.path("test").asBoolean(false) ? ResourceIndex.TEST : 0);
      case CHECKOUTS:
        return isSet(entity, "closed_at") ? ResourceIndex.CLOSED : 0;
      case PRODUCTS:
        String status = entity.path("status").asText("active");
        if (status.equals("draft")) {
          return ResourceIndex.DRAFT;
        }
        return status.equals("archived") ? ResourceIndex.ARCHIVED : 0;
      default:
        return 0;
    }
  }

  private static boolean isSet(ObjectNode entity, String key) {
    JsonNode value = entity.get(key);
    return value != null && !value.isNull();
  }
}
