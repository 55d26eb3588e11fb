package courier.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The GraphQL protocol around the data: search windows and cursor paging against the REST view,
 * counts, Shopify's error shapes (validation, MAX_COST_EXCEEDED, THROTTLED, ACCESS_DENIED), the
 * points bucket restoring over (fake) time, and the counters.
 */
class GraphqlProtocolTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
  private static final String CUSTOMER_IDS =
      "query CustomerIds($first: Int!, $after: String, $query: String!) {"
          + " customers(first: $first, after: $after, query: $query, sortKey: ID) {"
          + " pageInfo { hasNextPage endCursor } edges { cursor node { legacyResourceId } } } }";

  private static ShopifySimulator.Builder shop() {
    return ShopifySimulator.builder().seed(11).customers(80).orders(40).products(4).now(NOW);
  }

  @Test
  void pagingAWindowToTheEndEqualsTheRestList() {
    try (ShopifySimulator sim = shop().build().start()) {
      Instant from = NOW.minusSeconds(400L * 86_400);
      Instant to = NOW.minusSeconds(30L * 86_400);
      List<Long> expected = sim.ids(Resource.CUSTOMERS, from, to);
      assertTrue(expected.size() > 10, "window too small: " + expected.size());
      String window = "updated_at:>='" + from + "' AND updated_at:<'" + to + "'";
      assertEquals(expected, pageAll(sim, window));
      long middle = expected.get(expected.size() / 2);
      assertEquals(
          expected.stream().filter(id -> id > middle).toList(),
          pageAll(sim, window + " AND id:>" + middle));
    }
  }

  private static List<Long> pageAll(ShopifySimulator sim, String query) {
    List<Long> ids = new ArrayList<>();
    Map<String, Object> v = new HashMap<>();
    v.put("first", 7);
    v.put("after", null);
    v.put("query", query);
    while (true) {
      JsonNode page = GqlTestSupport.run(sim, CUSTOMER_IDS, v).path("data").path("customers");
      page.path("edges").forEach(e -> ids.add(e.path("node").path("legacyResourceId").asLong()));
      if (!page.path("pageInfo").path("hasNextPage").asBoolean()) {
        return ids;
      }
      v.put("after", page.path("pageInfo").path("endCursor").asText());
    }
  }

  @Test
  void countsAreExactOrCappedByTheLimit() {
    try (ShopifySimulator sim = shop().build().start()) {
      JsonNode all =
          GqlTestSupport.run(
                  sim,
                  "{ ordersCount(query: \"id:>0\", limit: null) { count precision } }",
                  Map.of())
              .path("data")
              .path("ordersCount");
      assertEquals(sim.count(Resource.ORDERS), all.path("count").asInt());
      assertEquals("EXACT", all.path("precision").asText());
      JsonNode capped =
          GqlTestSupport.run(sim, "{ customersCount(limit: 3) { count precision } }", Map.of())
              .path("data")
              .path("customersCount");
      assertEquals(3, capped.path("count").asInt());
      assertEquals("AT_LEAST", capped.path("precision").asText());
    }
  }

  @Test
  void invalidQueryGetsShopifysValidationShape() {
    try (ShopifySimulator sim = shop().build().start()) {
      HttpResponse<String> r =
          GqlTestSupport.post(
              sim, "query Bad {\n  orders(first: 1) {\n    nodes { nope }\n  }\n}", Map.of());
      assertEquals(200, r.statusCode());
      JsonNode error = TestHttp.json(r).path("errors").get(0);
      assertEquals("Field 'nope' doesn't exist on type 'Order'", error.path("message").asText());
      assertEquals("undefinedField", error.path("extensions").path("code").asText());
      assertEquals("Order", error.path("extensions").path("typeName").asText());
      assertEquals(3, error.path("locations").get(0).path("line").asInt());
      assertEquals("query Bad", error.path("path").get(0).asText());
      assertEquals(1, sim.counters().getRequests("graphql:Bad"));
    }
  }

  @Test
  void queryOver1000PointsIsRefusedBeforeRunning() {
    try (ShopifySimulator sim = shop().build().start()) {
      JsonNode r =
          GqlTestSupport.run(
              sim,
              "{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }",
              Map.of());
      JsonNode error = r.path("errors").get(0);
      assertEquals("MAX_COST_EXCEEDED", error.path("extensions").path("code").asText());
      assertTrue(error.path("extensions").path("cost").asInt() > 1000);
      assertTrue(r.path("data").isMissingNode() || r.path("data").isNull());
    }
  }

  @Test
  void missingScopeIsAccessDenied() {
    try (ShopifySimulator sim =
        shop().scopes(Set.of("read_customers", "read_products")).build().start()) {
      HttpResponse<String> r =
          GqlTestSupport.post(sim, "{ orders(first: 1) { nodes { id } } }", Map.of());
      assertEquals(200, r.statusCode());
      JsonNode body = TestHttp.json(r);
      assertTrue(body.path("data").isNull());
      JsonNode error = body.path("errors").get(0);
      assertEquals("ACCESS_DENIED", error.path("extensions").path("code").asText());
      assertEquals("orders", error.path("path").get(0).asText());
    }
  }

  @Test
  void drainedBucketThrottlesAndRestoresOverTime() {
    AtomicLong nanos = new AtomicLong();
    SimulatorBuilder builder = (SimulatorBuilder) shop().plan(Plan.STANDARD);
    builder.graphqlNanoClock = nanos::get;
    try (ShopifySimulator sim = builder.build().start()) {
      Map<String, Object> v = new HashMap<>();
      v.put("first", 100);
      v.put("after", null);
      v.put("query", "id:>0");
      JsonNode throttled = null;
      long spent = 0;
      for (int i = 0; i < 100 && throttled == null; i++) {
        HttpResponse<String> r = GqlTestSupport.post(sim, CUSTOMER_IDS, v);
        assertEquals(200, r.statusCode());
        JsonNode body = TestHttp.json(r);
        JsonNode cost = body.path("extensions").path("cost");
        assertEquals(2000.0, cost.path("throttleStatus").path("maximumAvailable").asDouble());
        assertEquals(100.0, cost.path("throttleStatus").path("restoreRate").asDouble());
        if (body.has("errors")) {
          throttled = body;
        } else {
          assertEquals(102, cost.path("requestedQueryCost").asInt());
          spent += cost.path("actualQueryCost").asInt();
          assertEquals(
              2000 - spent, cost.path("throttleStatus").path("currentlyAvailable").asLong());
        }
      }
      assertTrue(throttled != null, "never throttled");
      JsonNode error = throttled.path("errors").get(0);
      assertEquals("Throttled", error.path("message").asText());
      assertEquals("THROTTLED", error.path("extensions").path("code").asText());
      JsonNode cost = throttled.path("extensions").path("cost");
      assertTrue(cost.path("actualQueryCost").isNull());
      assertTrue(cost.path("throttleStatus").path("currentlyAvailable").asLong() < 102);
      assertEquals(1, sim.counters().getGraphql().throttled());

      nanos.addAndGet(3_000_000_000L); // 3 s restore 300 points
      JsonNode again = GqlTestSupport.run(sim, CUSTOMER_IDS, v);
      assertFalse(again.has("errors"), again.toString());
      assertTrue(sim.counters().getRequests("graphql:CustomerIds") > 1);
      assertTrue(sim.counters().getRequests("graphql.json") > 1);
      assertEquals(
          spent + again.path("extensions").path("cost").path("actualQueryCost").asLong(),
          sim.counters().getGraphql().actual());
    }
  }
}
