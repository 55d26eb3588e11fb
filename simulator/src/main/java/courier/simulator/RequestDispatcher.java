package courier.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes every request: the control surface (not counted), OAuth, the Admin API, or 404. A handler
 * failure becomes a 500; a deliberate connection abort (fault injection) leaves the exchange open
 * for the JDK server to drop.
 */
final class RequestDispatcher implements HttpHandler {
  // Logged under the facade's name: that is the logger users know to configure.
  private static final Logger LOG = LoggerFactory.getLogger(ShopifySimulator.class);
  private static final String OAUTH_PATH = "/admin/oauth/access_token";
  private static final String ACCESS_SCOPES_PATH = "/admin/oauth/access_scopes.json";

  private final ControlHandler control;
  private final OAuthHandler oauth;
  private final ApiHandler api;
  private final Counters counters;
  private final BulkOperations bulk;

  RequestDispatcher(
      ControlHandler control,
      OAuthHandler oauth,
      ApiHandler api,
      Counters counters,
      BulkOperations bulk) {
    this.bulk = bulk;
    this.control = control;
    this.oauth = oauth;
    this.api = api;
    this.counters = counters;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    boolean aborted = false;
    try {
      if (path.equals("/_sim") || path.startsWith("/_sim/")) {
        control.handle(exchange);
      } else {
        handleCounted(exchange, path);
      }
    } catch (HttpIo.AbortConnection e) {
      aborted = true;
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("simulator failed on {} {}: {}", exchange.getRequestMethod(), path, e.toString());
      try {
        HttpIo.send(exchange, 500, Json.errors("Internal Server Error"));
      } catch (IOException | RuntimeException ignored) {
        // the response had already started; the connection is closed below
      }
    } finally {
      if (!aborted) {
        exchange.close();
      }
    }
  }

  private void handleCounted(HttpExchange exchange, String path) throws IOException {
    long seq = counters.arrived(endpointKey(path));
    counters.enter();
    try {
      if (path.equals(OAUTH_PATH)) {
        oauth.handle(exchange);
      } else if (path.equals(ACCESS_SCOPES_PATH)) {
        api.handleAccessScopes(exchange, seq);
      } else if (path.startsWith(ApiPath.PREFIX)) {
        api.handle(exchange, seq);
      } else if (path.startsWith(BulkOperations.DOWNLOAD_PREFIX)) {
        bulk.download(exchange, path);
      } else {
        counters.responded(404);
        HttpIo.send(exchange, 404, Json.errors("Not Found"));
      }
    } finally {
      counters.exit();
    }
  }

  /** Counter key: the API path below the version with ids replaced by {id}. */
  private static String endpointKey(String path) {
    if (path.equals(OAUTH_PATH)) {
      return "oauth/access_token";
    }
    if (path.startsWith(BulkOperations.DOWNLOAD_PREFIX)) {
      return "bulk/download";
    }
    if (path.equals(ACCESS_SCOPES_PATH)) {
      return "oauth/access_scopes";
    }
    if (path.startsWith(ApiPath.PREFIX)) {
      ApiPath apiPath = ApiPath.of(path);
      if (!apiPath.version().isEmpty() && apiPath.rest().equals(ApiHandler.GRAPHQL_PATH)) {
        return ApiHandler.GRAPHQL_PATH;
      }
      if (apiPath.rest().equals(EventsEndpoint.PATH)) {
        return EventsEndpoint.PATH;
      }
      ApiRoute route = apiPath.version().isEmpty() ? null : ApiRoute.parse(apiPath.rest());
      if (route != null) {
        return route.key();
      }
    }
    return "unknown";
  }
}
