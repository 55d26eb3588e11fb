package courier.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The test-control surface over HTTP, JSON in and out, no authentication (loopback only). Mirrors
 * the Java API of {@link ShopifySimulator}:
 *
 * <pre>
 * GET    /_sim/config                         plan, latency, faults, shop state, ... (no secrets)
 * POST   /_sim/config                         {"plan":"standard","latencyMs":0,"faultRate":0.1 | "faults":{...},
 *                                              "shopState":"frozen","protectedCustomerDataApproved":false,
 *                                              "deprecatedReason":"...","scopes":["read_orders",...]}
 * GET    /_sim/counters                       counters snapshot
 * POST   /_sim/counters/reset
 * GET    /_sim/clock                          {"now":"..."}
 * POST   /_sim/clock                          {"now":"2026-11-01T00:00:00Z"} or {"advanceSeconds":3600}
 * GET    /_sim/{resource}?updated_from=&amp;updated_to=   {"ids":[...],"count":N}  (from inclusive, to exclusive)
 * GET    /_sim/{resource}/count               {"count":N}
 * POST   /_sim/{resource}                     create; optional body = merge patch for the new entity
 * GET    /_sim/{resource}/{id}                the entity as served
 * PATCH  /_sim/{resource}/{id}                merge patch (POST works too); bumps updated_at
 *                                              (not with ?keep_updated_at=true: a body fixed in place)
 * DELETE /_sim/{resource}/{id}
 * PUT    /_sim/{resource}/{id}/tags           {"tags":"a, b"}
 * DELETE /_sim/{resource}/{id}/tags/{tag}
 * POST   /_sim/orders/{id}/refunds            adds a refund, returns it
 * DELETE /_sim/orders/{id}/line_items/{lineItemId}
 * GET    /_sim/customers/{id}/addresses       all addresses
 * DELETE /_sim/customers/{id}/addresses/{addressId}
 * GET    /_sim/products/{id}/variants         all variants
 * </pre>
 *
 * <p>Errors: 404 for what does not exist, 400 for a bad request (message in {@code errors}).
 */
final class ControlHandler {
  private final ControlConfig config;
  private final ControlEntities entities;
  private final Counters counters;
  private final SimClock clock;

  ControlHandler(
      ControlConfig config, ControlEntities entities, Counters counters, SimClock clock) {
    this.config = config;
    this.entities = entities;
    this.counters = counters;
    this.clock = clock;
  }

  void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    // segments[0] is "_sim"
    String[] segments = exchange.getRequestURI().getRawPath().substring(1).split("/");
    try {
      if (segments.length < 2) {
        throw new NoSuchElementException("Not Found");
      }
      switch (segments[1]) {
        case "config" -> config.handle(exchange, method);
        case "counters" -> counters(exchange, method, segments);
        case "clock" -> clock(exchange, method);
        default -> entities.handle(exchange, method, segments);
      }
    } catch (NoSuchElementException e) {
      String message = e.getMessage() == null ? "Not Found" : e.getMessage();
      HttpIo.send(exchange, 404, Json.errors(message));
    } catch (IllegalArgumentException | IllegalStateException | DateTimeException e) {
      HttpIo.send(exchange, 400, Json.errors(e.getMessage()));
    } catch (JsonProcessingException e) {
      HttpIo.send(exchange, 400, Json.errors("request body is not valid JSON"));
    }
  }

  /** The request body, which must be a JSON object (an empty body is an empty object). */
  static JsonNode readObject(HttpExchange exchange) throws IOException {
    JsonNode body = Json.parse(HttpIo.readBody(exchange));
    if (!body.isObject()) {
      throw new IllegalArgumentException("request body must be a JSON object");
    }
    return body;
  }

  static void sendOk(HttpExchange exchange, JsonNode body) throws IOException {
    HttpIo.send(exchange, 200, Json.bytes(body));
  }

  private void counters(HttpExchange exchange, String method, String[] segments)
      throws IOException {
    if (segments.length == 3 && segments[2].equals("reset") && method.equals("POST")) {
      counters.reset();
    }
    SimCounters snapshot = counters.snapshot();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("totalRequests", snapshot.getTotalRequests());
    json.put("requestsByEndpoint", snapshot.getRequestsByEndpoint());
    json.put("responsesByStatus", snapshot.getResponsesByStatus());
    json.put("throttled", snapshot.getThrottled());
    json.put("faults", snapshot.getFaults());
    json.put("maxInFlight", snapshot.getMaxInFlight());
    Map<String, Object> graphql = new LinkedHashMap<>();
    graphql.put("requestedPoints", snapshot.getGraphql().requested());
    graphql.put("actualPoints", snapshot.getGraphql().actual());
    graphql.put("throttled", snapshot.getGraphql().throttled());
    json.put("graphql", graphql);
    json.put("bulkOperationsStarted", snapshot.getBulkOperationsStarted());
    json.put("gzippedResponses", snapshot.getGzippedResponses());
    sendOk(exchange, Json.MAPPER.valueToTree(json));
  }

  private void clock(HttpExchange exchange, String method) throws IOException {
    if (method.equals("POST")) {
      JsonNode body = readObject(exchange);
      if (body.has("now")) {
        clock.set(Instant.parse(body.get("now").asText()));
      }
      if (body.has("advanceSeconds")) {
        clock.advance(Duration.ofSeconds(body.get("advanceSeconds").asLong()));
      }
    }
    ObjectNode now = Json.object();
    now.put("now", clock.now().toString());
    sendOk(exchange, now);
  }
}
