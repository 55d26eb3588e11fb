package courier.shopify;

import static courier.shopify.GraphqlFixtures.page;
import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the GraphQL reader reads besides windowed pages: every id of a resource (for a
 * reconciliation), destroy events of the window (the deletions feed), entities by id, the id order
 * a segments page must keep, and what it says of itself (shop, transport, a count that is only a
 * floor); a reader without credentials is refused before it sends anything.
 */
class GraphqlReaderIdsAndEventsTest extends GraphqlScriptedBase {
  @Test
  void allIdsFollowsTheIdQueryToItsLastPageAndRetriesAPageOutOfOrder() throws Exception {
    server
        .then(
            json(200, page("orders", List.of(idNode("Order", 5), idNode("Order", 3)), true, "c1")))
        .then(
            json(200, page("orders", List.of(idNode("Order", 3), idNode("Order", 5)), true, "c1")))
        .then(json(200, page("orders", List.of(idNode("Order", 8)), false, null)));

    assertArrayEquals(new long[] {3, 5, 8}, reader().allIds(ShopifyResource.ORDERS));

    assertEquals(3, server.requests().size());
    assertEquals(1, tally.retried.get(), "the descending page was asked again");
    assertEquals("OrderIdsPage", sent(0).get("operationName").asText());
    assertEquals(GraphqlReader.IDS_PER_PAGE, sent(0).get("variables").get("first").intValue());
    assertTrue(sent(0).get("variables").get("query").isNull(), "every id, no window");
    assertEquals("c1", sent(2).get("variables").get("after").asText());
  }

