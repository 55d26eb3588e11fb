package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deleting an entity through the control surface records Shopify's destroy event, served by REST
 * {@code events.json} and the GraphQL {@code events} connection (with the courier's query), and
 * aged out by {@code eventsRetentionDays}.
 */
class DeletionEventsTest {
  private static final Instant DELETED_AT = Instant.parse("2026-11-01T10:00:00Z");
  private static ShopifySimulator sim;
  private static long order;
  private static long customer;
  private static long product;

  @BeforeAll
  static void start() {
    sim =
        ShopifySimulator.builder()
            .seed(5)
            .customers(10)
            .orders(20)
            .products(5)
            .checkouts(5)
            .utcOffset(java.time.ZoneOffset.ofHours(-5))
            .now(DELETED_AT)
            .build()
            .start();
    order = sim.ids(Resource.ORDERS).get(2);
    customer = sim.ids(Resource.CUSTOMERS).get(3);
    product = sim.ids(Resource.PRODUCTS).get(1);
    assertTrue(sim.delete(Resource.ORDERS, order));
    sim.clock().advance(Duration.ofSeconds(5));
    // Over HTTP, as a test driving a courier JVM does.
    String url = sim.baseUrl() + "/_sim/customers/" + customer;
    assertEquals(
        200, TestHttp.send(HttpRequest.newBuilder(URI.create(url)).DELETE().build()).statusCode());
    sim.clock().advance(Duration.ofSeconds(5));
    assertTrue(sim.delete(Resource.PRODUCTS, product));
    // Shopify records no events for abandoned checkouts.
    assertTrue(sim.delete(Resource.CHECKOUTS, sim.ids(Resource.CHECKOUTS).get(0)));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void restServesOneDestroyEventPerDeletionInShopifysShape() {
    JsonNode events =
        TestHttp.json(TestHttp.get(sim, V + "events.json?verb=destroy&filter=Order")).get("events");
    assertEquals(1, events.size(), events.toString());
    JsonNode event = events.get(0);
    assertEquals(order, event.get("subject_id").asLong());
    assertEquals("Order", event.get("subject_type").asText());
    assertEquals("destroy", event.get("verb").asText());
    // In the shop's zone, with its offset, as every REST timestamp.
    assertEquals("2026-11-01T05:00:00-05:00", event.get("created_at").asText());
    assertEquals(
        List.of(customer, product),
        subjects(
            TestHttp.json(TestHttp.get(sim, V + "events.json?filter=Customer,Product"))
                .get("events")));
    assertEquals(
        List.of(order, customer, product),
        subjects(TestHttp.json(TestHttp.get(sim, V + "events.json?verb=destroy")).get("events")));
  }

  @Test
  void restFiltersByCreatedAtAndPagesBySinceId() {
    String window =
        "events.json?created_at_min=2026-11-01T10:00:05Z&created_at_max=2026-11-01T10:00:10Z";
    assertEquals(
        List.of(customer, product),
        subjects(TestHttp.json(TestHttp.get(sim, V + window)).get("events")));
    List<JsonNode> paged = TestHttp.allBySinceId(sim, V + "events.json?verb=destroy", "events", 1);
    assertEquals(List.of(order, customer, product), subjects(paged));
    assertEquals(
        List.of(),
        subjects(TestHttp.json(TestHttp.get(sim, V + "events.json?verb=create")).get("events")));
  }

  @Test
  void graphqlServesBasicEventsToTheCourierQuery() {
    JsonNode body =
        GqlTestSupport.run(
            sim,
            GqlTestSupport.query("deletion_events_page.graphql"),
            Map.of(
                "first",
                1,
                "query",
                "action:destroy AND subject_type:PRODUCT AND created_at:>='2026-11-01T10:00:00Z'"
                    + " AND created_at:<'2026-11-01T11:00:00Z'"));
    JsonNode nodes = body.at("/data/events/nodes");
    assertEquals(1, nodes.size(), body.toString());
    assertEquals("gid://shopify/Product/" + product, nodes.get(0).get("subjectId").asText());
    assertEquals("PRODUCT", nodes.get(0).get("subjectType").asText());
    assertEquals("destroy", nodes.get(0).get("action").asText());
    assertEquals("2026-11-01T10:00:10Z", nodes.get(0).get("createdAt").asText());
    assertEquals(false, body.at("/data/events/pageInfo/hasNextPage").asBoolean());

    JsonNode all =
        GqlTestSupport.run(
            sim,
            GqlTestSupport.query("deletion_events_page.graphql"),
            Map.of("first", 2, "query", "action:destroy"));
    assertEquals(2, all.at("/data/events/nodes").size());
    assertTrue(all.at("/data/events/pageInfo/hasNextPage").asBoolean());
    JsonNode rest =
        GqlTestSupport.run(
            sim,
            GqlTestSupport.query("deletion_events_page.graphql"),
            Map.of(
                "first",
                2,
                "after",
                all.at("/data/events/pageInfo/endCursor").asText(),
                "query",
                "action:destroy"));
    assertEquals(
        "gid://shopify/Product/" + product, rest.at("/data/events/nodes/0/subjectId").asText());
  }

  @Test
  void eventsAgeOutAfterTheRetentionDays() {
    try (ShopifySimulator aging =
        ShopifySimulator.builder().seed(6).orders(5).now(DELETED_AT).build().start()) {
      long deleted = aging.ids(Resource.ORDERS).get(0);
      aging.delete(Resource.ORDERS, deleted);
      aging.clock().advance(Duration.ofDays(3));
      String config = aging.baseUrl() + "/_sim/config";
      HttpRequest keepTwoDays =
          HttpRequest.newBuilder(URI.create(config))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"eventsRetentionDays\":4}"))
              .build();
      assertEquals(4, TestHttp.json(TestHttp.send(keepTwoDays)).get("eventsRetentionDays").asInt());
      assertEquals(
          List.of(deleted),
          subjects(TestHttp.json(TestHttp.get(aging, V + "events.json")).get("events")));
      aging.eventsRetentionDays(2);
      assertEquals(
          List.of(), subjects(TestHttp.json(TestHttp.get(aging, V + "events.json")).get("events")));
    }
  }

  private static List<Long> subjects(Iterable<JsonNode> events) {
    List<Long> ids = new ArrayList<>();
    events.forEach(e -> ids.add(e.get("subject_id").asLong()));
    return ids;
  }
}
