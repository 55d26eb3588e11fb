package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens, scopes, the 60-day order rule, protected customer data, shop states and headers. */
class AccessTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

  private static ShopifySimulator.Builder small() {
    return ShopifySimulator.builder()
        .seed(3)
        .customers(40)
        .orders(300)
        .products(10)
        .now(NOW)
        .token("shpat_test");
  }

  @Test
  void missingOrWrongTokenIs401() {
    try (ShopifySimulator sim = small().build().start()) {
      for (String token : new String[] {null, "shpat_wrong"}) {
        HttpResponse<String> r = TestHttp.getUrl(sim.baseUrl() + V + "orders.json", token);
        assertEquals(401, r.statusCode());
        assertEquals(
            "[API] Invalid API key or access token (unrecognized login or wrong password)",
            TestHttp.json(r).get("errors").asText());
        assertTrue(r.headers().firstValue("X-Shopify-Shop-Api-Call-Limit").isPresent());
        assertFalse(r.body().contains("shpat_"), "no token in error bodies");
      }
      assertEquals(200, TestHttp.get(sim, V + "orders.json").statusCode());
    }
  }

  @Test
  void missingScopeIs403NamingTheScope() {
    try (ShopifySimulator sim = small().scopes(Set.of("read_customers")).build().start()) {
      assertEquals(200, TestHttp.get(sim, V + "customers.json").statusCode());
      for (String[] c :
          new String[][] {
            {"orders.json", "read_orders"},
            {"orders/count.json", "read_orders"},
            {"checkouts.json", "read_orders"},
            {"products.json", "read_products"},
            {"locations.json", "read_locations"}
          }) {
        HttpResponse<String> r = TestHttp.get(sim, V + c[0]);
        assertEquals(403, r.statusCode(), c[0]);
        assertEquals(
            "[API] This action requires merchant approval for " + c[1] + " scope.",
            TestHttp.json(r).get("errors").asText());
      }
      sim.setScopes(Set.of("write_products"));
      assertEquals(200, TestHttp.get(sim, V + "products.json").statusCode(), "write implies read");
    }
  }

  @Test
  void ordersOlderThan60DaysNeedReadAllOrders() {
    try (ShopifySimulator sim = small().scopes(Set.of("read_orders")).build().start()) {
      List<JsonNode> visible =
          TestHttp.allByLink(sim, V + "orders.json?status=any&limit=250", "orders");
      Instant cutoff = NOW.minus(Duration.ofDays(60));
      assertFalse(visible.isEmpty());
      for (JsonNode o : visible) {
        assertFalse(
            OffsetDateTime.parse(o.get("created_at").asText()).toInstant().isBefore(cutoff));
      }
      int total = sim.count(Resource.ORDERS);
      assertTrue(visible.size() < total / 4, visible.size() + " of " + total);
      assertEquals(
          visible.size(),
          TestHttp.json(TestHttp.get(sim, V + "orders/count.json?status=any"))
              .get("count")
              .asInt());

      sim.setScopes(Set.of("read_orders", "read_all_orders"));
      assertEquals(
          total,
          TestHttp.json(TestHttp.get(sim, V + "orders/count.json?status=any"))
              .get("count")
              .asInt());

      // The rule follows the simulator's clock.
      sim.setScopes(Set.of("read_orders"));
      sim.clock().advance(Duration.ofDays(30));
      int later =
          TestHttp.json(TestHttp.get(sim, V + "orders/count.json?status=any")).get("count").asInt();
      assertTrue(later < visible.size(), later + " < " + visible.size());
    }
  }

  @Test
  void graphqlHidesOrdersOlderThan60DaysFromListsAndCountsWithoutReadAllOrders() {
    try (ShopifySimulator sim = small().scopes(Set.of("read_orders")).build().start()) {
      String count = "{ ordersCount(limit: null) { count } }";
      String list =
          "{ orders(first: 250, sortKey: ID) { nodes { createdAt } pageInfo { hasNextPage } } }";
      JsonNode page = GqlTestSupport.run(sim, list, Map.of()).path("data").path("orders");
      Instant cutoff = NOW.minus(Duration.ofDays(60));
      assertFalse(page.path("nodes").isEmpty());
      assertFalse(page.path("pageInfo").path("hasNextPage").asBoolean());
      for (JsonNode o : page.path("nodes")) {
        assertFalse(Instant.parse(o.get("createdAt").asText()).isBefore(cutoff), o.toString());
      }
      int hidden = GqlTestSupport.run(sim, count, Map.of()).at("/data/ordersCount/count").asInt();
      assertEquals(page.path("nodes").size(), hidden);
      int total = sim.count(Resource.ORDERS);
      assertTrue(hidden < total / 4, hidden + " of " + total);

      sim.setScopes(Set.of("read_orders", "read_all_orders"));
      assertEquals(
          total, GqlTestSupport.run(sim, count, Map.of()).at("/data/ordersCount/count").asInt());
    }
  }

  @Test
  void grantedScopesAreListedOverRestAndGraphql() {
    try (ShopifySimulator sim =
        small().scopes(Set.of("write_orders", "read_products")).build().start()) {
      HttpResponse<String> rest = TestHttp.get(sim, "/admin/oauth/access_scopes.json");
      assertEquals(200, rest.statusCode());
      assertEquals(
          "{\"access_scopes\":[{\"handle\":\"read_products\"},{\"handle\":\"write_orders\"}]}",
          rest.body());
      JsonNode graphql =
          GqlTestSupport.run(
              sim, "{ currentAppInstallation { accessScopes { handle } } }", Map.of());
      assertFalse(graphql.has("errors"), graphql.toString());
      assertEquals(
          "[{\"handle\":\"read_products\"},{\"handle\":\"write_orders\"}]",
          graphql.at("/data/currentAppInstallation/accessScopes").toString());

      sim.setScopes(Set.of("read_customers"));
      assertEquals(
          "{\"access_scopes\":[{\"handle\":\"read_customers\"}]}",
          TestHttp.get(sim, "/admin/oauth/access_scopes.json").body());
      assertEquals(
          401,
          TestHttp.getUrl(sim.baseUrl() + "/admin/oauth/access_scopes.json", "shpat_wrong")
              .statusCode());
    }
  }

  @Test
  void protectedCustomerDataNotApprovedBlocksCustomerEndpoints() {
    try (ShopifySimulator sim = small().protectedCustomerDataApproved(false).build().start()) {
      long id = sim.ids(Resource.CUSTOMERS).get(0);
      for (String path :
          List.of(
              "customers.json", "customers/count.json", "customers/" + id + "/addresses.json")) {
        HttpResponse<String> r = TestHttp.get(sim, V + path);
        assertEquals(403, r.statusCode(), path);
        assertTrue(
            TestHttp.json(r)
                .get("errors")
                .asText()
                .startsWith(
                    "[API] This app is not approved to access REST endpoints with protected customer data"));
      }
      assertEquals(200, TestHttp.get(sim, V + "products.json").statusCode());
      sim.setProtectedCustomerDataApproved(true);
      assertEquals(200, TestHttp.get(sim, V + "customers.json").statusCode());
    }
  }

  @Test
  void shopStatesFailEveryCall() {
    try (ShopifySimulator sim = small().shopState(ShopState.FROZEN).build().start()) {
      HttpResponse<String> frozen = TestHttp.get(sim, V + "orders.json");
      assertEquals(402, frozen.statusCode());
      assertEquals("Unavailable Shop", TestHttp.json(frozen).get("errors").asText());

      sim.setShopState(ShopState.LOCKED);
      HttpResponse<String> locked = TestHttp.get(sim, V + "customers/count.json");
      assertEquals(423, locked.statusCode());
      assertTrue(TestHttp.json(locked).get("errors").asText().contains("locked"));

      sim.setShopState(ShopState.NOT_FOUND);
      assertEquals(404, TestHttp.get(sim, V + "products.json").statusCode());
      assertEquals(404, TestHttp.get(sim, "/admin/oauth/access_token").statusCode());

      sim.setShopState(ShopState.ACTIVE);
      assertEquals(200, TestHttp.get(sim, V + "orders.json").statusCode());
      assertEquals(4, sim.counters().getResponsesByStatus().size());
    }
  }

  @Test
  void responseHeadersAndDeprecationNotice() {
    try (ShopifySimulator sim =
        small().deprecatedReason("https://shopify.dev/changelog/rest-products").build().start()) {
      HttpResponse<String> p = TestHttp.get(sim, V + "products.json");
      assertEquals(
          "https://shopify.dev/changelog/rest-products",
          p.headers().firstValue("X-Shopify-API-Deprecated-Reason").orElseThrow());
      assertEquals(
          "application/json; charset=utf-8", p.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("2026-07", p.headers().firstValue("X-Shopify-API-Version").orElseThrow());
      assertTrue(p.headers().firstValue("X-Request-Id").isPresent());
      assertTrue(
          p.headers()
              .firstValue("X-Shopify-Shop-Api-Call-Limit")
              .orElseThrow()
              .matches("\\d+/10000"));

      HttpResponse<String> o = TestHttp.get(sim, V + "orders.json");
      assertTrue(o.headers().firstValue("X-Shopify-API-Deprecated-Reason").isEmpty());
      sim.setDeprecatedReason(null);
      assertTrue(
          TestHttp.get(sim, V + "products.json")
              .headers()
              .firstValue("X-Shopify-API-Deprecated-Reason")
              .isEmpty());
    }
  }
}
