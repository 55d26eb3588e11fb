package courier.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's entities have the keys and JSON types of the real Shopify REST 2026-07 payloads
 * recorded in src/test/resources/fixtures, recursively, and every key that is never null in the
 * recordings is non-null in at least one simulated entity (so optional parts such as refunds,
 * discount allocations or fulfillments really occur).
 */
class ContractTest {
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d-05:00");
  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim =
        ShopifySimulator.builder()
            .seed(7)
            .customers(120)
            .orders(400)
            .products(40)
            .locations(5)
            .checkouts(60)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void customersMatchFixture() {
    List<JsonNode> customers =
        TestHttp.allByLink(sim, TestHttp.V + "customers.json?limit=250", "customers");
    assertEquals(120, customers.size());
    conform("customers", FixtureShape.load("customers.json", "customers"), customers);
  }

  @Test
  void customerAddressesEndpointMatchesFixtureAddresses() {
    FixtureShape address = FixtureShape.load("customers.json", "customers").at("addresses[]");
    List<JsonNode> addresses = new ArrayList<>();
    for (long id : sim.ids(Resource.CUSTOMERS).subList(0, 15)) {
      addresses.addAll(
          TestHttp.allByLink(sim, TestHttp.V + "customers/" + id + "/addresses.json", "addresses"));
    }
    conform("addresses", address, addresses);
  }

  @Test
  void ordersMatchFixtureIncludingRefundsLineItemsDiscountsAndCustomer() {
    List<JsonNode> orders =
        TestHttp.allByLink(sim, TestHttp.V + "orders.json?status=any&limit=250", "orders");
    assertEquals(400, orders.size());
    conform("orders", FixtureShape.load("orders.json", "orders"), orders);

    // Refunds also carry the keys of the refunds endpoint's payload (refund_shipping_lines,
    // return...).
    List<JsonNode> refunds = new ArrayList<>();
    orders.forEach(o -> o.get("refunds").forEach(refunds::add));
    assertTrue(refunds.size() > 10, "some orders have refunds");
    conform("refunds", FixtureShape.load("refunds.json", "refunds"), refunds);

    // The embedded customer is the reduced one: no counts, no address list.
    for (JsonNode o : orders) {
      JsonNode c = o.get("customer");
      if (!c.isNull()) {
        for (String absent :
            List.of(
                "orders_count", "total_spent", "last_order_id", "last_order_name", "addresses")) {
          assertTrue(!c.has(absent), "embedded customer must not have " + absent);
        }
      }
    }
  }

  @Test
  void productsAndVariantsMatchFixture() {
    List<JsonNode> products =
        TestHttp.allByLink(sim, TestHttp.V + "products.json?limit=250", "products");
    assertEquals(40, products.size());
    conform("products", FixtureShape.load("products.json", "products"), products);

    FixtureShape variant = FixtureShape.load("variants.json", "variants");
    List<JsonNode> embedded = new ArrayList<>();
    products.forEach(p -> p.get("variants").forEach(embedded::add));
    conform("products[].variants", variant, embedded);

    List<JsonNode> endpoint = new ArrayList<>();
    for (JsonNode p : products) {
      endpoint.addAll(
          TestHttp.allByLink(
              sim,
              TestHttp.V + "products/" + p.get("id").asLong() + "/variants.json?limit=250",
              "variants"));
    }
    conform("variants", variant, endpoint);
  }

  @Test
  void locationsMatchFixture() {
    JsonNode body = TestHttp.json(TestHttp.get(sim, TestHttp.V + "locations.json"));
    List<JsonNode> locations = new ArrayList<>();
    body.get("locations").forEach(locations::add);
    assertEquals(5, locations.size());
    conform("locations", FixtureShape.load("locations.json", "locations"), locations);
  }

  @Test
  void checkoutsMatchFixture() {
    List<JsonNode> checkouts =
        TestHttp.allByLink(sim, TestHttp.V + "checkouts.json?status=any&limit=250", "checkouts");
    assertEquals(60, checkouts.size());
    conform(
        "checkouts",
        FixtureShape.load("checkouts.json", "checkouts").alsoNull("customer"),
        checkouts);
    assertTrue(checkouts.stream().anyMatch(c -> c.path("customer").isNull()), "guest checkouts");
    assertTrue(
        checkouts.stream().anyMatch(c -> c.path("completed_at").isTextual()),
        "checkouts completed into an order later");
  }

  @Test
  void valueConventionsAreShopifys() {
    List<JsonNode> orders =
        TestHttp.allByLink(sim, TestHttp.V + "orders.json?status=any&limit=250", "orders");
    boolean emptyTags = false;
    boolean multiTags = false;
    for (JsonNode o : orders) {
      String tags = o.get("tags").asText();
      emptyTags |= tags.isEmpty();
      multiTags |= tags.contains(", ");
      assertTrue(!tags.startsWith(" ") && !tags.endsWith(",") && !tags.contains(",,"), tags);
      assertTrue(
          o.get("total_price").asText().matches("-?\\d+\\.\\d\\d"), "money is a 2-decimal string");
      assertTimestamps(o, "order " + o.get("id"));
      assertTrue(o.get("updated_at").asText().compareTo(o.get("created_at").asText()) >= 0);
      for (JsonNode li : o.get("line_items")) {
        for (JsonNode da : li.get("discount_allocations")) {
          int index = da.get("discount_application_index").asInt();
          assertTrue(
              index < o.get("discount_applications").size(), "allocation points at an application");
        }
      }
    }
    assertTrue(emptyTags && multiTags, "tags are sometimes empty, sometimes several");
  }

  private static void assertTimestamps(JsonNode n, String where) {
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().endsWith("_at") && e.getValue().isTextual()) {
        assertTrue(
            TIMESTAMP.matcher(e.getValue().asText()).matches(),
            where + " " + e.getKey() + " = " + e.getValue());
      }
      if (e.getValue().isContainerNode()) {
        if (e.getValue().isObject()) {
          assertTimestamps(e.getValue(), where);
        } else {
          e.getValue().forEach(x -> assertTimestamps(x, where));
        }
      }
    }
  }

  private static void conform(String what, FixtureShape shape, List<JsonNode> entities) {
    assertTrue(!entities.isEmpty(), "no " + what + " to check");
    List<String> errors = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (JsonNode e : entities) {
      shape.check(e, "$", errors, seen);
      if (errors.size() > 20) {
        break;
      }
    }
    if (!errors.isEmpty()) {
      fail(
          what
              + " do not match the fixture shape:\n  "
              + String.join("\n  ", errors.subList(0, Math.min(20, errors.size()))));
    }
    Set<String> required = new TreeSet<>();
    shape.requiredPaths("$", required);
    required.removeAll(seen);
    assertTrue(
        required.isEmpty(), what + ": never present with a value in the simulation: " + required);
  }
}
