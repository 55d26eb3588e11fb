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

  @Test
  void clientCredentialsTokenWorksThenExpires() throws Exception {
    try (ShopifySimulator sim =
        ShopifySimulator.builder()
            .customers(5)
            .orders(5)
            .products(2)
            .clientCredentials("cid", "csecret")
            .issuedTokenTtl(Duration.ofSeconds(1))
            .build()
            .start()) {
      HttpResponse<String> r =
          post(
              sim,
              "application/x-www-form-urlencoded",
              "grant_type=client_credentials&client_id=cid&client_secret=csecret");
      assertEquals(200, r.statusCode(), r.body());
      JsonNode body = TestHttp.json(r);
      String token = body.get("access_token").asText();
      assertTrue(token.startsWith("shpat_"));
      assertEquals(1, body.get("expires_in").asLong());
      assertEquals(
          "read_all_orders,read_customers,read_locations,read_orders,read_products",
          body.get("scope").asText());

      assertEquals(200, TestHttp.getUrl(sim.baseUrl() + V + "orders.json", token).statusCode());
      Thread.sleep(1200);
      assertEquals(401, TestHttp.getUrl(sim.baseUrl() + V + "orders.json", token).statusCode());
      assertEquals(
          200, TestHttp.get(sim, V + "orders.json").statusCode(), "the static token still works");

      HttpResponse<String> json =
          post(
              sim,
              "application/json",
              "{\"grant_type\":\"client_credentials\",\"client_id\":\"cid\",\"client_secret\":\"csecret\"}");
      assertEquals(200, json.statusCode());
      assertEquals(2, sim.counters().getRequests("oauth/access_token"));
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
