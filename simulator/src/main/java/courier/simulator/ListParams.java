package courier.simulator;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads and validates list and count parameters; each problem becomes a Shopify-style 400. */
final class ListParams {
  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 250;
  private static final Set<String> PAGE_INFO_COMPANIONS = Set.of("page_info", "limit", "fields");

  private final ShopTime time;

  ListParams(ShopTime time) {
    this.time = time;
  }

  /** A top-level list's query: its filters come from the parameters or from page_info. */
  ListQuery listQuery(ListRequest request) throws BadRequest {
    Resource resource = request.route().resource();
    return query(request, params -> filter(resource, params, false));
  }

  /** A nested list's query: only variants take since_id, and no other filter applies. */
  ListQuery childQuery(ListRequest request) throws BadRequest {
    return query(request, params -> childFilter(request.route(), params));
  }

  /** A count's filters: those of a first list request, less ids and since_id. */
  ListFilter countFilter(Resource resource, Map<String, String> params) throws BadRequest {
    return filter(resource, params, true);
  }

  /** {@code fields=id, email,tags} gives {id, email, tags}; null when absent (every key). */
  static Set<String> fields(Map<String, String> params) {
    String raw = params.get("fields");
    if (raw == null) {
      return null;
    }
    Set<String> fields = new LinkedHashSet<>();
    for (String field : raw.split(",")) {
      if (!field.isBlank()) {
        fields.add(field.trim());
      }
    }
    return fields.isEmpty() ? null : fields;
  }

  /** How a first page (one without page_info) reads its filter. */
  @FunctionalInterface
  private interface FirstPageFilter {
    ListFilter read(Map<String, String> params) throws BadRequest;
  }

  private ListQuery query(ListRequest request, FirstPageFilter firstPageFilter) throws BadRequest {
    Map<String, String> params = request.params();
    PageCursor cursor = cursor(params, request.route().path());
    ListFilter filter = cursor != null ? cursor.filter() : firstPageFilter.read(params);
    return new ListQuery(cursor, filter, limit(params), fields(params));
  }

  private static PageCursor cursor(Map<String, String> params, String path) throws BadRequest {
    if (!params.containsKey("page_info")) {
      return null;
    }
    Map<String, String> offenders = new LinkedHashMap<>();
    for (String name : params.keySet()) {
      if (!PAGE_INFO_COMPANIONS.contains(name)) {
        offenders.put(name, name + " cannot be passed when page_info is present.");
      }
    }
    if (!offenders.isEmpty()) {
      throw BadRequest.fields(offenders);
    }
    try {
      return PageCursor.decode(params.get("page_info"), path);
    } catch (IllegalArgumentException e) {
      throw BadRequest.field("page_info", "Invalid value.");
    }
  }

  private static int limit(Map<String, String> params) throws BadRequest {
    String raw = params.get("limit");
    if (raw == null || raw.isBlank()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw BadRequest.field("limit", "limit must be an integer between 1 and " + MAX_LIMIT + ".");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw BadRequest.field(
          "limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit + ".");
    }
    return limit;
  }

  private static ListFilter childFilter(ApiRoute route, Map<String, String> params)
      throws BadRequest {
    long sinceId = ListFilter.NONE_MIN;
    if (route.kind() == ApiRoute.Kind.VARIANTS && params.containsKey("since_id")) {
      sinceId = parseLong("since_id", params.get("since_id"));
    }
    return new ListFilter(
        sinceId,
        null,
        ListFilter.NONE_MIN,
        ListFilter.NONE_MAX,
        ListFilter.NONE_MIN,
        ListFilter.NONE_MAX,
        null);
  }

  /**
   * The filters of a first list request (or of a count request, which ignores ids and since_id).
   */
  private ListFilter filter(Resource resource, Map<String, String> params, boolean forCount)
      throws BadRequest {
    Map<String, String> errors = new LinkedHashMap<>();
    long sinceId = ListFilter.NONE_MIN;
    long[] ids = null;
    if (!forCount && params.containsKey("since_id")) {
      try {
        sinceId = parseLong("since_id", params.get("since_id"));
      } catch (BadRequest e) {
        errors.put("since_id", "since_id must be an integer.");
      }
    }
    if (!forCount && params.containsKey("ids") && !params.get("ids").isBlank()) {
      try {
        ids =
            Arrays.stream(params.get("ids").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong)
                .sorted()
                .distinct()
                .toArray();
      } catch (NumberFormatException e) {
        errors.put("ids", "ids must be a comma-separated list of integers.");
      }
    }
    long createdMin = bound(params, "created_at_min", true, errors);
    long createdMax = bound(params, "created_at_max", false, errors);
    long updatedMin = bound(params, "updated_at_min", true, errors);
    long updatedMax = bound(params, "updated_at_max", false, errors);
    String status = status(resource, params.get("status"), errors);
    if (!errors.isEmpty()) {
      throw BadRequest.fields(errors);
    }
    return new ListFilter(sinceId, ids, createdMin, createdMax, updatedMin, updatedMax, status);
  }

  /** The status filter as given, or the resource's default; records an error when invalid. */
  private static String status(Resource resource, String raw, Map<String, String> errors) {
    String status = ListFilter.defaultStatus(resource);
    if (raw == null || raw.isBlank() || status == null) {
      return status;
    }
    String given = raw.trim().toLowerCase(Locale.ROOT);
    if (resource == Resource.PRODUCTS) {
      for (String part : given.split(",")) {
        if (!Set.of("active", "draft", "archived", "any").contains(part.trim())) {
          errors.put("status", "status must be a comma-separated list of active, draft, archived.");
        }
      }
      return given.contains("any") ? "any" : given.replace(" ", "");
    }
    Set<String> allowed =
        resource == Resource.ORDERS
            ? Set.of("open", "closed", "cancelled", "any")
            : Set.of("open", "closed", "any");
    if (!allowed.contains(given)) {
      errors.put(
          "status", "status must be one of " + String.join(", ", new TreeSet<>(allowed)) + ".");
    }
    return given;
  }

  /** An inclusive bound in epoch seconds: a min is rounded up, a max down, to whole seconds. */
  private long bound(
      Map<String, String> params, String name, boolean min, Map<String, String> errors) {
    String raw = params.get(name);
    if (raw == null || raw.isBlank()) {
      return min ? ListFilter.NONE_MIN : ListFilter.NONE_MAX;
    }
    try {
      Instant instant = time.parseFilter(raw);
      return min && instant.getNano() > 0 ? instant.getEpochSecond() + 1 : instant.getEpochSecond();
    } catch (IllegalArgumentException e) {
      errors.put(name, name + " " + e.getMessage());
      return 0;
    }
  }

  private static long parseLong(String name, String raw) throws BadRequest {
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw BadRequest.field(name, name + " must be an integer.");
    }
  }
}
