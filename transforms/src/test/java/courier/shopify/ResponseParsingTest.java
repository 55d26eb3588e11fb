package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseParsingTest {

  private static List<ObjectNode> read(String body, String key) throws IOException {
    return EntityListReader.read(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), key);
  }

  @Test
  void listsAreStreamedEntityByEntityWithExactIdsAndDecimals() throws IOException {
    List<ObjectNode> orders =
        read(
            "{\"orders\":[{\"id\":9007199254740993,\"total\":1.10,\"updated_at\":"
                + "\"2026-01-10T11:00:00-05:00\"},{\"id\":2,\"x\":{\"y\":[1,2]}}],\"other\":{\"z\":1}}",
            "orders");
    assertEquals(2, orders.size());
    assertEquals(
        9_007_199_254_740_993L,
        ShopifyJson.id(orders.get(0)),
        "above 2^53: must not go through double");
    assertEquals(
        "{\"id\":9007199254740993,\"total\":1.10,\"updated_at\":\"2026-01-10T11:00:00-05:00\"}",
        ShopifyJson.toText(orders.get(0)));
    assertEquals(1768060800000L, ShopifyJson.updatedAtMillis(orders.get(0), -1), "to UTC");
    assertEquals(-1, ShopifyJson.updatedAtMillis(orders.get(1), -1));
  }

  /** A year past what epoch milliseconds hold is "no updated_at", not a failed page. */
  @Test
  void anUpdatedAtBeyondEpochMillisecondsIsMissingNotAnError() throws IOException {
    List<ObjectNode> orders =
        read("{\"orders\":[{\"id\":1,\"updated_at\":\"+999999999-12-31T23:59:59Z\"}]}", "orders");
    assertEquals(-1, ShopifyJson.updatedAtMillis(orders.get(0), -1));
  }

  @Test
  void keysAnEntityRepeatsKeepTheirLastValueAndAreCountedOnThatEntityOnly() throws IOException {
    List<ObjectNode> orders =
        read(
            "{\"orders\":[{\"id\":1,\"note\":\"a\",\"note\":\"b\",\"x\":{\"y\":1,\"y\":2.50}},"
                + "{\"id\":2,\"note\":\"c\"},{\"id\":3,\"id\":3,\"t\":[{\"k\":1,\"k\":2}]}]}",
            "orders");
    assertEquals("b", orders.get(0).get("note").asText(), "the last value is kept");
    assertEquals("2.50", orders.get(0).get("x").get("y").decimalValue().toPlainString());
    assertEquals(2, orders.get(0).get(ShopifyJson.REPEATED_KEYS_FIELD).asInt(), "note and x.y");
    assertNull(orders.get(1).get(ShopifyJson.REPEATED_KEYS_FIELD), "the count does not carry over");
    assertEquals(
        2, orders.get(2).get(ShopifyJson.REPEATED_KEYS_FIELD).asInt(), "id and a list's object");
  }

  @Test
  void truncatedOrForeignBodiesAreIoErrorsSoTheyAreRetried() {
    assertUnreadable("{\"orders\":[{\"id\":1},{\"id\":2,\"na", "Unexpected end-of-input");
    assertUnreadable("{\"orders\":[{\"id\":1}]", "Unexpected end-of-input");
    assertUnreadable("{\"customers\":[]}", "the body has no \"orders\" list");
    assertUnreadable("<html><body>502 Bad Gateway</body></html>", "Unexpected character ('<'");
    assertUnreadable("{\"orders\":[]} trailing", "Unrecognized token 'trailing'");
  }

  @Test
  void nextCursorIsTakenFromTheLinkHeader() {
    assertEquals(
        "abc=",
        LinkHeader.nextPageInfo(
            "<https://acme.myshopify.com/admin/api/2026-10/customers/1/addresses.json?limit=2&page_info=abc%3D>; rel=\"next\""));
    assertEquals(
        "n1",
        LinkHeader.nextPageInfo(
            "<http://h/x.json?page_info=p0&limit=5>; rel=\"previous\", "
                + "<http://h/x.json?limit=5&page_info=n1>; rel=\"next\""));
    assertNull(LinkHeader.nextPageInfo("<http://h/x.json?page_info=p0>; rel=\"previous\""));
    assertNull(LinkHeader.nextPageInfo(null));
  }

  @Test
  void refusalsTellTheOperatorWhatToDo() {
    String endpoint = "/admin/api/2026-10/orders.json?status=any";
    ShopifyException scope =
        ShopifyErrors.refusal(
            "acme.myshopify.com",
            "GET",
            endpoint,
            403,
            "{\"errors\":\"[API] This action requires merchant approval for read_all_orders scope.\"}",
            ShopifyResource.ORDERS,
            "access token from file /t");
    assertTrue(scope instanceof ShopifyAccessException);
    assertTrue(
        scope.getMessage().contains("lacks the read_all_orders access scope"), scope.getMessage());
    ShopifyException pcd =
        ShopifyErrors.refusal(
            "acme.myshopify.com",
            "GET",
            endpoint,
            403,
            "{\"errors\":\"[API] This app is not approved to access REST endpoints with protected customer data.\"}",
            ShopifyResource.CUSTOMERS,
            "x");
    assertTrue(
        pcd.getMessage().contains("not approved for protected customer data"), pcd.getMessage());
    ShopifyException frozen =
        ShopifyErrors.refusal(
            "acme.myshopify.com",
            "GET",
            endpoint,
            402,
            "{\"errors\":\"Unavailable Shop\"}",
            null,
            "x");
    assertTrue(
        frozen.getMessage().contains("frozen") && frozen.getMessage().contains("outstanding bill"));
    assertTrue(frozen.getMessage().contains("on GET " + endpoint), frozen.getMessage());
    assertEquals(402, frozen.status());
    assertEquals(endpoint, frozen.endpoint());
    assertEquals("acme.myshopify.com", frozen.shop());
    ShopifyException locked =
        ShopifyErrors.refusal("acme.myshopify.com", "GET", endpoint, 423, "", null, "x");
    assertTrue(
        locked.getMessage().contains("locked") && locked.getMessage().contains("Shopify Support"));
    ShopifyException bug =
        ShopifyErrors.refusal(
            "acme.myshopify.com",
            "GET",
            endpoint,
            400,
            "{\"errors\":{\"limit\":\"limit must be between 1 and 250\"}}",
            null,
            "x");
    assertTrue(bug instanceof ShopifyRequestException);
    assertTrue(bug.getMessage().contains("limit must be between 1 and 250"), bug.getMessage());
    ShopifyException gone =
        ShopifyErrors.refusal(
            "acme.myshopify.com", "GET", endpoint, 404, "{\"errors\":\"Not Found\"}", null, "x");
    assertTrue(
        gone instanceof ShopifyAccessException && gone.getMessage().contains("Check --shop"));
  }

  @Test
  void theTypedExceptionIsFoundThroughWrappers() {
    ShopifyException cause = new ShopifyAccessException("a", "/x", 423, "locked");
    assertEquals(
        cause, ShopifyException.findIn(new RuntimeException(new IllegalStateException(cause))));
    assertNull(ShopifyException.findIn(new RuntimeException("other")));
  }

  /** An orders body that must fail as an IOException (retried), saying why. */
  private static void assertUnreadable(String body, String because) {
    String message = assertThrows(IOException.class, () -> read(body, "orders")).getMessage();
    assertTrue(message.contains(because), message);
  }
}
