package courier.simulator;

import courier.simulator.graphql.Connections;
import courier.simulator.graphql.Cursor;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * QueryRoot {@code events}: the shop's destroy events ({@link DeletionEvents}) as BasicEvents,
 * ascending by id, filtered by the search terms the courier sends: {@code action:destroy}, {@code
 * subject_type:ORDER} (several joined by OR), {@code created_at} and {@code id} bounds. Events of
 * resources the token may not read are left out.
 */
final class GqlEvents {
  private static final Pattern TERM =
      Pattern.compile("(action|subject_type):\\s*'?([A-Za-z_]+)'?", Pattern.CASE_INSENSITIVE);

  private final ShopData data;

  GqlEvents(ShopData data) {
    this.data = data;
  }

  Object events(DataFetchingEnvironment env) {
    String query = env.getArgument("query");
    int first = Connections.first(env, -1);
    if (first < 1 || first > 250) {
      throw new IllegalArgumentException("first must be between 1 and 250 on events");
    }
    GqlSearch search = GqlSearch.parse(query, data.time);
    Set<Resource> resources = EnumSet.noneOf(Resource.class);
    boolean destroy = true;
    boolean typed = false;
    Matcher m = TERM.matcher(query == null ? "" : query);
    while (m.find()) {
      String value = m.group(2);
      if (m.group(1).equalsIgnoreCase("action")) {
        destroy &= value.toLowerCase(Locale.ROOT).equals("destroy");
      } else {
        typed = true;
        Resource r = DeletionEvents.resourceOf(value);
        if (r != null) {
          resources.add(r);
        }
      }
    }
    if (!typed) {
      resources.addAll(EnumSet.allOf(Resource.class));
    }
    TokenRegistry.Credential credential = GqlAccess.of(env).credential();
    resources.removeIf(r -> !credential.has(r.readScope()));
    if (!destroy) {
      resources.clear();
    }
    long after = Math.max(Connections.after(env, 0), search.idAfter());
    List<DeletionEvents.Event> found =
        data.events.find(resources, search.createdMin(), search.createdMax(), after, first);
    List<Map<String, Object>> nodes = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    for (DeletionEvents.Event e : found.subList(0, Math.min(first, found.size()))) {
      nodes.add(DeletionEvents.graphql(e));
      cursors.add(Cursor.encode(e.id()));
    }
    return Connections.page(nodes, cursors, found.size() > first, after > 0);
  }
}
