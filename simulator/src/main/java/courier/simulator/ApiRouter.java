package courier.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Takes an admitted Admin API request to its endpoint, after the checks Shopify makes next: method
 * (405), path (404), scope and protected customer data (403). Bad parameters become 400.
 */
final class ApiRouter {
  private static final long SIXTY_DAYS = 60 * 86_400L;

  private final SimSettings settings;
  private final SimClock clock;
  private final ReadEndpoints endpoints;
  private final EventsEndpoint events;

  ApiRouter(ShopData data, SimSettings settings, SimClock clock) {
    this.settings = settings;
    this.clock = clock;
    this.endpoints = new ReadEndpoints(data, new ListParams(data.time));
    this.events = new EventsEndpoint(data);
  }

  void serve(
      HttpExchange exchange,
      ApiPath path,
      TokenRegistry.Credential credential,
      ApiResponse response)
      throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      response.sendErrors(405, "Method Not Allowed");
      return;
    }
    if (path.rest().equals(EventsEndpoint.PATH)) {
      try {
        events.serve(HttpIo.params(exchange.getRequestURI().getRawQuery()), credential, response);
      } catch (BadRequest e) {
        response.send(400, e.body());
      }
      return;
    }
    ApiRoute route = ApiRoute.parse(path.rest());
    if (route == null) {
      response.sendErrors(404, "Not Found");
      return;
    }
    if (answeredForbidden(route.resource(), credential, response)) {
      return;
    }
    String deprecatedReason = settings.deprecatedReason();
    if (route.resource() == Resource.PRODUCTS && deprecatedReason != null) {
      response.header("X-Shopify-API-Deprecated-Reason", deprecatedReason);
    }
    ListRequest request =
        new ListRequest(
            path.version(),
            route,
            HttpIo.params(exchange.getRequestURI().getRawQuery()),
            visibleFrom(route.resource(), credential, clock));
    try {
      switch (route.kind()) {
        case COUNT -> endpoints.count(request, response);
        case LIST -> {
          if (route.resource() == Resource.LOCATIONS) {
            endpoints.locations(request, response);
          } else {
            endpoints.list(request, response);
          }
        }
        default -> endpoints.children(request, response);
      }
    } catch (BadRequest e) {
      response.send(400, e.body());
    }
  }

  private boolean answeredForbidden(
      Resource resource, TokenRegistry.Credential credential, ApiResponse response)
      throws IOException {
    String scope = resource.readScope();
    if (!credential.has(scope)) {
      response.sendErrors(
          403, "[API] This action requires merchant approval for " + scope + " scope.");
      return true;
    }
    if (resource == Resource.CUSTOMERS && !settings.protectedCustomerDataApproved()) {
      response.sendErrors(
          403,
          "[API] This app is not approved to access REST endpoints with protected customer data."
              + " See https://partners.shopify.com/ for more details.");
      return true;
    }
    return false;
  }

  /** Orders created more than 60 days ago are invisible without read_all_orders. */
  static long visibleFrom(Resource resource, TokenRegistry.Credential credential, SimClock clock) {
    if (resource == Resource.ORDERS && !credential.has("read_all_orders")) {
      return clock.nowEpochSecond() - SIXTY_DAYS;
    }
    return ListFilter.NONE_MIN;
  }
}
