package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The client-credentials grant issues working tokens that expire. */
class OAuthTest {

  private static HttpResponse<String> post(ShopifySimulator sim, String contentType, String body) {
    return TestHttp.send(
        HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/admin/oauth/access_token"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** A simulator whose issued tokens expire on {@code clock} (nanoseconds), not on wall time. */
  private static ShopifySimulator withTokenClock(AtomicLong clock, Duration ttl, Duration grace) {
    return new SimulatorBuilder()
        .customers(5)
        .orders(5)
        .products(2)
        .clientCredentials("cid", "csecret")
        .issuedTokenTtl(ttl)
        .issuedTokenGrace(grace)
        .tokenClock(clock::get)
        .build()
        .start();
  }

  /** A client-credentials grant with a form body: the answer's JSON. */
  private static JsonNode grant(ShopifySimulator sim) {
    HttpResponse<String> r =
        post(
            sim,
            "application/x-www-form-urlencoded",
            "grant_type=client_credentials&client_id=cid&client_secret=csecret");
    assertEquals(200, r.statusCode(), r.body());
    return TestHttp.json(r);
  }

  private static int ordersStatus(ShopifySimulator sim, String token) {
    return TestHttp.getUrl(sim.baseUrl() + V + "orders.json", token).statusCode();
  }

  @Test
  void clientCredentialsTokenWorksThenExpires() {
    AtomicLong clock = new AtomicLong();
    try (ShopifySimulator sim = withTokenClock(clock, Duration.ofSeconds(1), Duration.ZERO)) {
      JsonNode body = grant(sim);
      String token = body.get("access_token").asText();
      assertTrue(token.startsWith("shpat_"));
      assertEquals(1, body.get("expires_in").asLong());
      assertEquals(
          "read_all_orders,read_customers,read_locations,read_orders,read_products",
          body.get("scope").asText());

      assertEquals(200, ordersStatus(sim, token));
      clock.addAndGet(Duration.ofSeconds(1).toNanos() - 1);
      assertEquals(200, ordersStatus(sim, token), "a nanosecond before expiry");
      clock.incrementAndGet();
      assertEquals(401, ordersStatus(sim, token), "at expiry");
      assertEquals(
          200, TestHttp.get(sim, V + "orders.json").statusCode(), "the static token still works");

      HttpResponse<String> json =
          post(
              sim,
              "application/json",
              "{\"grant_type\":\"client_credentials\",\"client_id\":\"cid\",\"client_secret\":\"csecret\"}");
      assertEquals(200, json.statusCode());
      assertEquals(200, ordersStatus(sim, TestHttp.json(json).get("access_token").asText()));
      assertEquals(2, sim.counters().getRequests("oauth/access_token"));
    }
  }

  @Test
  void aGraceKeepsAnIssuedTokenWorkingPastItsAdvertisedLifetime() {
    AtomicLong clock = new AtomicLong();
    try (ShopifySimulator sim =
        withTokenClock(clock, Duration.ofSeconds(1), Duration.ofSeconds(30))) {
      JsonNode body = grant(sim);
      assertEquals(1, body.get("expires_in").asLong(), "the lifetime, not the grace");
      String token = body.get("access_token").asText();
      clock.addAndGet(Duration.ofSeconds(31).toNanos() - 1);
      assertEquals(200, ordersStatus(sim, token));
      clock.incrementAndGet();
      assertEquals(401, ordersStatus(sim, token));
    }
  }

  @Test
  void wrongCredentialsAreRefusedWithoutEchoingThem() {
    try (ShopifySimulator sim =
        ShopifySimulator.builder()
            .customers(5)
            .orders(5)
            .products(2)
            .clientCredentials("cid", "csecret")
            .build()
            .start()) {
      HttpResponse<String> r =
          post(
              sim,
              "application/x-www-form-urlencoded",
              "grant_type=client_credentials&client_id=cid&client_secret=nope-secret");
      assertEquals(400, r.statusCode());
      assertEquals("invalid_client", TestHttp.json(r).get("error").asText());
      assertFalse(r.body().contains("nope-secret"));
      assertEquals(
          "unsupported_grant_type",
          TestHttp.json(
                  post(
                      sim,
                      "application/x-www-form-urlencoded",
                      "grant_type=password&client_id=cid&client_secret=csecret"))
              .get("error")
              .asText());
      assertEquals(
          "invalid_request",
          TestHttp.json(
                  post(sim, "application/x-www-form-urlencoded", "grant_type=client_credentials"))
              .get("error")
              .asText());
    }
  }
}
