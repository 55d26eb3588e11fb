package courier.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A Shopify Admin REST and GraphQL API simulator on loopback (GraphQL: {@code POST
 * /admin/api/{version}/graphql.json} over Shopify's real schema, a view of the same data):
 * customers, orders, products, variants, locations and abandoned checkouts with Shopify's JSON
 * shapes, filters, Link-header paging, scopes, leaky bucket rate limits, client-credentials tokens,
 * shop states and seeded fault injection, plus a control surface (this class's methods, and the
 * same under {@code /_sim/} over HTTP) to change data and conditions during a test.
 *
 * <p>Data is generated deterministically from the seed, the sizes and the build-time {@code now}:
 * two simulators built alike serve byte-identical responses. Only a compact index is kept in
 * memory; entity JSON is generated per request.
 *
 * <pre>{@code
 * try (ShopifySimulator sim = ShopifySimulator.builder().seed(42).orders(2000).build().start()) {
 *     String url = sim.baseUrl() + "/admin/api/2026-07/orders.json?status=any&limit=250";
 *     // send with header X-Shopify-Access-Token: sim.accessToken()
 * }
 * }</pre>
 *
 * <p>Differences from Shopify worth knowing: lists without {@code since_id} are ordered by id
 * ascending (Shopify's default order differs; connectors here page with since_id or page_info).
 */
public final class ShopifySimulator implements AutoCloseable {
  private final long seed;
  private final String shop;
  private final String accessToken;
  private final TokenRegistry tokens;
  private final RateLimiter limiter;
  private final SimSettings settings;
  private final SimClock clock;
  private final Counters counters = new Counters();
  private final DataControl data;
  private final Segments segments;
  private final SimHttpServer server;
  private final BulkSettings bulkSettings;
  private final BulkOperations bulkOperations;

  ShopifySimulator(SimulatorBuilder config) {
    this.seed = config.seed;
    this.shop = config.shop;
    Instant now = config.now != null ? config.now : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ShopData shopData =
        new ShopData(seed, config.idSpace, config.utcOffset, now, shop, config.sizes());
    this.accessToken = config.token != null ? config.token : TokenRegistry.randomToken();
    this.tokens =
        new TokenRegistry(
            accessToken,
            config.scopes,
            config.clientId,
            config.clientSecret,
            config.issuedTokenTtl,
            config.issuedTokenGrace,
            config.tokenClock);
    this.limiter = new RateLimiter(config.plan);
    this.settings =
        new SimSettings(
            config.faults,
            config.latencyMs,
            config.gzip,
            config.shopState,
            config.protectedCustomerDataApproved,
            config.deprecatedReason);
    this.clock = new SimClock(now, config.clockFollowsWallTime);
    this.data = new DataControl(shopData, clock);
    shopData.events.useClock(clock::nowEpochSecond);
    this.bulkSettings = new BulkSettings(config.bulkRunSeconds);
    this.bulkOperations =
        new BulkOperations(clock, config.graphqlNanoClock, bulkSettings, counters, this::baseUrl);
    this.segments = shopData.segments;
    ControlHandler control =
        new ControlHandler(
            new ControlConfig(settings, limiter, tokens, clock, data, shop, bulkSettings),
            new ControlEntities(data),
            counters,
            clock);
    OAuthHandler oauth = new OAuthHandler(tokens, settings, counters);
    PointsBucket points = new PointsBucket(limiter::plan, config.graphqlNanoClock);
    ApiHandler api =
        new ApiHandler(
            shopData, settings, tokens, limiter, clock, counters, points, bulkOperations);
    this.server =
        new SimHttpServer(
            config.port,
            shop,
            new RequestDispatcher(control, oauth, api, counters, bulkOperations));
  }

  public static Builder builder() {
    return new SimulatorBuilder();
  }

  // ------------------------------------------------------------------ lifecycle

  /** Starts the HTTP server on 127.0.0.1 and returns this. */
  public ShopifySimulator start() {
    server.start();
    return this;
  }

  /** Stops the server. In-flight requests are cut off. */
  @Override
  public void close() {
    server.stop();
    bulkOperations.close();
  }

  /** {@code http://127.0.0.1:PORT}; only after {@link #start()}. */
  public String baseUrl() {
    return server.baseUrl();
  }

  public int port() {
    return server.port();
  }

  /** The static access token (configured, or random when none was given). */
  public String accessToken() {
    return accessToken;
  }

  /** Shop name as given to the builder (informational). */
  public String shop() {
    return shop;
  }

  public long seed() {
    return seed;
  }

  // ------------------------------------------------------------------ runtime conditions

  public SimClock clock() {
    return clock;
  }

  public Plan plan() {
    return limiter.plan();
  }

  public void setPlan(Plan plan) {
    limiter.setPlan(Objects.requireNonNull(plan, "plan"));
  }

  public FaultConfig faults() {
    return settings.faults();
  }

  public void setFaults(FaultConfig faults) {
    settings.setFaults(faults);
  }

  public int latencyMs() {
    return settings.latencyMs();
  }

  public void setLatencyMs(int latencyMs) {
    settings.setLatencyMs(latencyMs);
  }

  public ShopState shopState() {
    return settings.shopState();
  }

  public void setShopState(ShopState state) {
    settings.setShopState(state);
  }

  public boolean protectedCustomerDataApproved() {
    return settings.protectedCustomerDataApproved();
  }

  public void setProtectedCustomerDataApproved(boolean approved) {
    settings.setProtectedCustomerDataApproved(approved);
  }

  /**
   * Sets (or clears, with null) the X-Shopify-API-Deprecated-Reason header on products endpoints.
   */
  public void setDeprecatedReason(String reason) {
    settings.setDeprecatedReason(reason);
  }

  public String deprecatedReason() {
    return settings.deprecatedReason();
  }

  /** The least time a bulk operation runs before it can be COMPLETED (wall time). */
  public void setBulkRunSeconds(int seconds) {
    bulkSettings.setRunSeconds(seconds);
  }

  /** The next {@code operations} bulk operations fail (INTERNAL_SERVER_ERROR, partial file). */
  public void failNextBulkOperations(int operations) {
    bulkSettings.failNext(operations);
  }

  /** The next {@code downloads} bulk result downloads stop halfway and drop the connection. */
  public void truncateNextBulkDownloads(int downloads) {
    bulkSettings.truncateNext(downloads);
  }

  /**
   * The next {@code downloads} bulk result downloads send half the file and then stall, silent,
   * with the connection open (until the client gives up, at most {@link BulkOperations#STALL}).
   */
  public void stallNextBulkDownloads(int downloads) {
    bulkSettings.stallNext(downloads);
  }

  public Set<String> scopes() {
    return tokens.scopes();
  }

  /** Changes the scopes of every token (static and issued) from the next request on. */
  public void setScopes(Set<String> scopes) {
    tokens.setScopes(scopes);
  }

  public SimCounters counters() {
    return counters.snapshot();
  }

  public void resetCounters() {
    counters.reset();
  }

  // ------------------------------------------------------------------ data: changes

  /**
   * Creates an entity generated like the others, with an id above all existing ones, stamped now.
   */
  public ObjectNode create(Resource r) {
    return create(r, null);
  }

  /**
   * As {@link #create(Resource)}, letting {@code customizer} adjust the entity before it is stored.
   */
  public ObjectNode create(Resource r, Consumer<ObjectNode> customizer) {
    return data.create(r, customizer);
  }

  /**
   * A field {@link #update} may add to an entity: REST lists serve its object's keys a second time,
   * after the entity's own (JSON with repeated keys); the field itself is not served.
   */
  public static final String REPEATED_KEYS = Json.REPEATED_KEYS;

  /**
   * Changes an entity: {@code mutator} edits the full JSON (customers with ALL addresses, products
   * with ALL variants); updated_at is then set to the clock's now. Returns the entity as served.
   *
   * @throws NoSuchElementException when there is no such (live) entity
   */
  public ObjectNode update(Resource r, long id, Consumer<ObjectNode> mutator) {
    return data.update(r, id, mutator);
  }

  /**
   * Changes an entity like {@link #update} but keeps its updated_at: the shop now serves another
   * body for the same version (e.g. a malformed one fixed), which no updated_at window shows again.
   */
  public ObjectNode updateInPlace(Resource r, long id, Consumer<ObjectNode> mutator) {
    return data.updateInPlace(r, id, mutator);
  }

  /** Replaces the tags (e.g. {@code "a, b"}; normalized to ", "-joined) and bumps updated_at. */
  public ObjectNode retag(Resource r, long id, String tags) {
    return data.retag(r, id, tags);
  }

  /** Removes one tag and bumps updated_at; NoSuchElementException when the tag is not there. */
  public ObjectNode removeTag(Resource r, long id, String tag) {
    return data.removeTag(r, id, tag);
  }

  /**
   * Deletes an entity: it disappears from lists and counts, and a destroy event is recorded for
   * customers, orders and products (as Shopify does). False when there was none.
   */
  public boolean delete(Resource r, long id) {
    return data.delete(r, id);
  }

  /**
   * Destroy events older than this many days (by the simulator clock) are no longer served, as
   * Shopify ages events out; negative (the default) keeps them all.
   */
  public void eventsRetentionDays(int days) {
    data.events().retainDays(days);
  }

  /**
   * Removes a line item from an order (and from its fulfillments and refunds); bumps updated_at.
   */
  public ObjectNode removeLineItem(long orderId, long lineItemId) {
    return data.removeLineItem(orderId, lineItemId);
  }

  /**
   * Refunds one unit of the first still-refundable line item; bumps updated_at; returns the refund.
   */
  public ObjectNode addRefund(long orderId) {
    return data.addRefund(orderId);
  }

  /** Removes one of a customer's addresses; bumps updated_at. */
  public ObjectNode removeAddress(long customerId, long addressId) {
    return data.removeAddress(customerId, addressId);
  }

  // ------------------------------------------------------------------ data: queries

  /**
   * Ids of live entities with updated_at in [updatedFrom, updatedToExclusive), ascending; null
   * bounds are open. All statuses, regardless of token scopes (the 60-day rule does not apply).
   */
  public List<Long> ids(Resource r, Instant updatedFrom, Instant updatedToExclusive) {
    return data.ids(r, updatedFrom, updatedToExclusive);
  }

  /** Ids of all live entities, ascending. */
  public List<Long> ids(Resource r) {
    return ids(r, null, null);
  }

  /** Number of live entities (all statuses). */
  public int count(Resource r) {
    return data.count(r);
  }

  /**
   * The entity as the list endpoint serves it (customers: the 10 most recent addresses; products:
   * the first 100 variants), or null when there is none. A copy: changing it changes nothing.
   */
  public ObjectNode entity(Resource r, long id) {
    return data.entity(r, id);
  }

  /**
   * All addresses of a customer, ascending by id (what customers/{id}/addresses.json pages
   * through).
   */
  public List<ObjectNode> allAddresses(long customerId) {
    return data.children(Resource.CUSTOMERS, customerId, "addresses");
  }

  /**
   * All variants of a product, ascending by id (what products/{id}/variants.json pages through).
   */
  public List<ObjectNode> allVariants(long productId) {
    return data.children(Resource.PRODUCTS, productId, "variants");
  }

  /**
   * Each customer segment's id and its members' customer ids (ascending), as GraphQL's {@code
   * customerSegmentMembers} serves them now: the segments' queries evaluated over live customers.
   */
  public Map<Long, List<Long>> segmentMembers() {
    List<ObjectNode> customers =
        ids(Resource.CUSTOMERS).stream().map(id -> entity(Resource.CUSTOMERS, id)).toList();
    Map<Long, List<Long>> members = new TreeMap<>();
    for (Segments.Segment segment : segments.all()) {
      members.put(
          segment.id(),
          customers.stream().filter(segment.member()).map(c -> c.path("id").asLong()).toList());
    }
    return members;
  }

  // ------------------------------------------------------------------ builder

  /**
   * Configures a simulator; every setting has a default. Obtained from {@link #builder()}; a
   * setting given a bad value throws IllegalArgumentException at once.
   */
  public interface Builder {
    Builder seed(long seed);

    /**
     * The shop's id namespace, 0 (the default) to 63: every generated id (top-level, nested, above
     * 2^53, and those control mutations hand out) is shifted into a range no other id space uses,
     * so several simulated shops loaded into one database share no id, as real shops don't.
     */
    Builder idSpace(int idSpace);

    Builder customers(int n);

    Builder orders(int n);

    Builder products(int n);

    Builder locations(int n);

    /** Abandoned checkouts; default orders / 5. */
    Builder checkouts(int n);

    /** Shop name, e.g. "acme" (informational: Link URLs use the server's own base URL). */
    Builder shop(String shop);

    Builder plan(Plan plan);

    /** Fixed delay added to every API response. */
    Builder latencyMs(int ms);

    /**
     * True (the default): an API answer is gzipped when the request accepts gzip, as Shopify's are
     * (Content-Encoding: gzip, chunked). False: every answer is plain.
     */
    Builder gzip(boolean gzip);

    Builder faults(FaultConfig faults);

    /**
     * The simulator's now: generated data lies in the two years before it. Default: current time.
     */
    Builder now(Instant now);

    /** Static access token; default a random {@code shpat_...}. */
    Builder token(String token);

    /**
     * Granted scopes (default: read_customers, read_orders, read_all_orders, read_products,
     * read_locations).
     */
    Builder scopes(Set<String> scopes);

    /** Enables the client-credentials grant at POST /admin/oauth/access_token. */
    Builder clientCredentials(String clientId, String clientSecret);

    /** Lifetime of tokens issued by the client-credentials grant (default 86399 s). */
    Builder issuedTokenTtl(Duration ttl);

    /**
     * How long an issued token keeps working past its lifetime (default none): a test can then tell
     * a client that refreshes before {@code expires_in} runs out (it never meets a 401) from one
     * that waits for the 401, without racing the wall clock for the last tenth of a short lifetime.
     */
    Builder issuedTokenGrace(Duration grace);

    /** Port on 127.0.0.1; 0 (default) picks a free one. */
    Builder port(int port);

    Builder shopState(ShopState state);

    /** False: customers endpoints answer 403 (app not approved for protected customer data). */
    Builder protectedCustomerDataApproved(boolean approved);

    /** Sends X-Shopify-API-Deprecated-Reason with this value on products endpoints. */
    Builder deprecatedReason(String reason);

    /** True: the clock runs with wall time from {@code now}; default false (fixed until moved). */
    Builder clockFollowsWallTime(boolean follows);

    /** The least time a bulk operation runs before it completes (default 1 s, wall time). */
    Builder bulkRunSeconds(int seconds);

    /** The shop's UTC offset for rendered timestamps (default -05:00). */
    Builder utcOffset(ZoneOffset offset);

    /** Generates the data index (fast: 200,000 orders take about a second). Call start() next. */
    ShopifySimulator build();
  }
}
