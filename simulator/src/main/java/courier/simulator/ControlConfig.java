package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /_sim/config}: GET shows the runtime conditions (never a secret), POST changes those named
 * in the body and shows the result.
 */
final class ControlConfig {
  private final SimSettings settings;
  private final RateLimiter limiter;
  private final TokenRegistry tokens;
  private final SimClock clock;
  private final DataControl data;
  private final String shop;
  private final BulkSettings bulk;

  ControlConfig(
      SimSettings settings,
      RateLimiter limiter,
      TokenRegistry tokens,
      SimClock clock,
      DataControl data,
      String shop,
      BulkSettings bulk) {
    this.bulk = bulk;
    this.settings = settings;
    this.limiter = limiter;
    this.tokens = tokens;
    this.clock = clock;
    this.data = data;
    this.shop = shop;
  }

  void handle(HttpExchange exchange, String method) throws IOException {
    if (method.equals("POST")) {
      apply(ControlHandler.readObject(exchange));
    }
    ControlHandler.sendOk(exchange, describe(exchange));
  }

  private void apply(JsonNode body) {
    if (body.has("plan")) {
      limiter.setPlan(Plan.parse(body.get("plan").asText()));
    }
    if (body.has("latencyMs")) {
      settings.setLatencyMs(body.get("latencyMs").asInt());
    }
    if (body.has("faultRate")) {
      settings.setFaults(FaultConfig.faultRate(body.get("faultRate").asDouble()));
    }
    if (body.has("faults")) {
      JsonNode faults = body.get("faults");
      settings.setFaults(
          FaultConfig.builder()
              .serverErrorRate(faults.path("serverErrorRate").asDouble(0))
              .resetRate(faults.path("resetRate").asDouble(0))
              .truncateRate(faults.path("truncateRate").asDouble(0))
              .slowRate(faults.path("slowRate").asDouble(0))
              .slowMs(faults.path("slowMs").asInt(FaultConfig.DEFAULT_SLOW_MS))
              .build());
    }
    if (body.has("shopState")) {
      settings.setShopState(ShopState.parse(body.get("shopState").asText()));
    }
    if (body.has("protectedCustomerDataApproved")) {
      settings.setProtectedCustomerDataApproved(
          body.get("protectedCustomerDataApproved").asBoolean());
    }
    if (body.has("deprecatedReason")) {
      JsonNode reason = body.get("deprecatedReason");
      settings.setDeprecatedReason(reason.isNull() ? null : reason.asText());
    }
    if (body.has("eventsRetentionDays")) {
      data.events().retainDays(body.get("eventsRetentionDays").asInt());
    }
    if (body.has("scopes")) {
      Set<String> scopes = new HashSet<>();
      body.get("scopes").forEach(scope -> scopes.add(scope.asText()));
      tokens.setScopes(scopes);
    }
    bulk.apply(body);
  }

  private ObjectNode describe(HttpExchange exchange) {
    ObjectNode config = Json.object();
    config.put("shop", shop);
    config.put("seed", data.seed());
    config.put("baseUrl", SimHttpServer.baseUrl(exchange.getLocalAddress().getPort()));
    config.put("plan", limiter.plan().name().toLowerCase(Locale.ROOT));
    config.put("latencyMs", settings.latencyMs());
    FaultConfig faults = settings.faults();
    ObjectNode faultsJson = config.putObject("faults");
    faultsJson.put("serverErrorRate", faults.serverErrorRate());
    faultsJson.put("resetRate", faults.resetRate());
    faultsJson.put("truncateRate", faults.truncateRate());
    faultsJson.put("slowRate", faults.slowRate());
    faultsJson.put("slowMs", faults.slowMs());
    config.put("shopState", settings.shopState().name().toLowerCase(Locale.ROOT));
    config.put("protectedCustomerDataApproved", settings.protectedCustomerDataApproved());
    String deprecatedReason = settings.deprecatedReason();
    if (deprecatedReason == null) {
      config.putNull("deprecatedReason");
    } else {
      config.put("deprecatedReason", deprecatedReason);
    }
    ArrayNode scopes = config.putArray("scopes");
    new TreeSet<>(tokens.scopes()).forEach(scopes::add);
    config.put("eventsRetentionDays", data.events().retentionDays());
    bulk.describe(config);
    config.put("now", clock.now().toString());
    ObjectNode counts = config.putObject("counts");
    for (Resource resource : Resource.values()) {
      counts.put(resource.path(), data.count(resource));
    }
    return config;
  }
}
