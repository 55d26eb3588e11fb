package courier.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Shopify Admin REST API simulator on loopback: customers, orders, products, variants, locations
 * and abandoned checkouts with Shopify's JSON shapes, filters, Link-header paging, scopes, leaky
 * bucket rate limits, client-credentials tokens, shop states and seeded fault injection, plus a
 * control surface (this class's methods, and the same under {@code /_sim/} over HTTP) to change data
 * and conditions during a test.
 *
 * <p>Data is generated deterministically from the seed, the sizes and the build-time {@code now}:
 * two simulators built alike serve byte-identical responses. Only a compact index is kept in memory;
 * entity JSON is generated per request.
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
    private static final Logger LOG = LoggerFactory.getLogger(ShopifySimulator.class);

    static {
        // The JDK server writes headers and body as separate segments; with Nagle's algorithm on,
        // each small response then waits ~40 ms for the client's delayed ACK. The property is read
        // once, when the server classes load, so it is set before any server exists (unless the
        // application chose a value itself).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final long seed;
    private final String shop;
    private final int requestedPort;
    private final String accessToken;
    private final ShopData data;
    private final TokenRegistry tokens;
    private final RateLimiter limiter;
    private final SimSettings settings;
    private final SimClock clock;
    private final Counters counters = new Counters();
    private final ApiHandler api = new ApiHandler(this);
    private final OAuthHandler oauth = new OAuthHandler(this);
    private final ControlHandler control = new ControlHandler(this);

    private HttpServer server;
    private ExecutorService executor;
    private volatile String baseUrl;

    private ShopifySimulator(Builder b) {
        this.seed = b.seed;
        this.shop = b.shop;
        this.requestedPort = b.port;
        Instant now = b.now != null ? b.now : Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<Resource, Integer> sizes = new EnumMap<>(Resource.class);
        sizes.put(Resource.CUSTOMERS, b.customers);
        sizes.put(Resource.ORDERS, b.orders);
        sizes.put(Resource.PRODUCTS, b.products);
        sizes.put(Resource.LOCATIONS, b.locations);
        sizes.put(Resource.CHECKOUTS, b.checkouts >= 0 ? b.checkouts : b.orders / 5);
        this.data = new ShopData(b.seed, b.utcOffset, now, b.shop, sizes);
        this.accessToken = b.token != null ? b.token : TokenRegistry.randomToken();
        this.tokens = new TokenRegistry(accessToken, b.scopes, b.clientId, b.clientSecret, b.issuedTokenTtl);
        this.limiter = new RateLimiter(b.plan);
        this.settings = new SimSettings(b.faults, b.latencyMs, b.shopState, b.protectedCustomerDataApproved,
                b.deprecatedReason);
        this.clock = new SimClock(now, b.clockFollowsWallTime);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts the HTTP server on 127.0.0.1 and returns this. */
    public synchronized ShopifySimulator start() {
        if (server != null) {
            return this;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), requestedPort), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + requestedPort, e);
        }
        executor = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        LOG.info("Shopify simulator for {}.myshopify.com listening on {}", shop, baseUrl);
        return this;
    }

    /** Stops the server. In-flight requests are cut off. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            LOG.info("Shopify simulator on {} stopped", baseUrl);
        }
    }

    /** {@code http://127.0.0.1:PORT}; only after {@link #start()}. */
    public String baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("the simulator is not started");
        }
        return baseUrl;
    }

    public int port() {
        return server == null ? -1 : server.getAddress().getPort();
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
        return settings.faults;
    }

    public void setFaults(FaultConfig faults) {
        settings.faults = Objects.requireNonNull(faults, "faults");
    }

    public int latencyMs() {
        return settings.latencyMs;
    }

    public void setLatencyMs(int latencyMs) {
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must be >= 0");
        }
        settings.latencyMs = latencyMs;
    }

    public ShopState shopState() {
        return settings.shopState;
    }

    public void setShopState(ShopState state) {
        settings.shopState = Objects.requireNonNull(state, "state");
    }

    public boolean protectedCustomerDataApproved() {
        return settings.protectedCustomerDataApproved;
    }

    public void setProtectedCustomerDataApproved(boolean approved) {
        settings.protectedCustomerDataApproved = approved;
    }

    /** Sets (or clears, with null) the X-Shopify-API-Deprecated-Reason header on products endpoints. */
    public void setDeprecatedReason(String reason) {
        settings.deprecatedReason = reason;
    }

    public String deprecatedReason() {
        return settings.deprecatedReason;
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

    /** Creates an entity generated like the others, with an id above all existing ones, stamped now. */
    public ObjectNode create(Resource r) {
        return create(r, null);
    }

    /** As {@link #create(Resource)}, letting {@code customizer} adjust the entity before it is stored. */
    public ObjectNode create(Resource r, Consumer<ObjectNode> customizer) {
        return ShopData.served(r, data.create(r, clock.nowEpochSecond(), customizer)).deepCopy();
    }

    /**
     * Changes an entity: {@code mutator} edits the full JSON (customers with ALL addresses, products
     * with ALL variants); updated_at is then set to the clock's now. Returns the entity as served.
     *
     * @throws NoSuchElementException when there is no such (live) entity
     */
    public ObjectNode update(Resource r, long id, Consumer<ObjectNode> mutator) {
        return ShopData.served(r, data.update(r, id, clock.nowEpochSecond(), mutator)).deepCopy();
    }

    /** Replaces the tags (e.g. {@code "a, b"}; normalized to ", "-joined) and bumps updated_at. */
    public ObjectNode retag(Resource r, long id, String tags) {
        String normalized = EntityEdits.normalizeTags(tags);
        return update(r, id, n -> n.put("tags", normalized));
    }

    /** Removes one tag and bumps updated_at; NoSuchElementException when the tag is not there. */
    public ObjectNode removeTag(Resource r, long id, String tag) {
        return update(r, id, n -> EntityEdits.removeTag(n, tag));
    }

    /** Deletes an entity: it disappears from lists and counts. False when there was none. */
    public boolean delete(Resource r, long id) {
        return data.delete(r, id);
    }

    /** Removes a line item from an order (and from its fulfillments and refunds); bumps updated_at. */
    public ObjectNode removeLineItem(long orderId, long lineItemId) {
        return update(Resource.ORDERS, orderId, n -> EntityEdits.removeLineItem(n, lineItemId));
    }

    /** Refunds one unit of the first still-refundable line item; bumps updated_at; returns the refund. */
    public ObjectNode addRefund(long orderId) {
        ObjectNode[] refund = new ObjectNode[1];
        update(Resource.ORDERS, orderId, n -> refund[0] = EntityEdits.addRefund(n, data, clock.nowEpochSecond()));
        return refund[0].deepCopy();
    }

    /** Removes one of a customer's addresses; bumps updated_at. */
    public ObjectNode removeAddress(long customerId, long addressId) {
        return update(Resource.CUSTOMERS, customerId, n -> EntityEdits.removeAddress(n, addressId));
    }

    // ------------------------------------------------------------------ data: queries

    /**
     * Ids of live entities with updated_at in [updatedFrom, updatedToExclusive), ascending; null
     * bounds are open. All statuses, regardless of token scopes (the 60-day rule does not apply).
     */
    public List<Long> ids(Resource r, Instant updatedFrom, Instant updatedToExclusive) {
        return data.ids(r, updatedFrom == null ? Long.MIN_VALUE : ceilSeconds(updatedFrom),
                updatedToExclusive == null ? Long.MAX_VALUE : ceilSeconds(updatedToExclusive));
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
        ObjectNode full = data.fullById(r, id);
        return full == null ? null : ShopData.served(r, full).deepCopy();
    }

    /** All addresses of a customer, ascending by id (what customers/{id}/addresses.json pages through). */
    public List<ObjectNode> allAddresses(long customerId) {
        return children(Resource.CUSTOMERS, customerId, "addresses");
    }

    /** All variants of a product, ascending by id (what products/{id}/variants.json pages through). */
    public List<ObjectNode> allVariants(long productId) {
        return children(Resource.PRODUCTS, productId, "variants");
    }

    private List<ObjectNode> children(Resource r, long id, String key) {
        ObjectNode full = data.fullById(r, id);
        if (full == null) {
            throw new NoSuchElementException("no " + r.path() + " entity with id " + id);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode n : Json.sortedById(full.get(key))) {
            out.add(n.deepCopy());
        }
        return out;
    }

    private static long ceilSeconds(Instant i) {
        return i.getNano() > 0 ? i.getEpochSecond() + 1 : i.getEpochSecond();
    }

    // ------------------------------------------------------------------ internals for handlers

    ShopData data() {
        return data;
    }

    TokenRegistry tokens() {
        return tokens;
    }

    RateLimiter limiter() {
        return limiter;
    }

    SimSettings settings() {
        return settings;
    }

    Counters countersInternal() {
        return counters;
    }

    /** Routes a request: control surface (not counted), OAuth, Admin API, or 404. */
    private void dispatch(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        boolean aborted = false;
        try {
            if (path.equals("/_sim") || path.startsWith("/_sim/")) {
                control.handle(ex);
                return;
            }
            long seq = counters.arrived(endpointKey(path));
            counters.enter();
            try {
                if (path.equals("/admin/oauth/access_token")) {
                    oauth.handle(ex);
                } else if (path.startsWith("/admin/api/")) {
                    api.handle(ex, seq);
                } else {
                    counters.responded(404);
                    HttpIo.send(ex, 404, Json.errors("Not Found"));
                }
            } finally {
                counters.exit();
            }
        } catch (HttpIo.AbortConnection e) {
            aborted = true;
            throw e;
        } catch (RuntimeException e) {
            LOG.warn("simulator failed on {} {}: {}", ex.getRequestMethod(), path, e.toString());
            try {
                HttpIo.send(ex, 500, Json.errors("Internal Server Error"));
            } catch (IOException | RuntimeException ignored) {
                // the response had already started; the connection is closed below
            }
        } finally {
            if (!aborted) {
                ex.close();
            }
        }
    }

    /** Counter key: the API path below the version with ids replaced by {id}. */
    private static String endpointKey(String path) {
        if (path.equals("/admin/oauth/access_token")) {
            return "oauth/access_token";
        }
        if (path.startsWith("/admin/api/")) {
            String after = path.substring("/admin/api/".length());
            int slash = after.indexOf('/');
            if (slash > 0) {
                ApiRoute route = ApiRoute.parse(after.substring(slash + 1));
                if (route != null) {
                    return route.key();
                }
            }
        }
        return "unknown";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "shopify-sim-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ------------------------------------------------------------------ builder

    /** Configures a simulator; every setting has a default. */
    public static final class Builder {
        private long seed = 42;
        private int customers = 100;
        private int orders = 300;
        private int products = 30;
        private int locations = 4;
        private int checkouts = -1;
        private String shop = "courier-sim";
        private Plan plan = Plan.UNLIMITED;
        private int latencyMs;
        private FaultConfig faults = FaultConfig.none();
        private Instant now;
        private String token;
        private Set<String> scopes = TokenRegistry.ALL_SCOPES;
        private String clientId;
        private String clientSecret;
        private Duration issuedTokenTtl = Duration.ofSeconds(86_399);
        private int port;
        private ShopState shopState = ShopState.ACTIVE;
        private boolean protectedCustomerDataApproved = true;
        private String deprecatedReason;
        private boolean clockFollowsWallTime;
        private ZoneOffset utcOffset = ZoneOffset.ofHours(-5);

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder customers(int n) {
            this.customers = nonNegative("customers", n);
            return this;
        }

        public Builder orders(int n) {
            this.orders = nonNegative("orders", n);
            return this;
        }

        public Builder products(int n) {
            this.products = nonNegative("products", n);
            return this;
        }

        public Builder locations(int n) {
            this.locations = nonNegative("locations", n);
            return this;
        }

        /** Abandoned checkouts; default orders / 5. */
        public Builder checkouts(int n) {
            this.checkouts = nonNegative("checkouts", n);
            return this;
        }

        /** Shop name, e.g. "acme" (informational: Link URLs use the server's own base URL). */
        public Builder shop(String shop) {
            this.shop = Objects.requireNonNull(shop, "shop");
            return this;
        }

        public Builder plan(Plan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** Fixed delay added to every API response. */
        public Builder latencyMs(int ms) {
            this.latencyMs = nonNegative("latencyMs", ms);
            return this;
        }

        public Builder faults(FaultConfig faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** The simulator's now: generated data lies in the two years before it. Default: current time. */
        public Builder now(Instant now) {
            this.now = Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.SECONDS);
            return this;
        }

        /** Static access token; default a random {@code shpat_...}. */
        public Builder token(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            this.token = token;
            return this;
        }

        /** Granted scopes (default: read_customers, read_orders, read_all_orders, read_products, read_locations). */
        public Builder scopes(Set<String> scopes) {
            this.scopes = Set.copyOf(scopes);
            return this;
        }

        /** Enables the client-credentials grant at POST /admin/oauth/access_token. */
        public Builder clientCredentials(String clientId, String clientSecret) {
            if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isEmpty()) {
                throw new IllegalArgumentException("clientId and clientSecret must not be blank");
            }
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            return this;
        }

        /** Lifetime of tokens issued by the client-credentials grant (default 86399 s). */
        public Builder issuedTokenTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("issuedTokenTtl must be positive");
            }
            this.issuedTokenTtl = ttl;
            return this;
        }

        /** Port on 127.0.0.1; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535");
            }
            this.port = port;
            return this;
        }

        public Builder shopState(ShopState state) {
            this.shopState = Objects.requireNonNull(state, "state");
            return this;
        }

        /** False: customers endpoints answer 403 (app not approved for protected customer data). */
        public Builder protectedCustomerDataApproved(boolean approved) {
            this.protectedCustomerDataApproved = approved;
            return this;
        }

        /** Sends X-Shopify-API-Deprecated-Reason with this value on products endpoints. */
        public Builder deprecatedReason(String reason) {
            this.deprecatedReason = reason;
            return this;
        }

        /** True: the clock runs with wall time from {@code now}; default false (fixed until moved). */
        public Builder clockFollowsWallTime(boolean follows) {
            this.clockFollowsWallTime = follows;
            return this;
        }

        /** The shop's UTC offset for rendered timestamps (default -05:00). */
        public Builder utcOffset(ZoneOffset offset) {
            this.utcOffset = Objects.requireNonNull(offset, "offset");
            return this;
        }

        /** Generates the data index (fast: 200,000 orders take about a second). Call start() next. */
        public ShopifySimulator build() {
            if (orders > 0 && products == 0) {
                throw new IllegalArgumentException("orders need products to reference: set products >= 1");
            }
            if (orders > 0 && locations == 0) {
                throw new IllegalArgumentException("orders need a location for fulfillments: set locations >= 1");
            }
            return new ShopifySimulator(this);
        }

        private static int nonNegative(String name, int n) {
            if (n < 0) {
                throw new IllegalArgumentException(name + " must be >= 0, was " + n);
            }
            return n;
        }
    }
}
