package courier.simulator;

import static courier.simulator.GqlValues.gid;

import courier.simulator.graphql.Connections;
import courier.simulator.graphql.Cursor;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code segments}, {@code segmentsCount} and {@code customerSegmentMembers}: the shop's segments
 * ({@link Segments}) in id order, and a segment's members evaluated over the customers as they are
 * now, paged by cursor on the customer index (a page costs what it scans, not the whole shop).
 */
final class GqlSegments {
  /** customerSegmentMembers' documented maximum page size. */
  private static final int MAX_MEMBERS_PAGE = 1000;

  private final ShopData data;

  GqlSegments(ShopData data) {
    this.data = data;
  }

  Object segments(DataFetchingEnvironment env) {
    int first = Connections.first(env, -1);
    if (first < 0 || first > 250) {
      throw new IllegalArgumentException("first must be between 0 and 250 on segments");
    }
    long after = Connections.after(env, ListFilter.NONE_MIN);
    List<Map<String, Object>> nodes = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    boolean hasNext = false;
    for (Segments.Segment s : data.segments.all()) {
      if (s.id() <= after) {
        continue;
      }
      if (nodes.size() == first) {
        hasNext = true;
        break;
      }
      nodes.add(segment(s));
      cursors.add(Cursor.encode(s.id()));
    }
    return Connections.page(nodes, cursors, hasNext, after != ListFilter.NONE_MIN);
  }

  Object count(DataFetchingEnvironment env) {
    return GqlProductView.count(data.segments.all().size());
  }

  Object members(DataFetchingEnvironment env) {
    Object segmentId = env.getArgument("segmentId");
    Segments.Segment segment =
        segmentId == null ? null : data.segments.byId(gidNumber(segmentId.toString()));
    if (segment == null) {
      throw new IllegalArgumentException("Segment does not exist: " + segmentId);
    }
    int first = Connections.first(env, -1);
    if (first < 0 || first > MAX_MEMBERS_PAGE) {
      throw new IllegalArgumentException(
          "first must be between 0 and " + MAX_MEMBERS_PAGE + " on customerSegmentMembers");
    }
    long after = Connections.after(env, ListFilter.NONE_MIN);
    ListFilter live = ListFilter.all(Resource.CUSTOMERS);
    ResourceIndex index = data.index(Resource.CUSTOMERS);
    List<Map<String, Object>> nodes = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    boolean hasNext;
    index.readLock().lock();
    try {
      Pager.Space space =
          Pager.space(
              index.size(),
              index::idAt,
              pos ->
                  live.matches(Resource.CUSTOMERS, index, pos, ListFilter.NONE_MIN)
                      && segment.member().test(data.full(Resource.CUSTOMERS, pos)));
      Pager.Page page = Pager.forward(space, after, ListFilter.NONE_MIN, first, false);
      for (int pos : page.items()) {
        long customerId = index.idAt(pos);
        Map<String, Object> member = GqlValues.object("CustomerSegmentMember");
        // A member's GID carries the customer's id.
        member.put("id", gid("CustomerSegmentMember", customerId));
        nodes.add(member);
        cursors.add(Cursor.encode(customerId));
      }
      hasNext = page.hasNext();
    } finally {
      index.readLock().unlock();
    }
    return Connections.page(nodes, cursors, hasNext, after != ListFilter.NONE_MIN);
  }

  private static Map<String, Object> segment(Segments.Segment s) {
    Map<String, Object> m = GqlValues.object("Segment");
    m.put("id", gid("Segment", s.id()));
    m.put("name", s.name());
    m.put("query", s.query());
    m.put("creationDate", Segments.utc(s.created()));
    m.put("lastEditDate", Segments.utc(s.edited()));
    return m;
  }

  private static long gidNumber(String gid) {
    String[] parts = gid.split("\\?", 2)[0].split("/");
    try {
      return Long.parseLong(parts[parts.length - 1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid global id '" + gid + "'");
    }
  }
}
