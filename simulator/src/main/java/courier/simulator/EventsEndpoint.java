package courier.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /admin/api/<v>/events.json}: the shop's destroy events ({@link DeletionEvents}) with
 * Shopify's parameters: {@code verb} (only {@code destroy} is recorded), {@code filter} (subject
 * types, comma-separated: {@code Order,Customer,Product}), {@code created_at_min}/{@code
 * created_at_max} (inclusive), {@code since_id}, {@code limit} (default 50, at most 250). Events of
 * resources the token may not read are left out.
 */
final class EventsEndpoint {
  static final String PATH = "events.json";
  private static final int DEFAULT_LIMIT = 50;

  private final ShopData data;

  EventsEndpoint(ShopData data) {
    this.data = data;
  }

  void serve(Map<String, String> params, TokenRegistry.Credential credential, ApiResponse response)
      throws IOException, BadRequest {
    int limit = Integer.parseInt(params.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)));
    if (limit < 1 || limit > 250) {
      throw BadRequest.fields(Map.of("limit", "must be between 1 and 250"));
    }
    Set<Resource> resources = EnumSet.noneOf(Resource.class);
    String filter = params.get("filter");
    for (Resource r : Resource.values()) {
      if (credential.has(r.readScope())
          && DeletionEvents.restSubjectType(r) != null
          && (filter == null || listed(filter, r))) {
        resources.add(r);
      }
    }
    String verb = params.get("verb");
    if (verb != null && !verb.equals("destroy")) {
      resources.clear();
    }
    long min = bound(params.get("created_at_min"), Long.MIN_VALUE);
    long max = bound(params.get("created_at_max"), Long.MAX_VALUE);
    long sinceId = Long.parseLong(params.getOrDefault("since_id", "0"));
    List<DeletionEvents.Event> found = data.events.find(resources, min, max, sinceId, limit);
    ObjectNode body = Json.object();
    ArrayNode events = body.putArray("events");
    found.stream().limit(limit).forEach(e -> events.add(DeletionEvents.rest(e, data.time)));
    response.send(200, Json.bytes(body));
  }

  private static boolean listed(String filter, Resource r) {
    for (String type : filter.split(",")) {
      if (DeletionEvents.resourceOf(type) == r) {
        return true;
      }
    }
    return false;
  }

  private long bound(String value, long none) {
    return value == null ? none : data.time.parseFilter(value).getEpochSecond();
  }
}
