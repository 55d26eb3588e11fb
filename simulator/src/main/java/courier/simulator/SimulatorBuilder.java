package courier.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The settings of a simulator to build, validated as they are given (see {@link
 * ShopifySimulator.Builder} for what each means); the simulator reads them once, when built.
 */
final class SimulatorBuilder implements ShopifySimulator.Builder {
  static final String DEFAULT_SHOP = "courier-sim";
  static final long DEFAULT_ISSUED_TOKEN_TTL_SECONDS = 86_399;

  long seed = 42;
  int idSpace;
  int customers = 100;
  int orders = 300;
  int products = 30;
  int locations = 4;

  /** Negative: orders / 5. */
  int checkouts = -1;

  String shop = DEFAULT_SHOP;
  Plan plan = Plan.UNLIMITED;
  int latencyMs;
  boolean gzip = true;
  FaultConfig faults = FaultConfig.none();

  /** Null: the current time when built. */
  Instant now;

  /** Null: a random token. */
  String token;

  Set<String> scopes = TokenRegistry.ALL_SCOPES;
  String clientId;
  String clientSecret;
  Duration issuedTokenTtl = Duration.ofSeconds(DEFAULT_ISSUED_TOKEN_TTL_SECONDS);
  Duration issuedTokenGrace = Duration.ZERO;

  /** The clock issued tokens expire on; tests in this package set their own. */
  LongSupplier tokenClock = System::nanoTime;

  /** The clock the GraphQL points bucket restores on; tests in this package set their own. */
  LongSupplier graphqlNanoClock = System::nanoTime;

  int port;
  ShopState shopState = ShopState.ACTIVE;
  boolean protectedCustomerDataApproved = true;
  String deprecatedReason;
  boolean clockFollowsWallTime;
  ZoneOffset utcOffset = ZoneOffset.ofHours(-5);
  int bulkRunSeconds = 1;

  @Override
  public SimulatorBuilder seed(long seed) {
    this.seed = seed;
    return this;
  }

  @Override
  public SimulatorBuilder idSpace(int idSpace) {
    new IdLayout(idSpace); // fails now, with the allowed range, rather than at build()
    this.idSpace = idSpace;
    return this;
  }

  @Override
  public SimulatorBuilder customers(int n) {
    this.customers = nonNegative("customers", n);
    return this;
  }

  @Override
  public SimulatorBuilder orders(int n) {
    this.orders = nonNegative("orders", n);
    return this;
  }

  @Override
  public SimulatorBuilder products(int n) {
    this.products = nonNegative("products", n);
    return this;
  }

  @Override
  public SimulatorBuilder locations(int n) {
    this.locations = nonNegative("locations", n);
    return this;
  }

  @Override
  public SimulatorBuilder checkouts(int n) {
    this.checkouts = nonNegative("checkouts", n);
    return this;
  }

  @Override
  public SimulatorBuilder shop(String shop) {
    this.shop = Objects.requireNonNull(shop, "shop");
    return this;
  }

  @Override
  public SimulatorBuilder plan(Plan plan) {
    this.plan = Objects.requireNonNull(plan, "plan");
    return this;
  }

  @Override
  public SimulatorBuilder gzip(boolean gzip) {
    this.gzip = gzip;
    return this;
  }

  @Override
  public SimulatorBuilder latencyMs(int ms) {
    this.latencyMs = nonNegative("latencyMs", ms);
    return this;
  }

  @Override
  public SimulatorBuilder faults(FaultConfig faults) {
    this.faults = Objects.requireNonNull(faults, "faults");
    return this;
  }

  @Override
  public SimulatorBuilder now(Instant now) {
    this.now = Objects.requireNonNull(now, "now").truncatedTo(ChronoUnit.SECONDS);
    return this;
  }

  @Override
  public SimulatorBuilder token(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    this.token = token;
    return this;
  }

  @Override
  public SimulatorBuilder scopes(Set<String> scopes) {
    this.scopes = Set.copyOf(scopes);
    return this;
  }

  @Override
  public SimulatorBuilder clientCredentials(String clientId, String clientSecret) {
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isEmpty()) {
      throw new IllegalArgumentException("clientId and clientSecret must not be blank");
    }
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    return this;
  }

  @Override
  public SimulatorBuilder issuedTokenTtl(Duration ttl) {
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("issuedTokenTtl must be positive");
    }
    this.issuedTokenTtl = ttl;
    return this;
  }

  @Override
  public SimulatorBuilder issuedTokenGrace(Duration grace) {
    if (grace == null || grace.isNegative()) {
      throw new IllegalArgumentException("issuedTokenGrace must not be negative");
    }
    this.issuedTokenGrace = grace;
    return this;
  }

  /** Issued tokens expire on {@code nanoTime} instead of the wall clock (tests). */
  SimulatorBuilder tokenClock(LongSupplier nanoTime) {
    this.tokenClock = Objects.requireNonNull(nanoTime, "nanoTime");
    return this;
  }

  @Override
  public SimulatorBuilder port(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    this.port = port;
    return this;
  }

  @Override
  public SimulatorBuilder shopState(ShopState state) {
    this.shopState = Objects.requireNonNull(state, "state");
    return this;
  }

  @Override
  public SimulatorBuilder protectedCustomerDataApproved(boolean approved) {
    this.protectedCustomerDataApproved = approved;
    return this;
  }

  @Override
  public SimulatorBuilder deprecatedReason(String reason) {
    this.deprecatedReason = reason;
    return this;
  }

  @Override
  public SimulatorBuilder clockFollowsWallTime(boolean follows) {
    this.clockFollowsWallTime = follows;
    return this;
  }

  @Override
  public SimulatorBuilder bulkRunSeconds(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("bulkRunSeconds must be >= 0");
    }
    this.bulkRunSeconds = seconds;
    return this;
  }

  @Override
  public SimulatorBuilder utcOffset(ZoneOffset offset) {
    this.utcOffset = Objects.requireNonNull(offset, "offset");
    return this;
  }

  @Override
  public ShopifySimulator build() {
    if (orders > 0 && products == 0) {
      throw new IllegalArgumentException("orders need products to reference: set products >= 1");
    }
    if (orders > 0 && locations == 0) {
      throw new IllegalArgumentException(
          "orders need a location for fulfillments: set locations >= 1");
    }
    return new ShopifySimulator(this);
  }

  /** How many entities of each resource to generate. */
  Map<Resource, Integer> sizes() {
    Map<Resource, Integer> sizes = new EnumMap<>(Resource.class);
    sizes.put(Resource.CUSTOMERS, customers);
    sizes.put(Resource.ORDERS, orders);
    sizes.put(Resource.PRODUCTS, products);
    sizes.put(Resource.LOCATIONS, locations);
    sizes.put(Resource.CHECKOUTS, checkouts >= 0 ? checkouts : orders / 5);
    return sizes;
  }

  private static int nonNegative(String name, int n) {
    if (n < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + n);
    }
    return n;
  }
}
