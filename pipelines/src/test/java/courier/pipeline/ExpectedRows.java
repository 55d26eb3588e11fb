package courier.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How many rows each domain table should get for a window, computed from the simulator's own JSON,
 * independently of the courier's normalizer: the yardstick of the end-to-end tests.
 */
final class ExpectedRows {
  private ExpectedRows() {}

  static Map<String, Long> forWindow(ShopifySimulator sim, Instant from, Instant to) {
    Map<String, Long> rows = new TreeMap<>();
    for (String table : Landed.TABLES) {
      rows.put(table, 0L);
    }
    for (long id : sim.ids(Resource.CUSTOMERS, from, to)) {
      JsonNode c = sim.entity(Resource.CUSTOMERS, id);
      add(rows, "customer", 1);
      add(rows, "customer_address", sim.allAddresses(id).size());
      add(rows, "customer_tags", tags(c).size());
    }
    for (long id : sim.ids(Resource.ORDERS, from, to)) {
      JsonNode o = sim.entity(Resource.ORDERS, id);
      add(rows, "order", 1);
      add(rows, "order_line", o.path("line_items").size());
      o.path("line_items")
          .forEach(
              line -> add(rows, "discount_allocation", line.path("discount_allocations").size()));
      Set<String> codes = new LinkedHashSet<>();
      o.path("discount_codes").forEach(code -> codes.add(code.path("code").asText()));
      add(rows, "discount_codes", codes.size());
      o.path("refunds")
          .forEach(
              refund -> add(rows, "order_line_refund", refund.path("refund_line_items").size()));
      add(rows, "refund", o.path("refunds").size());
      for (String address : List.of("billing_address", "shipping_address")) {
        add(rows, "order_address", o.path(address).isObject() ? 1 : 0);
      }
      add(rows, "order_tags", tags(o).size());
    }
    for (long id : sim.ids(Resource.PRODUCTS, from, to)) {
      JsonNode p = sim.entity(Resource.PRODUCTS, id);
      add(rows, "product", 1);
      // Every variant: GraphQL, the default transport, serves them all (REST at most 100).
      add(rows, "product_variant", sim.allVariants(id).size());
      add(rows, "product_tags", tags(p).size());
    }
    for (long id : sim.ids(Resource.CHECKOUTS, from, to)) {
      JsonNode c = sim.entity(Resource.CHECKOUTS, id);
      add(rows, "abandoned_checkout", 1);
      add(rows, "abandoned_checkout_line", c.path("line_items").size());
      for (String address : List.of("billing_address", "shipping_address")) {
        add(rows, "abandoned_checkout_address", c.path(address).isObject() ? 1 : 0);
      }
    }
    // Locations and segments have no updated_at filter: every run reads all of them (segments
    // over GraphQL, the default transport, only).
    add(rows, "locations", sim.ids(Resource.LOCATIONS).size());
    Map<Long, List<Long>> segments = sim.segmentMembers();
    add(rows, "customer_segment", segments.size());
    segments.values().forEach(members -> add(rows, "customer_segment_member", members.size()));
    return rows;
  }

  private static Set<String> tags(JsonNode entity) {
    Set<String> tags = new LinkedHashSet<>();
    Arrays.stream(entity.path("tags").asText("").split(","))
        .map(String::strip)
        .filter(t -> !t.isEmpty())
        .forEach(tags::add);
    return tags;
  }

  private static void add(Map<String, Long> rows, String table, long n) {
    rows.merge(table, n, Long::sum);
  }
}