  @Test
  void allIdsOfAResourceReadWholeIsRefused() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> reader().allIds(ShopifyResource.LOCATIONS));
    assertEquals("locations is not read by updated_at window", e.getMessage());
    assertEquals(0, server.requests().size());
  }

  @Test
  void deletionsAreTheWindowsDestroyEventsOfTheResourcesTypeOnEveryPage() throws Exception {
    ObjectNode noPageInfo = GraphqlFixtures.object();
    noPageInfo.putObject("data").putObject("events").putArray("nodes");
    server
        .then(json(200, "{\"data\":{\"events\":null}}"))
        .then(json(200, noPageInfo.toString()))
        .then(
            json(
                200,
                page(
                    "events",
                    List.of(
                        event(1, "destroy", "ORDER", "gid://shopify/Order/11"),
                        event(2, "create", "ORDER", "gid://shopify/Order/12"),
                        event(3, "destroy", "PRODUCT", "gid://shopify/Product/13")),
                    true,
                    "e3")))
        .then(
            json(
                200,
                page(
                    "events",
                    List.of(event(4, "destroy", "ORDER", "gid://shopify/Order/14")),
                    false,
                    null)));

    List<Deletion> deletions = reader().deletedIn(ShopifyResource.ORDERS, FROM, TO);

    String shop = ShopDomain.of("acme").domain();
    assertEquals(
        List.of(
            new Deletion(shop, ShopifyResource.ORDERS, 11, createdAt(1)),
            new Deletion(shop, ShopifyResource.ORDERS, 14, createdAt(4))),
        deletions);
    assertEquals(2, tally.retried.get(), "events null, then events without pageInfo");
    assertEquals("DeletionEventsPage", sent(0).get("operationName").asText());
    assertEquals(
        "action:destroy AND subject_type:ORDER AND created_at:>='2026-01-01T00:00:00Z'"
            + " AND created_at:<'2026-02-01T00:00:00Z'",
        sent(0).get("variables").get("query").asText());
    assertEquals("e3", sent(3).get("variables").get("after").asText());
  }

  @Test
  void aResourceWithoutDestroyEventsHasNoDeletionsAndAsksNothing() throws Exception {
    assertEquals(List.of(), reader().deletedIn(ShopifyResource.LOCATIONS, FROM, TO));
    assertEquals(0, server.requests().size());
  }

  @Test
  void entitiesByIdComeBackShaped() throws Exception {
    ObjectNode order =
        GraphqlFixtures.order(
            450789469,
            List.of(GraphqlFixtures.lineItem(466157049, "199.00", 1)),
            false,
            List.of(),
            false);
    server.then(json(200, page("orders", List.of(order), false, null)));

    EntityPage page = reader().listByIds(ShopifyResource.ORDERS, List.of(450789469L), 0, 10, null);

    assertEquals(1, page.entities().size());
    assertEquals(450789469, page.entities().get(0).get("id").longValue());
    assertEquals(466157049, page.entities().get(0).get("line_items").get(0).get("id").longValue());
    assertFalse(page.hasMore());
  }

  @Test
  void aSegmentsPageOutOfIdOrderIsAskedAgain() throws Exception {
    server
        .then(json(200, page("segments", List.of(segment(42), segment(41)), false, null)))
        .then(json(200, page("segments", List.of(segment(41), segment(42)), false, null)))
        .then(json(200, members("{\"hasNextPage\":false}", 7)))
        .then(json(200, members("{\"hasNextPage\":false}", 8)));
    List<ObjectNode> segments = new ArrayList<>();

    reader().segments(segments::add);

    assertEquals(List.of(41L, 42L), segments.stream().map(s -> s.get("id").longValue()).toList());
    assertEquals("[{\"customer_id\":7}]", segments.get(0).get("members").toString());
    assertEquals(1, tally.retried.get());
  }

  @Test
  void aMembersPageWithoutAReadablePageInfoIsAskedAgain() throws Exception {
    server
        .then(json(200, page("segments", List.of(segment(41)), false, null)))
        .then(json(200, members("{}", 5)))
        .then(json(200, members("{\"hasNextPage\":false}", 5)));
    List<ObjectNode> segments = new ArrayList<>();

    reader().segments(segments::add);

    assertEquals("[{\"customer_id\":5}]", segments.get(0).get("members").toString());
    assertEquals(1, tally.retried.get());
  }

  @Test
  void theReaderNamesItsShopAndTransport() throws Exception {
    GraphqlReader reader = GraphqlReader.create(config(), tally); // the shop's shared governor
    assertEquals(ShopDomain.of("acme"), reader.shop());
    assertEquals(Transport.GRAPHQL, reader.transport());
  }

  @Test
  void aListedEntityIsAlreadyCompleteAndNothingMoreIsAsked() throws Exception {
    ObjectNode entity = GraphqlFixtures.object().put("id", 1);
    ShopifyResource.CompletenessObserver untouched =
        new ShopifyResource.CompletenessObserver() {
          @Override
          public void addressesCompleted() {
            throw new AssertionError("nothing to complete");
          }

          @Override
          public void variantsPossiblyTruncated() {
            throw new AssertionError("nothing to complete");
          }
        };
    assertSame(entity, reader().complete(ShopifyResource.CUSTOMERS, entity, untouched));
    assertEquals("{\"id\":1}", entity.toString());
    assertEquals(0, server.requests().size());
  }

  @Test
  void aReaderWithoutCredentialsIsRefusedSayingHowToFixIt() {
    ShopifyClientConfig noCredentials =
        ShopifyClientConfig.create()
            .withShop(ShopDomain.of("acme"))
            .withBaseUrl(server.baseUrl())
            .withTransport(Transport.GRAPHQL);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> reader(noCredentials));
    assertTrue(e.getMessage().startsWith("no credentials: call withCredentials("), e.getMessage());
  }

  @Test
  void aCountThatIsOnlyAFloorIsUsedAndSaidToBeOne() throws Exception {
    server
        .then(json(200, "{\"data\":{\"ordersCount\":{\"count\":7,\"precision\":\"AT_LEAST\"}}}"))
        .then(json(200, "{\"data\":{\"ordersCount\":{\"count\":9,\"precision\":\"EXACT\"}}}"));
    GraphqlReader reader = reader();
    String floorLog;
    String exactLog;
    try (CapturedOutput output = new CapturedOutput()) {
      assertEquals(7, reader.count(ShopifyResource.ORDERS, FROM, TO));
      floorLog = output.text();
    }
    try (CapturedOutput output = new CapturedOutput()) {
      assertEquals(9, reader.count(ShopifyResource.ORDERS, FROM, TO));
      exactLog = output.text();
    }
    assertTrue(
        floorLog.contains("Shopify counted at least 7 orders for acme.myshopify.com"), floorLog);
    assertFalse(exactLog.contains("counted at least"), exactLog);
  }

  private static ObjectNode idNode(String type, long id) {
    return GraphqlFixtures.object().put("admin_graphql_api_id", "gid://shopify/" + type + "/" + id);
  }

  private static Instant createdAt(int n) {
    return Instant.parse("2026-01-0" + n + "T10:00:00Z");
  }

  private static ObjectNode event(int n, String action, String subjectType, String subjectId) {
    return GraphqlFixtures.object()
        .put("id", "gid://shopify/BasicEvent/" + n)
        .put("action", action)
        .put("createdAt", createdAt(n).toString())
        .put("subjectId", subjectId)
        .put("subjectType", subjectType);
  }

  private static ObjectNode segment(long id) {
    return GraphqlFixtures.object()
        .put("admin_graphql_api_id", "gid://shopify/Segment/" + id)
        .put("name", "Segment " + id);
  }

  private static String members(String pageInfo, long customerId) {
    return "{\"data\":{\"customerSegmentMembers\":{\"pageInfo\":"
        + pageInfo
        + ",\"edges\":[{\"node\":{\"id\":\"gid://shopify/CustomerSegmentMember/"
        + customerId
        + "\"}}]}}}";
  }
}
