package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each refusal's exception type (access: stop and fix; request: a bug, with the body) and the part
 * of its message that tells the operator what to fix; the error text taken from each body shape.
 * {@code ResponseParsingTest} covers 402, 404, 423 and the scope named in a 403's body.
 */
class ShopifyErrorsTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final String ORDERS = "/admin/api/2026-10/orders.json";
  private static final String TOKEN_EXCHANGE = "/admin/oauth/access_token";
  private static final String CREDENTIALS = "client id from --clientId";

  private static ShopifyException refusal(String endpoint, int status, String body) {
    return refusal(endpoint, status, body, null);
  }

  private static ShopifyException refusal(
      String endpoint, int status, String body, ShopifyResource resource) {
    return ShopifyErrors.refusal(SHOP, "POST", endpoint, status, body, resource, CREDENTIALS);
  }

  private static void assertAccess(ShopifyException e, int status, String... phrases) {
    assertInstanceOf(ShopifyAccessException.class, e);
    assertEquals(status, e.status());
    for (String phrase : phrases) {
      assertTrue(e.getMessage().contains(phrase), e.getMessage());
    }
  }

  @Test
  void aRefusedTokenExchangeNamesTheClientCredentialsWhateverItsStatus() {
    for (int status : new int[] {400, 401, 403}) {
      assertAccess(
          refusal(TOKEN_EXCHANGE, status, "{\"error\":\"invalid_client\"}"),
          status,
          "refused the client credentials",
          "(" + CREDENTIALS + ")",
          "HTTP " + status + " on POST " + TOKEN_EXCHANGE + ": invalid_client");
    }
  }

  @Test
  void a401NamesTheTokensSourceAndA400IsABugWithTheBody() {
    assertAccess(
        refusal(ORDERS, 401, "{\"errors\":\"[API] Invalid API key or access token\"}"),
        401,
        "rejected the access token",
        "The token from " + CREDENTIALS + " is wrong",
        "Invalid API key");
    ShopifyException bug = refusal(ORDERS, 400, "{\"errors\":\"bad since_id\"}");
    assertInstanceOf(ShopifyRequestException.class, bug);
    assertEquals(400, bug.status());
    assertTrue(bug.getMessage().contains("bad since_id"), bug.getMessage());
  }

  @Test
  void a403WithoutAScopeInItsBodyNamesTheResourcesScopeOrSaysItIsUnknown() {
    assertAccess(
        refusal(ORDERS, 403, "{\"errors\":\"Forbidden\"}", ShopifyResource.CUSTOMERS),
        403,
        "lacks the read_customers access scope",
        "Add read_customers to the app's configuration");
    assertAccess(
        refusal(ORDERS, 403, "{\"errors\":\"Forbidden\"}"),
        403,
        "lacks an access scope this request needs",
        "Add the scope to");
    assertAccess(
        refusal(ORDERS, 403, "{\"errors\":\"needs write_products\"}", ShopifyResource.CUSTOMERS),
        403,
        "lacks the write_products access scope");
    assertAccess(
        refusal(ORDERS, 403, "{\"errors\":\"PROTECTED CUSTOMER DATA required\"}"),
        403,
        "not approved for protected customer data");
  }

  @Test
  void redirectsSayTheyAreNotFollowedAndOtherStatusesAreRequestErrors() {
    for (int status : new int[] {300, 301, 308, 399}) {
      assertAccess(refusal(ORDERS, status, ""), status, "redirected POST " + ORDERS);
    }
    for (int status : new int[] {299, 400, 405, 422}) {
      ShopifyException e = refusal(ORDERS, status, "{\"errors\":\"no\"}");
      assertInstanceOf(ShopifyRequestException.class, e, "HTTP " + status);
      assertEquals(status, e.status());
    }
  }

  @Test
  void theErrorTextIsShopifysErrorsElseTheRawBodyShortened() {
    assertEquals("empty body", ShopifyErrors.errorText(null));
    assertEquals("empty body", ShopifyErrors.errorText(" \n"));
    assertEquals("Not Found", ShopifyErrors.errorText("{\"errors\":\"Not Found\"}"));
    assertEquals(
        "{\"limit\":\"too big\"}", ShopifyErrors.errorText("{\"errors\":{\"limit\":\"too big\"}}"));
    assertEquals(
        "invalid_client: wrong secret",
        ShopifyErrors.errorText(
            "{\"error\":\"invalid_client\",\"error_description\":\"wrong secret\"}"));
    assertEquals("{\"other\":1}", ShopifyErrors.errorText(" {\"other\":1} "));
    assertEquals("[1]", ShopifyErrors.errorText("[1]"));
    assertEquals("<html>502</html>", ShopifyErrors.errorText("  <html>502</html>\n"));
    String exactly500 = "x".repeat(500);
    assertEquals(exactly500, ShopifyErrors.errorText(exactly500));
    assertEquals("x".repeat(500) + "...", ShopifyErrors.errorText("x".repeat(501)));
    assertEquals(
        "y".repeat(500) + "...",
        ShopifyErrors.errorText("{\"errors\":\"" + "y".repeat(600) + "\"}"));
  }
}
