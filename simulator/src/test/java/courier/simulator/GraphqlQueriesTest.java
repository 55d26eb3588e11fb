package courier.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every courier query file runs without errors, and answers what the REST view says. */
class GraphqlQueriesTest {
  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim =
        ShopifySimulator.builder()
            .seed(7)
            .customers(30)
            .orders(60)
            .products(6)
            .locations(5)
            .checkouts(40)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .scopes(
                Set.of(
                    "read_customers",
                    "read_orders",
                    "read_all_orders",
                    "read_products",
                    "read_locations",
                    "read_users"))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static Map<String, Object> variablesFor(String file) {
    Map<String, Object> v = new HashMap<>();
    // The page sizes of graphql-mapping.md §2.5: an orders page of 4 costs 810 points.
    v.put("first", file.equals("orders_page.graphql") ? 4 : 5);
    v.put("after", null);
    v.put("query", "updated_at:>='2020-01-01T00:00:00Z' AND id:>0");
    v.put("lines", 10);
    v.put("apps", 5);
    v.put("ships", 2);
    v.put("refundLines", 5);
    v.put("addr", 10);
    v.put("variants", 20);
    long order = sim.ids(Resource.ORDERS).get(0);
    long product = sim.ids(Resource.PRODUCTS).get(1);
    long customer = sim.ids(Resource.CUSTOMERS).get(1);
    String id =
        switch (file) {
          case "customer_addresses_overflow.graphql" -> "gid://shopify/Customer/" + customer;
          case "product_variants_overflow.graphql" -> "gid://shopify/Product/" + product;
          case "refund_lines_overflow.graphql" -> "gid://shopify/Refund/" + anyRefundId();
          case "abandoned_checkout_lines_overflow.graphql" ->
              "gid://shopify/AbandonedCheckout/" + sim.ids(Resource.CHECKOUTS).get(0);
          default -> "gid://shopify/Order/" + order;
        };
    v.put("id", id);
    v.put("ids", List.of("gid://shopify/Refund/" + anyRefundId()));
    v.put("segmentId", "gid://shopify/Segment/" + sim.segmentMembers().keySet().iterator().next());
    return v;
  }

  private static long anyRefundId() {
    for (long id : sim.ids(Resource.ORDERS)) {
      JsonNode refunds = sim.entity(Resource.ORDERS, id).path("refunds");
      if (refunds.size() > 0) {
        return refunds.get(0).path("id").asLong();
      }
    }
    throw new AssertionError("no refunds in the test shop");
  }

  @Test
  void everyCourierQueryRunsWithoutErrors() {
    List<String> files = GqlTestSupport.queryFiles();
    assertTrue(files.size() >= 13, files.toString());
    for (String file : files) {
      JsonNode r = GqlTestSupport.run(sim, GqlTestSupport.query(file), variablesFor(file));
      assertFalse(r.has("errors"), file + ": " + r.path("errors"));
      assertTrue(r.path("data").isObject(), file + ": " + r);
      JsonNode cost = r.path("extensions").path("cost");
      assertTrue(cost.path("requestedQueryCost").asInt() > 0, file);
      assertTrue(cost.path("actualQueryCost").asInt() <= cost.path("requestedQueryCost").asInt());
    }
  }

  @Test
  void orderMatchesTheRestView() {
    JsonNode page =
        GqlTestSupport.run(
                sim,
                GqlTestSupport.query("orders_page.graphql"),
                variablesFor("orders_page.graphql"))
            .path("data")
            .path("orders");
    assertEquals(4, page.path("nodes").size());
    for (JsonNode node : page.path("nodes")) {
      long id = Long.parseLong(node.path("id").asText());
      ObjectNode rest = sim.entity(Resource.ORDERS, id);
      assertEquals("gid://shopify/Order/" + id, node.path("admin_graphql_api_id").asText());
      assertEquals(rest.path("order_number").asInt(), node.path("order_number").asInt());
      assertEquals(
          rest.path("total_price").asText(),
          node.path("total_price_set").path("shop_money").path("amount").asText());
      assertEquals(
          Instant.parse(node.path("updated_at").asText()).getEpochSecond(),
          ShopTime.parseEpochSecond(rest.path("updated_at").asText()));
      assertTrue(node.path("updated_at").asText().endsWith("Z"));
      assertEquals(rest.path("line_items").size(), node.path("line_items").path("nodes").size());
      assertEquals(rest.path("refunds").size(), node.path("refunds").size());
      for (int k = 0; k < rest.path("refunds").size(); k++) {
        assertEquals(
            rest.path("refunds").get(k).path("refund_line_items").size(),
            node.path("refunds").get(k).path("refund_line_items").path("nodes").size());
      }
      assertEquals(rest.path("total_weight").asText(), node.path("total_weight").asText());
      assertEquals(
          rest.path("source_identifier").isNull() ? null : rest.path("source_identifier").asText(),
          node.path("source_identifier").isNull() ? null : node.path("source_identifier").asText());
    }
  }

