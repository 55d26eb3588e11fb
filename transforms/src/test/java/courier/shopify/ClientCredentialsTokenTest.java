package courier.shopify;

import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.client.http.javanet.NetHttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a client-credentials token is refreshed, in fake time: before it expires (at 90% of its
 * lifetime, at most 5 minutes early), without waiting for Shopify to answer 401.
 */
class ClientCredentialsTokenTest {
  private static final String SECRET = "cc_token_test_secret_value";

  private ScriptedServer server;
  private FakeTicker clock;
  private ClientCredentialsToken tokens;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedServer();
    clock = new FakeTicker();
    ShopifyCredentials credentials =
        ShopifyCredentials.clientCredentials("client-9", SecretSource.env("CC_SECRET"));
    ShopifyClientConfig config =
        ShopifyClientConfig.create()
            .withShop(ShopDomain.of("acme"))
            .withCredentials(credentials)
            .withBaseUrl(server.baseUrl());
    ShopifyHttp exchange =
        new ShopifyHttp(config, new NetHttpTransport(), null, null, RequestObserver.NONE, clock);
    tokens =
        new ClientCredentialsToken(
            "acme.myshopify.com",
            credentials,
            name -> name.equals("CC_SECRET") ? SECRET : null,
            exchange,
            clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void grants(String token, long expiresIn) {
    server.then(
        json(
            200,
            "{\"access_token\":\""
                + token
                + "\",\"scope\":\"read_orders\",\"expires_in\":"
                + expiresIn
                + "}"));
  }

  @Test
  void aTokenIsRefreshedAtNinetyPercentOfItsLifetime() {
    grants("shpat_first", 1_000);
    grants("shpat_second", 1_000);
    String output;
    try (CapturedOutput captured = new CapturedOutput()) {
      assertEquals("shpat_first", tokens.token());
      clock.advanceMillis(900_000 - 1);
      assertEquals("shpat_first", tokens.token(), "still 100 s and a little from expiry");
      assertEquals(1, server.requests().size());
      clock.advanceMillis(1);
      assertEquals("shpat_second", tokens.token(), "100 s (a tenth) before expiry");
      output = captured.text();
    }
    assertEquals(2, server.requests().size());
    assertTrue(output.contains("refreshed before expiry"), output);
    assertFalse(output.contains(SECRET) || output.contains("shpat_"), output);
  }

  @Test
  void aDayLongTokenIsRefreshedFiveMinutesBeforeItExpires() {
    grants("shpat_first", 86_400);
    grants("shpat_second", 86_400);
    assertEquals("shpat_first", tokens.token());
    clock.advanceMillis((86_400 - 300) * 1_000L - 1);
    assertEquals("shpat_first", tokens.token());
    clock.advanceMillis(1);
    assertEquals("shpat_second", tokens.token());
    assertEquals(2, server.requests().size());
  }

  @Test
  void aFreshTokenIsNotExchangedAgain() {
    grants("shpat_first", 1_000);
    for (int i = 0; i < 5; i++) {
      assertEquals("shpat_first", tokens.token());
      clock.advanceMillis(100_000);
    }
    assertEquals(1, server.requests().size());
  }
}
