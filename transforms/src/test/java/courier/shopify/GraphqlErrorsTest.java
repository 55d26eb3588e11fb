package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What each kind of GraphQL {@code errors} (and {@code userErrors}) makes of a response, on bodies
 * written out here: waited out, retried, a refusal naming what to fix, or a bug report; never a
 * page taken from a response with errors.
 */
class GraphqlErrorsTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final String ENDPOINT = "/admin/api/2026-10/graphql.json";

  private static void check(String body) throws IOException {
    GraphqlResponse response =
        GraphqlResponse.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    GraphqlErrors.check(response, "orders", SHOP, ENDPOINT, "OrdersPage", ShopifyResource.ORDERS);
  }

  private static String errors(String code, String message) {
    return "{\"errors\":[{\"message\":\""
        + message
        + "\",\"extensions\":{\"code\":\""
        + code
        + "\"},\"path\":[\"orders\"]}],\"data\":{\"orders\":null}}";
  }

  private static <T extends Throwable> String message(Class<T> type, String body) {
    return assertThrows(type, () -> check(body)).getMessage();
  }

  @Test
  void aResponseWithTheRootAndNoErrorsIsUsed() throws IOException {
    check("{\"data\":{\"orders\":{\"nodes\":[]}}}");
    check("{\"errors\":[],\"data\":{\"orders\":{\"nodes\":[]}}}");
    check("{\"data\":{\"orders\":{\"nodes\":[],\"userErrors\":[]}}}");
  }

  @Test
  void withoutTheRootFieldTheResponseIsUnreadableAndRetried() {
    assertEquals(
        "the GraphQL response has no data.orders",
        message(IOException.class, "{\"data\":{\"customers\":{\"nodes\":[]}}}"));
    assertEquals("the GraphQL response has no data.orders", message(IOException.class, "{}"));
  }

  @Test
  void throttledIsWaitedOutWhateverTheCase() {
    String m = message(ShopifyHttp.ThrottledInBody.class, errors("throttled", "Throttled"));
    assertEquals("THROTTLED: throttled: Throttled (at [\"orders\"])", m);
  }

  @Test
  void accessDeniedNamesTheScopeFromTheMessageOrTheResource() {
    String named =
        message(
            ShopifyAccessException.class,
            errors(
                "ACCESS_DENIED",
                "Access denied for orders field. Required access: `read_products` access scope."));
    assertTrue(named.contains("most likely the read_products access scope"), named);
    assertTrue(named.contains("Add read_products to the app's configuration"), named);
    assertTrue(named.contains("GraphQL query OrdersPage for " + SHOP), named);

    String unnamed =
        message(ShopifyAccessException.class, errors("ACCESS_DENIED", "Access denied"));
    assertTrue(unnamed.contains("most likely the read_orders access scope"), unnamed);

    for (String text :
        new String[] {
          "This app is not approved to access the Customer object",
          "See https://shopify.dev/docs/apps/launch/protected-customer-data"
        }) {
      String pcd = message(ShopifyAccessException.class, errors("ACCESS_DENIED", text));
      assertTrue(pcd.startsWith("The app is not approved for protected customer data"), pcd);
    }
  }

  @Test
  void anInactiveShopStopsTheRun() {
    String m = message(ShopifyAccessException.class, errors("SHOP_INACTIVE", "Shop is frozen"));
    assertTrue(m.startsWith("Shop " + SHOP + " is inactive (GraphQL query OrdersPage"), m);
  }

  @Test
  void onlyTransientCodesAreRetried() {
    assertEquals(
        "GraphQL INTERNAL_SERVER_ERROR: INTERNAL_SERVER_ERROR: Internal error (at [\"orders\"])",
        message(IOException.class, errors("INTERNAL_SERVER_ERROR", "Internal error")));
    assertEquals(
        "GraphQL TIMEOUT: TIMEOUT: Timed out (at [\"orders\"])",
        message(IOException.class, errors("TIMEOUT", "Timed out")));
    String mixed =
        "{\"errors\":[{\"message\":\"a\",\"extensions\":{\"code\":\"TIMEOUT\"}},"
            + "{\"message\":\"b\",\"extensions\":{\"code\":\"BAD_FIELD\"}}]}";
    String m = message(ShopifyRequestException.class, mixed);
    assertTrue(m.contains("(TIMEOUT: a; BAD_FIELD: b)"), m);
    String uncoded = "{\"errors\":[{\"message\":\"Field 'cartToken' doesn't exist\"}]}";
    assertTrue(
        message(ShopifyRequestException.class, uncoded).contains("does not fit this shop's API"));
  }

  @Test
  void tooExpensiveIsABugToReport() {
    String m = message(ShopifyRequestException.class, errors("MAX_COST_EXCEEDED", "Too costly"));
    assertTrue(m.contains("as too expensive (MAX_COST_EXCEEDED: Too costly"), m);
    assertFalse(m.contains("does not fit"), m);
  }

  @Test
  void userErrorsAreABugToReport() {
    String m =
        message(
            ShopifyRequestException.class,
            "{\"data\":{\"orders\":{\"userErrors\":[{\"message\":\"bad\",\"field\":[\"x\"]}]}}}");
    assertEquals(
        "Shopify refused GraphQL query OrdersPage for "
            + SHOP
            + " with user errors (bad); please report it with this message.",
        m.substring(m.indexOf("Shopify refused")));
  }

  @Test
  void theErrorTextTakesAStringOrAnObjectAndIsShortened() {
    String single = message(ShopifyRequestException.class, "{\"errors\":\"Not Found\"}");
    assertTrue(single.contains("(Not Found)"), single);
    String object =
        message(ShopifyRequestException.class, "{\"errors\":{\"message\":\"Bad\",\"path\":3}}");
    assertTrue(object.contains("(Bad)"), object);
    String longText = "x".repeat(600);
    String cut = message(ShopifyRequestException.class, errors("BAD_FIELD", longText));
    assertTrue(cut.contains("(BAD_FIELD: " + "x".repeat(489) + "...)"), cut);
    String exact = "y".repeat(500 - "BAD_FIELD: ".length());
    String kept =
        message(
            ShopifyRequestException.class,
            "{\"errors\":[{\"message\":\""
                + exact
                + "\",\"extensions\":{\"code\":\"BAD_FIELD\"}}]}");
    assertTrue(kept.contains("(BAD_FIELD: " + exact + ")"), "500 characters are kept whole");
  }
}
