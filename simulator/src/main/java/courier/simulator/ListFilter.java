package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * The filters of one list or count request, already validated: {@code ids}, {@code since_id},
 * inclusive {@code created_at}/{@code updated_at} bounds (epoch seconds) and a status. It is also
 * what a {@code page_info} cursor carries, so follow-up pages apply exactly the first request's
 * filters.
 */
final class ListFilter {
  static final long NONE_MIN = Long.MIN_VALUE;
  static final long NONE_MAX = Long.MAX_VALUE;

  final long sinceId;
  final long[] ids;
  final long createdMin;
  final long createdMax;
  final long updatedMin;
  final long updatedMax;

  /**
   * Orders: open, closed, cancelled or any. Checkouts: open, closed or any. Products: a comma list
   * of active, draft, archived (or any). Null for resources without a status filter.
   */
  final String status;

  ListFilter(
      long sinceId,
      long[] ids,
      long createdMin,
      long createdMax,
      long updatedMin,
      long updatedMax,
      String status) {
    this.sinceId = sinceId;
    this.ids = ids;
    this.createdMin = createdMin;
    this.createdMax = createdMax;
    this.updatedMin = updatedMin;
    this.updatedMax = updatedMax;
    this.status = status;
  }

  /** Everything (no filter); the default status for the resource. */
  static ListFilter all(Resource r) {
    return new ListFilter(NONE_MIN, null, NONE_MIN, NONE_MAX, NONE_MIN, NONE_MAX, defaultStatus(r));
  }

  /** Shopify's default status: open orders, open checkouts, products of every status. */
  static String defaultStatus(Resource r) {
    switch (r) {
      case ORDERS:
      case CHECKOUTS:
        return "open";
      case PRODUCTS:
        return "any";
      default:
        return null;
    }
  }

  /**
   * Whether the live entity at {@code pos} passes. {@code visibleCreatedMin} hides orders created
   * before it (the 60-day rule without read_all_orders); NONE_MIN when everything is visible.
   */
  boolean matches(Resource r, ResourceIndex ix, int pos, long visibleCreatedMin) {
    int flags = ix.flags(pos);
    if ((flags & ResourceIndex.DELETED) != 0) {
      return false;
    }
    long id = ix.idAt(pos);
    if (id <= sinceId || (ids != null && Arrays.binarySearch(ids, id) < 0)) {
      return false;
    }
    long c = ix.createdAt(pos);
    if (c < createdMin || c > createdMax || c < visibleCreatedMin) {
      return false;
    }
    long u = ix.updatedAt(pos);
    if (u < updatedMin || u > updatedMax) {
      return false;
    }
    return statusMatches(r, flags);
  }

  private boolean statusMatches(Resource r, int flags) {
    if (status == null || status.equals("any")) {
      return true;
    }
    boolean closed = (flags & ResourceIndex.CLOSED) != 0;
    boolean cancelled = (flags & ResourceIndex.CANCELLED) != 0;
    switch (r) {
      case ORDERS:
        switch (status) {
          case "open":
            return !closed && !cancelled;
          case "closed":
            return closed;
          case "cancelled":
            return cancelled;
          default:
            return false;
        }
      case CHECKOUTS:
        return status.equals("open") ? !closed : closed;
      case PRODUCTS:
        {
          String own =
              (flags & ResourceIndex.DRAFT) != 0
                  ? "draft"
                  : (flags & ResourceIndex.ARCHIVED) != 0 ? "archived" : "active";
          for (String s : status.split(",")) {
            if (s.equals(own)) {
              return true;
            }
          }
          return false;
        }
      default:
        return true;
    }
  }

  ObjectNode toJson() {
    ObjectNode n = Json.object();
    if (sinceId != NONE_MIN) {
      n.put("s", sinceId);
    }
    if (ids != null) {
      ArrayNode a = n.putArray("i");
      for (long id : ids) {
        a.add(id);
      }
    }
    putBound(n, "cn", createdMin, NONE_MIN);
    putBound(n, "cx", createdMax, NONE_MAX);
    putBound(n, "un", updatedMin, NONE_MIN);
    putBound(n, "ux", updatedMax, NONE_MAX);
    if (status != null) {
      n.put("st", status);
    }
    return n;
  }

  private static void putBound(ObjectNode n, String key, long v, long none) {
    if (v != none) {
      n.put(key, v);
    }
  }

  static ListFilter fromJson(JsonNode n) {
    long[] ids = null;
    if (n.has("i")) {
      JsonNode a = n.get("i");
      ids = new long[a.size()];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = a.get(k).asLong();
      }
      Arrays.sort(ids);
    }
    return new ListFilter(
        n.has("s") ? n.get("s").asLong() : NONE_MIN,
        ids,
        n.has("cn") ? n.get("cn").asLong() : NONE_MIN,
        n.has("cx") ? n.get("cx").asLong() : NONE_MAX,
        n.has("un") ? n.get("un").asLong() : NONE_MIN,
        n.has("ux") ? n.get("ux").asLong() : NONE_MAX,
        n.has("st") ? n.get("st").asText() : null);
  }
}
