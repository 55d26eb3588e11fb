package courier.shopify;

import static courier.shopify.GraphqlFixtures.page;
import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the GraphQL reader reads whole (locations, segments and their members) and counts without a
 * window, the checks that retry an unreadable count or a location page out of id order, and the
 * arguments it refuses before sending anything.
 */
class GraphqlReaderWholeReadsTest extends GraphqlScriptedBase {
  @Test
  void locationsAreCountedByReadingThemAndOutOfOrderPagesAreRetried() throws Exception {
    server
        .then(
            json(
                200,
                page(
                    "locations",
                    List.of(GraphqlFixtures.location(9), GraphqlFixtures.location(8)),
                    false,
                    null)))
        .then(
            json(
                200,
                page(
                    "locations",
                    List.of(GraphqlFixtures.location(8), GraphqlFixtures.location(9)),
                    false,
                    null)));
    assertEquals(2, reader().countAll(ShopifyResource.LOCATIONS));
    assertEquals(2, server.requests().size(), "the descending page was asked again");
    assertEquals("LocationsPage", sent(0).get("operationName").asText());
    assertEquals(1, tally.retried.get());
  }

  @Test
  void segmentsAreCountedWithTheirOwnQueryAndAnUnreadableCountIsAskedAgain() throws Exception {
    server
        .then(json(200, "{\"data\":{\"segmentsCount\":{\"count\":\"many\"}}}"))
        .then(json(200, "{\"data\":{\"segmentsCount\":{\"count\":3,\"precision\":\"EXACT\"}}}"));
    assertEquals(3, reader().countAll(ShopifyResource.SEGMENTS));
    assertEquals("SegmentsCount", sent(1).get("operationName").asText());
    assertEquals(2, server.requests().size());
  }

  @Test
  void eachSegmentComesWithAllItsMembersAndLaterMemberPagesCountAsOverflow() throws Exception {
    ObjectNode segment = GraphqlFixtures.object();
    segment
        .put("admin_graphql_api_id", "gid://shopify/Segment/41")
        .put("name", "Buyers")
        .put("query", "number_of_orders > 0")
        .put("creation_date", "2026-01-01T00:00:00Z")
        .put("last_edit_date", "2026-01-02T00:00:00Z");
    server
        .then(json(200, page("segments", List.of(segment), false, null)))
        .then(json(200, members(true, "m1", 7, 8)))
        .then(json(200, members(false, null, 9)));
    List<ObjectNode> segments = new ArrayList<>();

    reader().segments(segments::add);

    assertEquals(1, segments.size());
    ObjectNode rest = segments.get(0);
    assertEquals(41, rest.get("id").longValue());
    assertEquals(
        "[{\"customer_id\":7},{\"customer_id\":8},{\"customer_id\":9}]",
        rest.get("members").toString());
    assertEquals("gid://shopify/Segment/41", sent(1).get("variables").get("segmentId").asText());
    assertEquals("m1", sent(2).get("variables").get("after").asText());
    assertEquals(1, tally.overflows.get(), "the members' second page");
  }

  @Test
  void aMembersPageWithoutEdgesIsAskedAgain() throws Exception {
    ObjectNode segment = GraphqlFixtures.object();
    segment.put("admin_graphql_api_id", "gid://shopify/Segment/41");
    server
        .then(json(200, page("segments", List.of(segment), false, null)))
        .then(
            json(
                200,
                "{\"data\":{\"customerSegmentMembers\":{\"pageInfo\":{\"hasNextPage\":false}}}}"))
        .then(json(200, members(false, null, 5)));
    List<ObjectNode> segments = new ArrayList<>();
    reader().segments(segments::add);
    assertEquals("[{\"customer_id\":5}]", segments.get(0).get("members").toString());
    assertEquals(1, tally.retried.get());
  }

  private static String members(boolean hasNext, String cursor, long... customerIds) {
    ObjectNode body = GraphqlFixtures.object();
    ObjectNode connection = body.putObject("data").putObject("customerSegmentMembers");
    connection.putObject("pageInfo").put("hasNextPage", hasNext).put("endCursor", cursor);
    var edges = connection.putArray("edges");
    for (long id : customerIds) {
      edges.addObject().putObject("node").put("id", "gid://shopify/CustomerSegmentMember/" + id);
    }
    body.set("extensions", GraphqlFixtures.cost(10, 2000, 1990, 100));
    return body.toString();
  }

  @Test
  void idsAreListedWithSearchTermsAndTheKeysetsLowerBound() throws Exception {
    server.then(json(200, page("orders", List.of(), false, null)));
    reader().listByIds(ShopifyResource.ORDERS, List.of(5L, 7L), 3, 10, null);
    assertEquals("(id:5 OR id:7) AND id:>3", sent(0).get("variables").get("query").asText());
  }

  @Test
  void aBadPageSizeOrWindowIsRefusedBeforeAnyRequest() throws Exception {
    GraphqlReader reader = reader();
    assertThrows(
        IllegalArgumentException.class,
        () -> reader.listUpdated(ShopifyResource.ORDERS, FROM, TO, 0, 0, null));
    for (Instant[] window :
        new Instant[][] {
          {FROM.plusMillis(1), TO}, {FROM, TO.plusNanos(1)}, {TO, FROM}, {FROM, FROM}
        }) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> reader.count(ShopifyResource.ORDERS, window[0], window[1]));
      assertTrue(e.getMessage().contains("whole seconds"), e.getMessage());
    }
    assertEquals(0, server.requests().size());
  }
}
