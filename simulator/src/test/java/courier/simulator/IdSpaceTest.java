package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Shops in different id spaces share no id; id space 0 is the layout every other test knows. */
class IdSpaceTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
  private static final long TWO_TO_53 = 1L << 53;

  private static ShopifySimulator space0;
  private static ShopifySimulator space1;

  @BeforeAll
  static void start() {
    space0 = build(0);
    space1 = build(1);
  }

  @AfterAll
  static void stop() {
    space0.close();
    space1.close();
  }

  private static ShopifySimulator build(int idSpace) {
    return ShopifySimulator.builder()
        .seed(7)
        .idSpace(idSpace)
        .customers(150)
        .orders(300)
        .products(120)
        .now(NOW)
        .build()
        .start();
  }

  @Test
  void twoIdSpacesShareNoIdInAnyResource() {
    Set<Long> ids0 = everyId(space0);
    Set<Long> ids1 = everyId(space1);
    Set<Long> shared = new TreeSet<>(ids0);
    shared.retainAll(ids1);
    assertTrue(shared.isEmpty(), shared.size() + " shared ids, e.g. " + first(shared));
    for (Set<Long> ids : List.of(ids0, ids1)) {
      assertTrue(ids.size() > 2_000, "nested ids are crawled too: " + ids.size());
      assertTrue(ids.stream().anyMatch(id -> id > TWO_TO_53), "ids above 2^53 remain");
    }
  }

  @Test
  void controlMutationsHandOutIdsInTheirOwnSpace() {
    long order0 = space0.ids(Resource.ORDERS).get(5);
    long order1 = space1.ids(Resource.ORDERS).get(5);
    long refund0 = space0.addRefund(order0).get("id").asLong();
    long refund1 = space1.addRefund(order1).get("id").asLong();
    long customer0 = space0.create(Resource.CUSTOMERS).get("id").asLong();
    long customer1 = space1.create(Resource.CUSTOMERS).get("id").asLong();
    assertTrue(refund0 != refund1 && customer0 != customer1);
    assertTrue(!everyId(space0).contains(refund1) && !everyId(space1).contains(refund0));
    assertTrue(!everyId(space0).contains(customer1) && !everyId(space1).contains(customer0));
  }

  @Test
  void graphqlFindsNestedEntitiesByTheirShiftedIds() {
    JsonNode refund = null;
    for (JsonNode order :
        TestHttp.allByLink(space1, V + "orders.json?status=any&limit=250", "orders")) {
      if (order.path("refunds").size() > 0) {
        refund = order.path("refunds").get(0);
        break;
      }
    }
    JsonNode variant =
        TestHttp.allByLink(space1, V + "products.json?limit=250", "products")
            .get(3)
            .path("variants")
            .get(0);
    String refundGid = "gid://shopify/Refund/" + refund.path("id").asLong();
    String variantGid = "gid://shopify/ProductVariant/" + variant.path("id").asLong();
    JsonNode nodes =
        GqlTestSupport.run(
                space1,
                "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                Map.of("ids", List.of(refundGid, variantGid)))
            .path("data")
            .path("nodes");
    assertEquals(refundGid, nodes.path(0).path("id").asText(), nodes.toString());
    assertEquals(variantGid, nodes.path(1).path("id").asText(), nodes.toString());
  }

  @Test
  void idSpaceZeroKeepsTheUnshiftedLayout() {
    List<Long> customers = space0.ids(Resource.CUSTOMERS);
    assertEquals(6_100_000_000_000L, customers.get(0) / 1_000 * 1_000, "first customer's block");
    assertEquals(9_007_199_254_740_993L, customers.get(149), "first customer above 2^53");
    List<Long> shifted = space1.ids(Resource.CUSTOMERS);
    assertEquals(customers.get(0) + IdLayout.SPACE, shifted.get(0));
    assertEquals(9_007_199_254_740_993L + IdLayout.SPACE, shifted.get(149));
  }

  @Test
  void anIdSpaceOutOfRangeFailsAtOnceSayingTheRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ShopifySimulator.builder().idSpace(64));
    assertTrue(e.getMessage().contains("0..63"), e.getMessage());
  }

  /** Every value of an "id" field, at any depth, in every REST list. */
  private static Set<Long> everyId(ShopifySimulator sim) {
    Set<Long> out = new HashSet<>();
    for (String[] list :
        List.of(
            new String[] {"orders.json?status=any&limit=250", "orders"},
            new String[] {"customers.json?limit=250", "customers"},
            new String[] {"products.json?limit=250", "products"},
            new String[] {"checkouts.json?status=any&limit=250", "checkouts"},
            new String[] {"locations.json", "locations"})) {
      for (JsonNode entity : TestHttp.allByLink(sim, V + list[0], list[1])) {
        collectIds(entity, out);
      }
    }
    return out;
  }

  private static void collectIds(JsonNode node, Set<Long> out) {
    node.fields()
        .forEachRemaining(
            field -> {
              if (field.getKey().equals("id") && field.getValue().isIntegralNumber()) {
                out.add(field.getValue().asLong());
              }
            });
    node.forEach(child -> collectIds(child, out));
  }

  private static Long first(Set<Long> ids) {
    return ids.isEmpty() ? null : ids.iterator().next();
  }
}
