package courier.shopify;

import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The granted scopes as both readers ask for them (REST {@code /admin/oauth/access_scopes.json},
 * GraphQL {@code currentAppInstallation.accessScopes}), against canned answers over loopback.
 */
class AccessScopesReadTest extends GraphqlScriptedBase {
  private static final String HANDLES =
      "[{\"handle\":\"write_orders\"},{\"handle\":\"read_products\"}]";

  private ShopifyClient restClient() throws Exception {
    Path tokenFile = dir.resolve("rest-token");
    Files.writeString(tokenFile, TOKEN);
    return ShopifyClient.create(
        ShopifyClientConfig.create()
            .withShop(ShopDomain.of("acme"))
            .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile.toString()))
            .withBaseUrl(server.baseUrl())
            .withRetries(4, Duration.ofMillis(1), Duration.ofMillis(5)),
        tally);
  }

  /** write_orders is listed without read_orders: it grants it all the same; nothing else is. */
  private static void assertWriteOrdersAndReadProducts(AccessScopes granted) {
    assertEquals(Set.of("read_products", "write_orders"), granted.handles());
    assertTrue(granted.has("read_orders"), "write_orders implies read_orders");
    assertTrue(granted.has("write_orders"));
    assertTrue(granted.has("read_products"));
    assertFalse(granted.has("read_all_orders"));
    assertFalse(granted.has("read_customers"));
    assertFalse(granted.has("write_products"), "a read scope implies no write scope");
  }

  @Test
  void restAsksTheUnversionedOauthEndpointWithTheToken() throws Exception {
    server.then(json(200, "{\"access_scopes\":" + HANDLES + "}"));
    try (ShopifyClient client = restClient()) {
      assertWriteOrdersAndReadProducts(client.accessScopes());
      assertEquals("/admin/oauth/access_scopes.json", client.accessScopesEndpoint());
    }
    ScriptedServer.Request request = server.requests().get(0);
    assertEquals("GET", request.method());
    assertEquals("/admin/oauth/access_scopes.json", request.pathAndQuery());
    assertEquals(TOKEN, request.token());
  }

  @Test
  void aMalformedListIsRetriedLikeAnyBadBody() throws Exception {
    server
        .then(json(200, "{\"access_scopes\":[{\"name\":\"read_orders\"}]}"))
        .then(json(200, "{\"scopes\":[]}"))
        .then(json(200, "{\"access_scopes\":" + HANDLES + "}"));
    try (ShopifyClient client = restClient()) {
      assertWriteOrdersAndReadProducts(client.accessScopes());
    }
    assertEquals(3, server.requests().size());
    assertEquals(2, tally.retried.get());
  }

  @Test
  void aRefusedTokenIsAnAccessFailure() throws Exception {
    server.then(json(401, "{\"errors\":\"[API] Invalid API key or access token\"}"));
    try (ShopifyClient client = restClient()) {
      ShopifyAccessException e = assertThrows(ShopifyAccessException.class, client::accessScopes);
      assertEquals(401, e.status());
    }
  }

  @Test
  void graphqlAsksTheCurrentAppInstallation() throws Exception {
    server.then(
        json(
            200,
            "{\"data\":{\"currentAppInstallation\":{\"accessScopes\":"
                + HANDLES
                + "}},\"extensions\":"
                + GraphqlFixtures.cost(2, 2000, 1998, 100)
                + "}"));
    try (GraphqlReader reader = reader()) {
      assertWriteOrdersAndReadProducts(reader.accessScopes());
      assertEquals("/admin/api/2026-10/graphql.json", reader.accessScopesEndpoint());
    }
    ScriptedServer.Request request = server.requests().get(0);
    assertEquals("POST", request.method());
    assertEquals("/admin/api/2026-10/graphql.json", request.pathAndQuery());
    assertEquals("AccessScopes", sent(0).get("operationName").asText());
    assertTrue(sent(0).get("query").asText().contains("currentAppInstallation"));
  }

  @Test
  void graphqlRetriesAnAnswerWithoutScopes() throws Exception {
    server
        .then(json(200, "{\"data\":{\"currentAppInstallation\":{}}}"))
        .then(
            json(
                200, "{\"data\":{\"currentAppInstallation\":{\"accessScopes\":" + HANDLES + "}}}"));
    try (GraphqlReader reader = reader()) {
      assertWriteOrdersAndReadProducts(reader.accessScopes());
    }
    assertEquals(2, server.requests().size());
  }
}
