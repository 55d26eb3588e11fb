package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real HTTP over loopback against a running simulator, plus Link-header helpers. */
final class TestHttp {
  /**
   * A guard against a hung server, not a speed limit: on the 2-core machine at a load of 20 a
   * GraphQL request to a small shop took over 30 s in a CI run (AccessTest, 2026-11-30).
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);

  static final ObjectMapper MAPPER = new ObjectMapper();
  static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  static final String V = "/admin/api/2026-07/";
  private static final Pattern LINK = Pattern.compile("<([^>]*)>; rel=\"(next|previous)\"");

  private TestHttp() {}

  /** GET {@code baseUrl + pathAndQuery} with the simulator's token. */
  static HttpResponse<String> get(ShopifySimulator sim, String pathAndQuery) {
    return getUrl(sim.baseUrl() + pathAndQuery, sim.accessToken());
  }

  /** GET an absolute URL, with the token header when {@code token} is not null. */
  static HttpResponse<String> getUrl(String url, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET();
    if (token != null) {
      b.header("X-Shopify-Access-Token", token);
    }
    return send(b.build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code request}, its body read by {@code body}; a failure becomes unchecked. */
  static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return CLIENT.send(request, body);
    } catch (IOException e) {
      throw new RuntimeException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** The URL of the Link header entry with this rel ("next" or "previous"), or null. */
  static String link(HttpResponse<String> r, String rel) {
    String header = r.headers().firstValue("Link").orElse(null);
    if (header == null) {
      return null;
    }
    Matcher m = LINK.matcher(header);
    while (m.find()) {
      if (m.group(2).equals(rel)) {
        return m.group(1);
      }
    }
    return null;
  }

  /** Follows rel="next" from a first request; returns every entity of every page. */
  static List<JsonNode> allByLink(ShopifySimulator sim, String firstPathAndQuery, String root) {
    List<JsonNode> out = new ArrayList<>();
    HttpResponse<String> r = get(sim, firstPathAndQuery);
    while (true) {
      if (r.statusCode() != 200) {
        throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
      }
      json(r).get(root).forEach(out::add);
      String next = link(r, "next");
      if (next == null) {
        return out;
      }
      r = getUrl(next, sim.accessToken());
    }
  }

  /** Pages with since_id=<last id> until a page comes back short; returns every entity. */
  static List<JsonNode> allBySinceId(
      ShopifySimulator sim, String pathAndFilters, String root, int limit) {
    List<JsonNode> out = new ArrayList<>();
    long since = 0;
    String sep = pathAndFilters.contains("?") ? "&" : "?";
    while (true) {
      HttpResponse<String> r =
          get(sim, pathAndFilters + sep + "limit=" + limit + "&since_id=" + since);
      if (r.statusCode() != 200) {
        throw new AssertionError("HTTP " + r.statusCode() + ": " + r.body());
      }
      JsonNode page = json(r).get(root);
      page.forEach(out::add);
      if (page.size() < limit) {
        return out;
      }
      since = page.get(page.size() - 1).get("id").asLong();
    }
  }

  static List<Long> ids(List<JsonNode> entities) {
    List<Long> out = new ArrayList<>();
    entities.forEach(e -> out.add(e.get("id").asLong()));
    return out;
  }
}
