package courier.simulator.graphql;

import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds connection maps ({@code nodes}, {@code edges}, {@code pageInfo}) from pages of nodes. */
public final class Connections {
  private Connections() {}

  /** The {@code first} argument, or {@code fallback} when absent. */
  public static int first(DataFetchingEnvironment env, int fallback) {
    Object first = env.getArgument("first");
    return first instanceof Number n ? n.intValue() : fallback;
  }

  /** The {@code after} cursor's id, or {@code none} when there is no cursor. */
  public static long after(DataFetchingEnvironment env, long none) {
    Object after = env.getArgument("after");
    return after == null ? none : Cursor.decode(after.toString());
  }

  /** A connection field over a list held whole by its parent, paged on demand. */
  public static Resolver paged(List<? extends Map<String, Object>> all) {
    return env -> ofList(all, env);
  }

  /**
   * A page of a list held whole by its parent (line items, addresses, variants...): the nodes after
   * the {@code after} position, {@code first} of them; cursors are positions.
   */
  public static Map<String, Object> ofList(
      List<? extends Map<String, Object>> all, DataFetchingEnvironment env) {
    int from = (int) Math.max(0, Math.min(after(env, -1) + 1, all.size()));
    int to = (int) Math.min(all.size(), (long) from + Math.max(0, first(env, all.size())));
    List<String> cursors = new ArrayList<>();
    for (int i = from; i < to; i++) {
      cursors.add(Cursor.encode(i));
    }
    return page(new ArrayList<>(all.subList(from, to)), cursors, to < all.size(), from > 0);
  }

  /** The connection map of one page; {@code cursors} has one entry per node. */
  public static Map<String, Object> page(
      List<? extends Map<String, Object>> nodes,
      List<String> cursors,
      boolean hasNext,
      boolean hasPrevious) {
    List<Map<String, Object>> edges = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, Object> edge = new LinkedHashMap<>();
      edge.put("cursor", cursors.get(i));
      edge.put("node", nodes.get(i));
      edges.add(edge);
    }
    Map<String, Object> pageInfo = new LinkedHashMap<>();
    pageInfo.put("hasNextPage", hasNext);
    pageInfo.put("hasPreviousPage", hasPrevious);
    pageInfo.put("startCursor", cursors.isEmpty() ? null : cursors.get(0));
    pageInfo.put("endCursor", cursors.isEmpty() ? null : cursors.get(cursors.size() - 1));
    Map<String, Object> connection = new LinkedHashMap<>();
    connection.put("nodes", nodes);
    connection.put("edges", edges);
    connection.put("pageInfo", pageInfo);
    return connection;
  }
}
