package courier.simulator;

import courier.simulator.graphql.Connections;
import courier.simulator.graphql.Cursor;
import courier.simulator.graphql.Resolver;
import graphql.schema.DataFetchingEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * The QueryRoot fields the courier uses: the root connections (paged on the REST index with the
 * REST filter, so a page costs O(page) and not O(shop)), the counts, and the lookups by GID.
 */
final class GqlRoots {
  /** Shopify's default {@code limit} of the count fields. */
  private static final int DEFAULT_COUNT_LIMIT = 10_000;

  private final ShopData data;
  private final GqlViews views;
  private final GqlVariants variants;
  private final GqlBulk bulk;
  private final GqlSegments segments;
  private final GqlEvents events;

  GqlRoots(ShopData data, BulkOperations bulkOperations) {
    this.data = data;
    this.views = new GqlViews(data);
    this.variants = views.variants;
    this.bulk = new GqlBulk(bulkOperations, this::root);
    this.segments = new GqlSegments(data);
    this.events = new GqlEvents(data);
  }

  /** The root value of one execution: every QueryRoot field the simulator answers. */
  Map<String, Object> root() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("orders", connection(Resource.ORDERS));
    root.put("customers", GqlAccess.customers(env -> page(Resource.CUSTOMERS, env)));
    root.put("products", connection(Resource.PRODUCTS));
    root.put("locations", connection(Resource.LOCATIONS));
    root.put("abandonedCheckouts", connection(Resource.CHECKOUTS));
    root.put("productVariants", guarded("read_products", variants::page));
    root.put("ordersCount", count(Resource.ORDERS));
    root.put("customersCount", GqlAccess.customers(count(Resource.CUSTOMERS)));
    root.put("productsCount", count(Resource.PRODUCTS));
    root.put("abandonedCheckoutsCount", count(Resource.CHECKOUTS));
    root.put("segments", guarded("read_customers", segments::segments));
    root.put("segmentsCount", guarded("read_customers", segments::count));
    root.put("customerSegmentMembers", guarded("read_customers", segments::members));
    root.put("order", byGid());
    root.put("customer", GqlAccess.customers(byGid()));
    root.put("product", byGid());
    root.put("location", byGid());
    root.put("refund", byGid());
    root.put("node", byGid());
    root.put("nodes", (Resolver) this::nodes);
    root.put("events", (Resolver) events::events);
    bulk.addTo(root);
    root.put("currentAppInstallation", (Resolver) GqlRoots::currentAppInstallation);
    return root;
  }

  /** The calling app's installation: the scopes its token was granted, as handles. */
  private static Object currentAppInstallation(DataFetchingEnvironment env) {
    List<Map<String, Object>> scopes = new ArrayList<>();
    new TreeSet<>(GqlAccess.of(env).credential().scopes())
        .forEach(scope -> scopes.add(Map.of("handle", scope, "description", scope)));
    return Map.of("accessScopes", scopes);
  }

  private static Resolver guarded(String scope, Resolver resolver) {
    return env ->
        GqlAccess.of(env).credential().has(scope)
            ? resolver.resolve(env)
            : GqlAccess.denied(env, scope);
  }

  private Resolver connection(Resource r) {
    return guarded(r.readScope(), env -> page(r, env));
  }

  private Object page(Resource r, DataFetchingEnvironment env) {
    GqlSearch search = GqlSearch.parse(env.getArgument("query"), data.time);
    BulkPage bulkPage = env.getGraphQlContext().get(BulkPage.CONTEXT_KEY);
    int first = bulkPage != null ? BulkPage.SIZE : Connections.first(env, -1);
    if (first < 0 || first > 250) {
      throw new IllegalArgumentException("first must be between 0 and 250 on " + r.path());
    }
    long after =
        bulkPage != null
            ? Math.max(bulkPage.after(), ListFilter.NONE_MIN)
            : Connections.after(env, ListFilter.NONE_MIN);
    ListFilter filter = search.listFilter();
    long visibleFrom =
        r == Resource.ORDERS ? GqlAccess.of(env).ordersVisibleFrom() : ListFilter.NONE_MIN;
    IntPredicate extra = r == Resource.LOCATIONS ? locationsShown(env) : pos -> true;
    ResourceIndex index = data.index(r);
    int[] positions;
    boolean hasNext;
    index.readLock().lock();
    try {
      Pager.Space space =
          Pager.space(
              bound(index, search),
              index::idAt,
              pos -> filter.matches(r, index, pos, visibleFrom) && extra.test(pos));
      Pager.Page page = Pager.forward(space, after, filter.sinceId, first, false);
      positions = page.items();
      hasNext = page.hasNext();
    } finally {
      index.readLock().unlock();
    }
    List<Map<String, Object>> nodes = new ArrayList<>();
    List<String> cursors = new ArrayList<>();
    for (int pos : positions) {
      nodes.add(views.view(r, data.full(r, pos)));
      cursors.add(Cursor.encode(index.idAt(pos)));
    }
    if (bulkPage != null) {
      bulkPage.served(cursors.isEmpty() ? null : cursors.get(cursors.size() - 1), hasNext);
    }
    return Connections.page(nodes, cursors, hasNext, after != ListFilter.NONE_MIN);
  }

  /** The positions below the search's upper id bound (ids ascend with positions). */
  private static int bound(ResourceIndex index, GqlSearch search) {
    return search.idBefore() == ListFilter.NONE_MAX
        ? index.size()
        : index.firstAfter(search.idBefore() - 1);
  }

  /** Locations hides legacy and inactive ones unless asked (the SDL defaults are false). */
  private IntPredicate locationsShown(DataFetchingEnvironment env) {
    boolean legacy = Boolean.TRUE.equals(env.getArgument("includeLegacy"));
    boolean inactive = Boolean.TRUE.equals(env.getArgument("includeInactive"));
    return pos -> {
      var location = data.full(Resource.LOCATIONS, pos);
      return (legacy || !location.path("legacy").asBoolean())
          && (inactive || location.path("active").asBoolean());
    };
  }

  private Resolver count(Resource r) {
    return guarded(
        r.readScope(),
        env -> {
          GqlSearch search = GqlSearch.parse(env.getArgument("query"), data.time);
          Object limitArgument =
              env.containsArgument("limit") ? env.getArgument("limit") : DEFAULT_COUNT_LIMIT;
          long limit = limitArgument instanceof Number n ? n.longValue() : Long.MAX_VALUE;
          ListFilter filter = search.listFilter();
          long visibleFrom =
              r == Resource.ORDERS ? GqlAccess.of(env).ordersVisibleFrom() : ListFilter.NONE_MIN;
          ResourceIndex index = data.index(r);
          long count = 0;
          index.readLock().lock();
          try {
            int end = bound(index, search);
            for (int pos = 0; pos < end && count <= limit; pos++) {
              if (filter.matches(r, index, pos, visibleFrom)) {
                count++;
              }
            }
          } finally {
            index.readLock().unlock();
          }
          Map<String, Object> result = GqlProductView.count(Math.min(count, limit));
          result.put("precision", count > limit ? "AT_LEAST" : "EXACT");
          return result;
        });
  }

  private Resolver byGid() {
    return env -> {
      Object id = env.getArgument("id");
      return node(env, String.valueOf(id));
    };
  }

  private Object nodes(DataFetchingEnvironment env) {
    List<Object> out = new ArrayList<>();
    List<?> ids = env.getArgument("ids");
    for (Object id : ids) {
      Object node = node(env, String.valueOf(id));
      out.add(node instanceof graphql.execution.DataFetcherResult<?> ? null : node);
    }
    return out;
  }

  /** The object a GID names, null when there is none; ACCESS_DENIED without the scope. */
  private Object node(DataFetchingEnvironment env, String gid) {
    if (GqlBulk.names(gid)) {
      return bulk.node(env, gid);
    }
    String[] parts = gid.split("\\?", 2)[0].split("/");
    if (parts.length != 5 || !gid.startsWith("gid://shopify/")) {
      throw new IllegalArgumentException("Invalid global id '" + gid + "'");
    }
    long id = Long.parseLong(parts[4]);
    Resource r =
        switch (parts[3]) {
          case "Order", "Refund" -> Resource.ORDERS;
          case "Customer" -> Resource.CUSTOMERS;
          case "Product", "ProductVariant" -> Resource.PRODUCTS;
          case "Location" -> Resource.LOCATIONS;
          case "AbandonedCheckout" -> Resource.CHECKOUTS;
          default -> null;
        };
    if (r == null) {
      return null;
    }
    if (!GqlAccess.of(env).credential().has(r.readScope())) {
      return GqlAccess.denied(env, r.readScope());
    }
    return switch (parts[3]) {
      case "Refund" -> views.refundById(id);
      case "ProductVariant" -> variants.byId(id);
      default -> views.byId(r, id);
    };
  }
}
