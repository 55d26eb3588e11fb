package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import courier.shopify.graphql.LocationShape;
import courier.shopify.graphql.RestValues;
import courier.shopify.graphql.SegmentShape;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads customers, orders, products, locations, abandoned checkouts and segments over Shopify's
 * GraphQL Admin API and returns them REST-shaped (the keys and value formats of the REST fixtures),
 * so the schemas and normalizers serve both transports. Every nested connection is drained (every
 * address, line item, refund line and variant, up to a product's 2,048); requests are paced on the
 * shop's cost bucket ({@link GraphqlCostGovernor}); HTTP failures behave as REST's ({@link
 * ShopifyHttp}), GraphQL errors as {@link GraphqlErrors} says. Thread-safe.
 *
 * <p>Keyset pages: {@code query: "updated_at:>='from' AND updated_at:<'to' AND id:>afterId"},
 * {@code sortKey: ID}; the next page of the same query continues from the opaque cursor this reader
 * returns, which remembers the query it belongs to. Ids must come ascending and above afterId, or
 * the page is retried like a malformed REST page.
 *
 * <p>REST keys GraphQL has no field for, and their substitutes (graphql-mapping.md §1.14):
 *
 * <ul>
 *   <li>order: {@code number} (order_number − 1000), {@code fulfillment_status} (mapped from
 *       displayFulfillmentStatus), {@code landing_site}/{@code referring_site} (customer journey's
 *       last visit), {@code location_id} (physicalLocation, else retailLocation), {@code
 *       source_url} (registeredSourceUrl), {@code token} (parsed from statusPageUrl), {@code
 *       total_line_items_price} (Σ price × quantity), {@code processing_method} and {@code user_id}
 *       (null: gone from REST; staffMember needs read_users, Plus/Advanced only), {@code
 *       discount_codes} (code applications with their summed allocations) — see {@code OrderShape}.
 *   <li>line item: {@code grams} (the variant's current weight), {@code fulfillment_status} and
 *       {@code fulfillment_service} (deprecated fields).
 *   <li>customer: {@code currency} (last order's presentment currency, else amountSpent's), {@code
 *       email}/{@code phone} (default email and phone), addresses' {@code default} (GID equals
 *       defaultAddress's) and {@code country_name} (country).
 *   <li>product: {@code published_scope} null; variants' {@code fulfillment_service} "manual",
 *       {@code inventory_management} ("shopify" when tracked), weights from the inventory item,
 *       {@code option1..3} from selected options by the product's option positions.
 *   <li>location: {@code legacy} (isFulfillmentService), {@code country} (ISO code), {@code
 *       localized_*}/{@code province_name} (address country and province).
 * </ul>
 */
public final class GraphqlReader implements ShopifyReader {
  /** Locations per page (2 points each: 502 for a full page). */
  static final int LOCATIONS_PER_PAGE = 250;

  /** Segments, and a segment's members, per page (1 point each: 252 for a full page). */
  static final int SEGMENTS_PER_PAGE = 250;

  static final int MEMBERS_PER_PAGE = 250;

  private static final Logger LOG = LoggerFactory.getLogger(GraphqlReader.class);
  private static final int LOCATIONS_ESTIMATE = 502;
  private static final int SEGMENTS_ESTIMATE = 252;
  private static final int COUNT_ESTIMATE = 1;

  static final int IDS_PER_PAGE = 250;

  /** A page of 250 ids: a point a node plus two (graphql/tools/cost.py). */
  private static final int IDS_ESTIMATE = 252;

  /** events(first: 250): a point a node plus two (graphql/tools/cost.py). */
  private static final int EVENTS_ESTIMATE = 252;

  private static final int ACCESS_SCOPES_ESTIMATE = 2;

  private final ShopifyClientConfig config;
  private final HttpTransport transport;
  private final GraphqlCalls calls;
  private final ConnectionDrainer drainer;
  private final GraphqlBulk bulk;
  private final BulkResultReader bulkResults;
  private final RequestObserver observer;

  GraphqlReader(
      ShopifyClientConfig config,
      HttpTransport transport,
      ShopifyHttp http,
      GraphqlCostGovernor governor,
      RequestObserver observer) {
    this.config = config;
    this.transport = transport;
    this.calls = new GraphqlCalls(config, http, governor, observer);
    this.drainer = new ConnectionDrainer(calls, observer);
    this.bulk = new GraphqlBulk(config, calls);
    this.bulkResults = new BulkResultReader(calls, drainer, observer);
    this.observer = observer;
  }

  /**
   * A bulk result file's entities, REST-shaped as {@link #listUpdated}'s; returns the lines read.
   * Orphan children (whose parent is not the object before them) go to {@code orphans}.
   */
  public long readBulkResult(
      ShopifyResource resource,
      java.io.InputStream jsonl,
      java.util.function.Consumer<ObjectNode> entities,
      java.util.function.BiConsumer<String, String> orphans)
      throws IOException {
    return bulkResults.read(
        resource, jsonl, entities, orphan -> orphans.accept(orphan.line(), orphan.parentId()));
  }

  /** Bulk query operations on the same shop, token and cost governor. */
  public GraphqlBulk bulk() {
    return bulk;
  }

  /** A reader for {@code config}, sharing the shop's token and cost governor within the JVM. */
  public static GraphqlReader create(ShopifyClientConfig config, RequestObserver observer) {
    return create(config, observer, Ticker.SYSTEM, GraphqlCostGovernor.forShop(config.baseUrl()));
  }

  static GraphqlReader create(
      ShopifyClientConfig config,
      RequestObserver observer,
      Ticker ticker,
      GraphqlCostGovernor governor) {
    config.checkComplete();
    HttpTransport transport = new NetHttpTransport();
    // No REST call-limit governor: GraphQL is paced on its own bucket, attempt by attempt.
    ShopifyHttp http =
        new ShopifyHttp(
            config, transport, AccessTokenSources.shared(config), null, observer, ticker);
    return new GraphqlReader(config, transport, http, governor, observer);
  }

  @Override
  public ShopDomain shop() {
    return config.shop();
  }

  @Override
  public Transport transport() {
    return Transport.GRAPHQL;
  }

  @Override
  public AccessScopes accessScopes() {
    String root = "currentAppInstallation";
    // Parsed inside the check, so a malformed answer is retried like any malformed page.
    AccessScopes[] granted = new AccessScopes[1];
    calls.call(
        null,
        GraphqlQuery.ACCESS_SCOPES,
        root,
        Map.of(),
        ACCESS_SCOPES_ESTIMATE,
        r -> granted[0] = AccessScopes.fromHandles(r.root(root).get("accessScopes")));
    return granted[0];
  }

  @Override
  public String accessScopesEndpoint() {
    return calls.endpoint();
  }

  @Override
  public long count(ShopifyResource resource, Instant from, Instant to) {
    GraphqlPages pages = GraphqlPages.of(resource);
    Map<String, Object> variables = new HashMap<>();
    variables.put("query", window(from, to));
    return count(resource, pages.count, pages.countRoot(), variables);
  }

  @Override
  public long countAll(ShopifyResource resource) {
    if (resource == ShopifyResource.LOCATIONS) {
      return locations().size(); // locationsCount leaves out legacy and inactive ones
    }
    if (resource == ShopifyResource.SEGMENTS) {
      return count(resource, GraphqlQuery.SEGMENTS_COUNT, "segmentsCount", Map.of());
    }
    GraphqlPages pages = GraphqlPages.of(resource);
    Map<String, Object> variables = new HashMap<>();
    variables.put("query", null);
    return count(resource, pages.count, pages.countRoot(), variables);
  }

  private long count(
      ShopifyResource resource,
      GraphqlQuery query,
      String countRoot,
      Map<String, Object> variables) {
    GraphqlResponse response =
        calls.call(
            resource,
            query,
            countRoot,
            variables,
            COUNT_ESTIMATE,
            r -> {
              JsonNode count = r.root(countRoot);
              if (count == null || !count.path("count").canConvertToLong()) {
                throw new IOException("the body has no integer " + countRoot + ".count");
              }
            });
    JsonNode count = response.root(countRoot);
    long value = count.get("count").longValue();
    if (!"EXACT".equals(count.path("precision").asText())) {
      // Only slice planning uses counts; a floor is still a usable estimate, but say so.
      LOG.warn(
          "Shopify counted at least {} {} for {} (precision {}), not exactly: slices are planned"
              + " on that floor",
          value,
          resource.path(),
          config.shop().domain(),
          count.path("precision").asText("missing"));
    }
    return value;
  }

  @Override
  public EntityPage listUpdated(
      ShopifyResource resource,
      Instant from,
      Instant to,
      long afterId,
      int limit,
      @Nullable String cursor) {
    return page(resource, window(from, to), afterId, limit, cursor);
  }

  /** Shopify's search syntax: {@code (id:1 OR id:2)}, and-ed with the keyset's lower bound. */
  @Override
  public EntityPage listByIds(
      ShopifyResource resource, List<Long> ids, long afterId, int limit, @Nullable String cursor) {
    String listed =
        ShopifyClient.idList(ids).replace(",", " OR id:").transform(terms -> "(id:" + terms + ")");
    return page(resource, listed, afterId, limit, cursor);
  }

  /** One keyset page of the entities {@code filter} (search terms) selects. */
  private EntityPage page(
      ShopifyResource resource, String filter, long afterId, int limit, @Nullable String cursor) {
    GraphqlPages pages = GraphqlPages.of(resource);
    if (limit < 1) {
      throw new IllegalArgumentException("page size must be at least 1, got " + limit);
    }
    GraphqlCursor continued = GraphqlCursor.decode(cursor);
    long queryAfterId = continued != null ? continued.queryAfterId() : afterId;
    int first = Math.min(limit, pages.maxFirst);
    Map<String, Object> variables = new HashMap<>(pages.childPageSizes);
    variables.put("first", first);
    variables.put("after", continued != null ? continued.endCursor() : null);
    variables.put("query", filter + " AND id:>" + queryAfterId);
    GraphqlResponse response =
        calls.call(
            resource,
            pages.page,
            pages.root(),
            variables,
            pages.estimate(first),
            r -> KeysetCheck.verify(r, pages.root(), afterId));
    List<ObjectNode> entities = new ArrayList<>(response.nodes().size());
    for (JsonNode node : response.nodes()) {
      pages.drain(node, drainer);
      entities.add(pages.shape(node));
    }
    JsonNode pageInfo = response.root(pages.root()).get("pageInfo");
    boolean hasMore = pageInfo.get("hasNextPage").booleanValue();
    String next =
        hasMore ? GraphqlCursor.encode(queryAfterId, pageInfo.get("endCursor").textValue()) : null;
    return new EntityPage(entities, hasMore, next);
  }

  /** GraphQL pages come complete: every nested connection was drained on listing. */
  @Override
  public ObjectNode complete(
      ShopifyResource resource, ObjectNode entity, ShopifyResource.CompletenessObserver observer) {
    return entity;
  }

  /** Every location, legacy (fulfillment service) and inactive ones included, as REST lists. */
  @Override
  public List<ObjectNode> locations() {
    List<ObjectNode> all = new ArrayList<>();
    Map<String, Object> variables = new HashMap<>();
    variables.put("query", null);
    forEachPage(
        ShopifyResource.LOCATIONS,
        GraphqlQuery.LOCATIONS_PAGE,
        "locations",
        LOCATIONS_PER_PAGE,
        variables,
        LOCATIONS_ESTIMATE,
        r -> KeysetCheck.verify(r, "locations", Long.MIN_VALUE),
        response -> response.nodes().forEach(node -> all.add(LocationShape.rest(node))));
    return all;
  }

  /**
   * Every customer segment, each with all its members (paged to the end; the pages after a
   * segment's first are counted as overflow requests), handed on one segment at a time.
   */
  @Override
  public void segments(Consumer<ObjectNode> each) {
    forEachPage(
        ShopifyResource.SEGMENTS,
        GraphqlQuery.SEGMENTS_PAGE,
        "segments",
        SEGMENTS_PER_PAGE,
        Map.of(),
        SEGMENTS_ESTIMATE,
        r -> KeysetCheck.verify(r, "segments", Long.MIN_VALUE),
        response -> {
          for (JsonNode node : response.nodes()) {
            ObjectNode segment = SegmentShape.rest(node);
            members(node.path("admin_graphql_api_id").asText(), segment.putArray("members"));
            each.accept(segment);
          }
        });
  }

  private void members(String segmentGid, ArrayNode into) {
    String root = "customerSegmentMembers";
    int[] pages = {0};
    forEachPage(
        ShopifyResource.SEGMENTS,
        GraphqlQuery.SEGMENT_MEMBERS_PAGE,
        root,
        MEMBERS_PER_PAGE,
        Map.of("segmentId", segmentGid),
        SEGMENTS_ESTIMATE,
        r -> {
          KeysetCheck.verify(r, root, Long.MIN_VALUE);
          if (!r.root(root).path("edges").isArray()) {
            throw new IOException("the page has no " + root + ".edges");
          }
        },
        response -> {
          if (pages[0]++ > 0) {
            observer.overflowRequested(ShopifyResource.SEGMENTS);
          }
          response
              .root(root)
              .get("edges")
              .forEach(e -> into.add(SegmentShape.member(e.path("node"))));
        });
  }

  /** Every page of a root connection read whole, following its cursor to the end. */
  private void forEachPage(
      ShopifyResource resource,
      GraphqlQuery query,
      String root,
      int first,
      Map<String, Object> fixedVariables,
      int estimate,
      GraphqlCalls.Check check,
      Consumer<GraphqlResponse> page) {
    String after = null;
    do {
      Map<String, Object> variables = new HashMap<>(fixedVariables);
      variables.put("first", first);
      variables.put("after", after);
      GraphqlResponse response = calls.call(resource, query, root, variables, estimate, check);
      page.accept(response);
      JsonNode pageInfo = response.root(root).get("pageInfo");
      after =
          pageInfo.get("hasNextPage").booleanValue() ? pageInfo.get("endCursor").textValue() : null;
    } while (after != null);
  }

  /** Every id of a windowed resource, by its id-only query, 250 a page. */
  @Override
  public long[] allIds(ShopifyResource resource) {
    String root = GraphqlPages.of(resource).root();
    GraphqlQuery query =
        switch (resource) {
          case CUSTOMERS -> GraphqlQuery.CUSTOMER_IDS_PAGE;
          case ORDERS -> GraphqlQuery.ORDER_IDS_PAGE;
          case PRODUCTS -> GraphqlQuery.PRODUCT_IDS_PAGE;
          case CHECKOUTS -> GraphqlQuery.ABANDONED_CHECKOUT_IDS_PAGE;
          default -> throw new IllegalArgumentException(resource.path() + " is read whole");
        };
    java.util.stream.LongStream.Builder ids = java.util.stream.LongStream.builder();
    Map<String, Object> variables = new HashMap<>();
    variables.put("query", null);
    forEachPage(
        resource,
        query,
        root,
        IDS_PER_PAGE,
        variables,
        IDS_ESTIMATE,
        r -> KeysetCheck.verify(r, root, Long.MIN_VALUE),
        response ->
            response
                .nodes()
                .forEach(
                    n ->
                        ids.add(RestValues.gidNumber(n.path("admin_graphql_api_id")).longValue())));
    return ids.build().toArray();
  }

  /** Destroy events of the resource's subject type created in the window, every page of them. */
  @Override
  public List<Deletion> deletedIn(ShopifyResource resource, Instant from, Instant to) {
    String subjectType = resource.eventSubjectType();
    List<Deletion> deletions = new ArrayList<>();
    if (subjectType == null) {
      return deletions;
    }
    String type = subjectType.toUpperCase(java.util.Locale.ROOT);
    Map<String, Object> variables = new HashMap<>();
    variables.put(
        "query",
        "action:destroy AND subject_type:"
            + type
            + " AND "
            + window(from, to).replace("updated_at", "created_at"));
    forEachPage(
        resource,
        GraphqlQuery.DELETION_EVENTS_PAGE,
        "events",
        EVENTS_PER_PAGE,
        variables,
        EVENTS_ESTIMATE,
        r -> {
          if (r.root("events") == null || !r.root("events").has("pageInfo")) {
            throw new IOException("the page has no events.pageInfo");
          }
        },
        response -> {
          for (JsonNode event : response.nodes()) {
            String gid = event.path("subjectId").asText();
            if (type.equals(event.path("subjectType").asText())
                && "destroy".equals(event.path("action").asText())) {
              deletions.add(
                  new Deletion(
                      config.shop().domain(),
                      resource,
                      Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1)),
                      Instant.parse(event.path("createdAt").asText())));
            }
          }
        });
    return deletions;
  }

  /**
   * The search terms of {@code [from, to)}: whole seconds, UTC, as Shopify's search syntax wants.
   */
  private static String window(Instant from, Instant to) {
    if (from.getNano() != 0 || to.getNano() != 0 || !from.isBefore(to)) {
      throw new IllegalArgumentException(
          "window [" + from + ", " + to + ") must be non-empty and on whole seconds");
    }
    return "updated_at:>='"
        + DateTimeFormatter.ISO_INSTANT.format(from)
        + "' AND updated_at:<'"
        + DateTimeFormatter.ISO_INSTANT.format(to)
        + "'";
  }

  @Override
  public void close() {
    try {
      transport.shutdown();
    } catch (IOException ignored) {
      // nothing held that outlives the JVM
    }
  }
}
