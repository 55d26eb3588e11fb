package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the courier's re-read of rejected entities needs: a body changed in place (updated_at kept,
 * so no updated_at window shows it again), and lists by id on both APIs (REST {@code ids=}, GraphQL
 * {@code (id:1 OR id:2)}).
 */
class RereadByIdsTest {
  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim =
        ShopifySimulator.builder()
            .seed(3)
            .customers(10)
            .orders(40)
            .products(3)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void aBodyChangedInPlaceKeepsItsUpdatedAtAndIsServed() {
    long id = sim.ids(Resource.ORDERS).get(3);
    String updatedAt = sim.entity(Resource.ORDERS, id).get("updated_at").asText();
    sim.clock().set(Instant.parse("2026-11-02T00:00:00Z"));
    sim.updateInPlace(Resource.ORDERS, id, o -> o.put("note", "fixed in place"));
    JsonNode listed =
        TestHttp.json(TestHttp.get(sim, V + "orders.json?status=any&ids=" + id))
            .get("orders")
            .get(0);
    assertEquals("fixed in place", listed.get("note").asText());
    assertEquals(updatedAt, listed.get("updated_at").asText());
  }

  @Test
  void graphqlListsTheIdsOfAnOrQuery() {
    List<Long> ids = sim.ids(Resource.ORDERS);
    List<Long> wanted = List.of(ids.get(1), ids.get(5), ids.get(30));
    String query =
        "(id:"
            + wanted.get(0)
            + " OR id:"
            + wanted.get(1)
            + " OR id:"
            + wanted.get(2)
            + ")"
            + " AND id:>"
            + wanted.get(0);
    JsonNode body =
        TestHttp.json(
            GqlTestSupport.post(
                sim,
                "query($q: String) { orders(first: 10, query: $q, sortKey: ID) {"
                    + " nodes { legacyResourceId } } }",
                Map.of("q", query)));
    List<Long> got = new ArrayList<>();
    body.at("/data/orders/nodes").forEach(n -> got.add(n.get("legacyResourceId").asLong()));
    assertEquals(wanted.subList(1, 3), got, body.toString());
  }
}
