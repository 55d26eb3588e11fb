package courier.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Serves {@code /admin/api/{version}/...}. The checks run in the order a client would notice them
 * on Shopify: shop gone (404), version, token (401), frozen/locked shop (402/423), rate limit
 * (429), injected faults, method (405), unknown path (404), scope (403), protected customer data
 * (403), bad parameters (400), then the data. GraphQL ({@link GqlEndpoint}) skips the REST bucket:
 * it is limited by cost points.
 */
final class ApiHandler {
  /** The GraphQL Admin API below {@code /admin/api/{version}/}. */
  static final String GRAPHQL_PATH = "graphql.json";

  private final long seed;
  private final SimSettings settings;
  private final Counters counters;
  private final AccessGate gate;
  private final FaultInjector faults;
  private final ApiRouter router;
  private final GqlEndpoint graphql;
  private final SimClock clock;

  ApiHandler(
      ShopData data,
      SimSettings settings,
      TokenRegistry tokens,
      RateLimiter limiter,
      SimClock clock,
      Counters counters,
      PointsBucket points,
      BulkOperations bulkOperations) {
    this.seed = data.seed;
    this.settings = settings;
    this.counters = counters;
    this.gate = new AccessGate(settings, tokens, limiter);
    this.faults = new FaultInjector(data.seed, settings, counters);
    this.router = new ApiRouter(data, settings, clock);
    this.graphql = new GqlEndpoint(data, settings, points, counters, bulkOperations);
    this.clock = clock;
  }

  /** The answer to {@code exchange}: gzipped when the request accepts it, as Shopify's are. */
  private ApiResponse response(HttpExchange exchange) {
    return new ApiResponse(exchange, counters, settings.gzip() && HttpIo.acceptsGzip(exchange));
  }

  /** Answers request number {@code seq} (in arrival order, counted since the simulator started). */
  void handle(HttpExchange exchange, long seq) throws IOException {
    ApiResponse response = response(exchange);
    response.header("X-Request-Id", requestId(seq));
    ApiPath path = ApiPath.of(exchange.getRequestURI().getRawPath());
    if (gate.answeredNotFound(path, response)) {
      return;
    }
    response.header("X-Shopify-API-Version", path.version());
    HttpIo.pause(settings.latencyMs());
    boolean isGraphql = path.rest().equals(GRAPHQL_PATH);
    TokenRegistry.Credential credential = gate.admit(exchange, response, !isGraphql);
    if (credential == null || faults.answeredWithFault(seq, response)) {
      return;
    }
    if (isGraphql) {
      graphql.serve(
          exchange,
          credential,
          ApiRouter.visibleFrom(Resource.ORDERS, credential, clock),
          response);
    } else {
      router.serve(exchange, path, credential, response);
    }
  }

  /**
   * {@code GET /admin/oauth/access_scopes.json}: the handles granted to the caller's token, as
   * Shopify lists them (a write scope is listed as such; it implies the read one). Admitted like
   * any REST request: token, shop state, bucket, faults.
   */
  void handleAccessScopes(HttpExchange exchange, long seq) throws IOException {
    ApiResponse response = response(exchange);
    response.header("X-Request-Id", requestId(seq));
    if (settings.shopState() == ShopState.NOT_FOUND) {
      response.sendErrors(404, "Not Found");
      return;
    }
    TokenRegistry.Credential credential = gate.admit(exchange, response);
    if (credential == null || faults.answeredWithFault(seq, response)) {
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      response.sendErrors(405, "Method Not Allowed");
      return;
    }
    List<Map<String, String>> handles = new ArrayList<>();
    new TreeSet<>(credential.scopes()).forEach(scope -> handles.add(Map.of("handle", scope)));
    response.sendOk(out -> Json.MAPPER.writeValue(out, Map.of("access_scopes", handles)));
  }

  /** Deterministic per request sequence number, like Shopify's request ids in shape only. */
  private String requestId(long seq) {
    return new UUID(Rng.hash(seed, 0x4E0, seq), Rng.hash(seed, 0x4E1, seq)).toString();
  }
}
