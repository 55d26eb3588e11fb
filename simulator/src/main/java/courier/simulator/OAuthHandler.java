package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /admin/oauth/access_token} with the client-credentials grant (form or JSON body):
 * answers {@code {"access_token","scope","expires_in"}} or an OAuth error ({@code
 * {"error","error_description"}}). Errors never echo the submitted credentials.
 */
final class OAuthHandler {
  private final TokenRegistry tokens;
  private final SimSettings settings;
  private final Counters counters;

  OAuthHandler(TokenRegistry tokens, SimSettings settings, Counters counters) {
    this.tokens = tokens;
    this.settings = settings;
    this.counters = counters;
  }

  void handle(HttpExchange ex) throws IOException {
    if (settings.shopState() == ShopState.NOT_FOUND) {
      respond(ex, 404, Json.errors("Not Found"));
      return;
    }
    if (!ex.getRequestMethod().equals("POST")) {
      respond(ex, 405, error("invalid_request", "Use POST."));
      return;
    }
    Map<String, String> p;
    byte[] body = HttpIo.readBody(ex);
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      p = new java.util.HashMap<>();
      try {
        JsonNode n = Json.parse(body);
        n.fields().forEachRemaining(e -> p.put(e.getKey(), e.getValue().asText()));
      } catch (IOException e) {
        respond(ex, 400, error("invalid_request", "The request body is not valid JSON."));
        return;
      }
    } else {
      p = HttpIo.params(new String(body, StandardCharsets.UTF_8));
    }
    // Parameters in the query string are accepted too, as many OAuth servers do.
    HttpIo.params(ex.getRequestURI().getRawQuery()).forEach(p::putIfAbsent);

    String grant = p.get("grant_type");
    if (grant == null || grant.isBlank()) {
      respond(ex, 400, error("invalid_request", "Missing grant_type."));
      return;
    }
    if (!grant.equals("client_credentials")) {
      respond(
          ex,
          400,
          error("unsupported_grant_type", "Only grant_type=client_credentials is supported."));
      return;
    }
    if (p.get("client_id") == null || p.get("client_secret") == null) {
      respond(ex, 400, error("invalid_request", "Missing client_id or client_secret."));
      return;
    }
    TokenRegistry.Issued issued = tokens.issue(p.get("client_id"), p.get("client_secret"));
    if (issued == null) {
      respond(
          ex,
          400,
          error("invalid_client", "Client authentication failed: unknown client or wrong secret."));
      return;
    }
    ObjectNode ok = Json.object();
    ok.put("access_token", issued.token());
    ok.put("scope", issued.scope());
    ok.put("expires_in", issued.expiresIn());
    respond(ex, 200, Json.bytes(ok));
  }

  private static byte[] error(String code, String description) {
    ObjectNode n = Json.object();
    n.put("error", code);
    n.put("error_description", description);
    return Json.bytes(n);
  }

  private void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    counters.responded(status);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    HttpIo.send(ex, status, body);
  }
}