  @Test
  void productWithMoreThan100VariantsIsServedWhole() {
    long productId = sim.ids(Resource.PRODUCTS).get(1);
    List<ObjectNode> all = sim.allVariants(productId);
    assertTrue(all.size() > 100);
    String query = GqlTestSupport.query("product_variants_overflow.graphql");
    Map<String, Object> v = new HashMap<>();
    v.put("id", "gid://shopify/Product/" + productId);
    v.put("first", 40);
    v.put("after", null);
    int seen = 0;
    boolean more = true;
    while (more) {
      JsonNode variants =
          GqlTestSupport.run(sim, query, v).path("data").path("product").path("variants");
      for (JsonNode node : variants.path("nodes")) {
        ObjectNode rest = all.get(seen++);
        assertEquals(rest.path("id").asText(), node.path("id").asText());
        assertEquals(rest.path("sku").asText(), node.path("sku").asText());
        JsonNode weight = node.path("inventory_item").path("measurement").path("weight");
        assertEquals(rest.path("weight").asDouble(), weight.path("value").asDouble());
        assertEquals(
            GqlProductView.weightUnit(rest.path("weight_unit").asText()),
            weight.path("unit").asText());
      }
      more = variants.path("pageInfo").path("hasNextPage").asBoolean();
      v.put("after", variants.path("pageInfo").path("endCursor").asText());
    }
    assertEquals(all.size(), seen);
  }

  @Test
  void customerAddressesAreAllServed() {
    long customerId = sim.ids(Resource.CUSTOMERS).get(1);
    List<ObjectNode> all = sim.allAddresses(customerId);
    assertTrue(all.size() > 10);
    JsonNode node =
        GqlTestSupport.run(
                sim,
                GqlTestSupport.query("customer_addresses_overflow.graphql"),
                Map.of("id", "gid://shopify/Customer/" + customerId))
            .path("data")
            .path("node");
    JsonNode nodes = node.path("addresses").path("nodes");
    assertEquals(all.size(), nodes.size());
    for (int i = 0; i < all.size(); i++) {
      assertEquals(
          "gid://shopify/MailingAddress/"
              + all.get(i).path("id").asLong()
              + "?model_name=CustomerAddress",
          nodes.get(i).path("id").asText());
      assertEquals(all.get(i).path("city").asText(), nodes.get(i).path("city").asText());
    }
  }

  @Test
  void segmentMembersAreTheirQuerysCustomersPagedByCursor() {
    Map<Long, List<Long>> expected = sim.segmentMembers();
    JsonNode segments =
        GqlTestSupport.run(sim, GqlTestSupport.query("segments_page.graphql"), Map.of("first", 250))
            .path("data")
            .path("segments")
            .path("nodes");
    assertEquals(expected.size(), segments.size());
    assertEquals("number_of_orders > 2", segments.get(0).path("query").asText());
    for (JsonNode segment : segments) {
      String gid = segment.path("admin_graphql_api_id").asText();
      List<Long> members = new java.util.ArrayList<>();
      Map<String, Object> v = new HashMap<>();
      v.put("segmentId", gid);
      v.put("first", 7);
      v.put("after", null);
      boolean more = true;
      while (more) {
        JsonNode page =
            GqlTestSupport.run(sim, GqlTestSupport.query("segment_members_page.graphql"), v)
                .path("data")
                .path("customerSegmentMembers");
        page.path("edges")
            .forEach(
                e -> {
                  String id = e.path("node").path("id").asText();
                  members.add(Long.parseLong(id.substring(id.lastIndexOf('/') + 1)));
                });
        more = page.path("pageInfo").path("hasNextPage").asBoolean();
        v.put("after", page.path("pageInfo").path("endCursor").asText());
      }
      long id = Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1));
      assertEquals(expected.get(id), members, segment.path("name").asText());
    }
    // The queries select someone, and not everyone: they are evaluated.
    List<Long> repeatBuyers = expected.values().iterator().next();
    assertTrue(!repeatBuyers.isEmpty() && repeatBuyers.size() < 30, repeatBuyers.toString());
    for (long customer : repeatBuyers) {
      assertTrue(sim.entity(Resource.CUSTOMERS, customer).path("orders_count").asInt() > 2);
    }
  }

  @Test
  void aCheckoutMatchesTheRestViewWithItsAddresses() {
    Map<String, Object> v = new HashMap<>(variablesFor("abandoned_checkouts_page.graphql"));
    v.put("first", 12); // 806 points
    v.put("lines", 5);
    List<JsonNode> nodes = new java.util.ArrayList<>();
    boolean more = true;
    while (more) {
      JsonNode page =
          GqlTestSupport.run(sim, GqlTestSupport.query("abandoned_checkouts_page.graphql"), v)
              .path("data")
              .path("abandonedCheckouts");
      page.path("nodes").forEach(nodes::add);
      more = page.path("pageInfo").path("hasNextPage").asBoolean();
      v.put("after", page.path("pageInfo").path("endCursor").asText());
    }
    assertEquals(sim.ids(Resource.CHECKOUTS).size(), nodes.size());
    boolean guest = false;
    for (JsonNode node : nodes) {
      String gid = node.path("admin_graphql_api_id").asText();
      ObjectNode rest =
          sim.entity(Resource.CHECKOUTS, Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1)));
      assertEquals(
          rest.path("total_price").asText(),
          node.at("/total_price_set/shop_money/amount").asText());
      assertEquals(
          rest.at("/billing_address/zip").asText(), node.at("/billing_address/zip").asText());
      assertEquals(rest.path("line_items").size(), node.at("/line_items/nodes").size());
      assertEquals(rest.path("completed_at").isNull(), node.path("completed_at").isNull());
      if (rest.path("customer").isNull()) {
        guest = true;
        assertTrue(node.path("customer").isNull());
      }
    }
    assertTrue(guest, "a guest checkout");
  }
}
