package courier.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The shop's {@code destroy} events, one per deletion through the control surface, in Shopify's
 * shapes: REST {@code events.json} ({@code subject_type} "Order", {@code verb} "destroy") and the
 * GraphQL {@code BasicEvent} ({@code subjectType} ORDER, {@code action} "destroy"). Shopify records
 * such events for customers, orders and products (variants go with their product; abandoned
 * checkouts and locations have none), and keeps them for a limited time: {@link #retainDays} ages
 * them out, so what only a reconciliation can find can be tested.
 */
final class DeletionEvents {
  /** First event id; ids ascend in creation order, as Shopify's do. */
  private static final long FIRST_ID = 9_800_000_000L;

  record Event(long id, Resource resource, long subjectId, long createdAt) {}

  private final List<Event> events = new ArrayList<>();
  private volatile LongSupplier now = () -> Long.MAX_VALUE;
  private volatile int retentionDays = -1;

  /** The clock that ages events; set once the simulator has one. */
  void useClock(LongSupplier nowEpochSecond) {
    this.now = nowEpochSecond;
  }

  /** Events older than this many days are no longer served; negative keeps them all (default). */
  void retainDays(int days) {
    this.retentionDays = days;
  }

  int retentionDays() {
    return retentionDays;
  }

  /** Records the deletion of an entity, if Shopify has events for its resource. */
  synchronized void recordDeletion(Resource resource, long id, long atEpochSecond) {
    if (restSubjectType(resource) != null) {
      events.add(new Event(FIRST_ID + events.size(), resource, id, atEpochSecond));
    }
  }

  /**
   * Served events of these resources created in {@code [createdMin, createdMax]} (inclusive epoch
   * seconds) with an id above {@code sinceId}, ascending by id, at most {@code limit}+1 (the extra
   * one tells that there is a next page).
   */
  synchronized List<Event> find(
      Set<Resource> resources, long createdMin, long createdMax, long sinceId, int limit) {
    long agedBefore =
        retentionDays < 0 ? Long.MIN_VALUE : now.getAsLong() - retentionDays * ShopData.DAY;
    List<Event> found = new ArrayList<>();
    for (Event e : events) {
      if (e.id() > sinceId
          && resources.contains(e.resource())
          && e.createdAt() >= Math.max(createdMin, agedBefore)
          && e.createdAt() <= createdMax) {
        found.add(e);
        if (found.size() > limit) {
          break;
        }
      }
    }
    return found;
  }

  /** REST's subject_type (and {@code filter} value) of a resource; null when it has no events. */
  static String restSubjectType(Resource resource) {
    return switch (resource) {
      case CUSTOMERS -> "Customer";
      case ORDERS -> "Order";
      case PRODUCTS -> "Product";
      default -> null;
    };
  }

  /** As {@code GET /admin/api/<v>/events.json} renders an event. */
  static ObjectNode rest(Event e, ShopTime time) {
    String type = restSubjectType(e.resource());
    ObjectNode json = Json.object();
    json.put("id", e.id());
    json.put("subject_id", e.subjectId());
    json.put("created_at", time.format(e.createdAt()));
    json.put("subject_type", type);
    json.put("verb", "destroy");
    ArrayNode arguments = json.putArray("arguments");
    arguments.add(String.valueOf(e.subjectId()));
    json.putNull("body");
    json.put("message", type + " deleted.");
    json.put("author", "Shopify");
    json.put("description", type + " deleted.");
    json.put("path", "/admin/" + e.resource().path() + "/" + e.subjectId());
    return json;
  }

  /** As the GraphQL {@code events} connection serves an event: a BasicEvent. */
  static Map<String, Object> graphql(Event e) {
    String type = restSubjectType(e.resource());
    Map<String, Object> node = new LinkedHashMap<>(GqlValues.object("BasicEvent"));
    node.put("id", GqlValues.gid("BasicEvent", e.id()));
    node.put("action", "destroy");
    node.put("createdAt", java.time.Instant.ofEpochSecond(e.createdAt()).toString());
    node.put("subjectId", GqlValues.gid(type, e.subjectId()));
    node.put("subjectType", graphqlSubjectType(e.resource()));
    node.put("message", type + " deleted.");
    node.put("attributeToApp", false);
    node.put("attributeToUser", true);
    node.put("criticalAlert", false);
    node.put("hasAdditionalContent", false);
    return node;
  }

  /** GraphQL's EventSubjectType of a resource; null when it has no events. */
  static String graphqlSubjectType(Resource resource) {
    String rest = restSubjectType(resource);
    return rest == null ? null : rest.toUpperCase(java.util.Locale.ROOT);
  }

  /** The resource of a REST {@code filter} or GraphQL {@code subject_type} value; null if none. */
  static Resource resourceOf(String subjectType) {
    for (Resource r : Resource.values()) {
      String rest = restSubjectType(r);
      if (rest != null && rest.equalsIgnoreCase(subjectType.trim())) {
        return r;
      }
    }
    return null;
  }
}
