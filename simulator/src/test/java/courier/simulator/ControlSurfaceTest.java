package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Changing data and conditions during a test, through the Java API and over HTTP. */
class ControlSurfaceTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

  private static ShopifySimulator sim() {
    return ShopifySimulator.builder()
        .seed(17)
        .customers(60)
        .orders(200)
        .products(15)
        .now(NOW)
        .build()
        .start();
  }

  private static Instant updatedAt(JsonNode n) {
    return OffsetDateTime.parse(n.get("updated_at").asText()).toInstant();
  }

  private static List<Long> changedSince(ShopifySimulator sim, Resource r, Instant from) {
    String min = HttpIo.encode(from.toString());
    String status = r == Resource.ORDERS ? "status=any&" : "";
    return TestHttp.ids(
        TestHttp.allBySinceId(
            sim, V + r.path() + ".json?" + status + "updated_at_min=" + min, r.path(), 250));
  }

  @Test
  void updatesBumpUpdatedAtToTheClockAndMoveTheEntityIntoNewWindows() {
    try (ShopifySimulator sim = sim()) {
      Instant later = NOW.plus(Duration.ofHours(2));
      sim.clock().set(later);
      long orderId = sim.ids(Resource.ORDERS).get(10);
      ObjectNode after = sim.update(Resource.ORDERS, orderId, n -> n.put("note", "gift wrap ✨"));
      assertEquals(later, updatedAt(after));
      assertEquals("gift wrap ✨", sim.entity(Resource.ORDERS, orderId).get("note").asText());
      assertEquals(List.of(orderId), changedSince(sim, Resource.ORDERS, later));
      assertEquals(List.of(orderId), sim.ids(Resource.ORDERS, later, null));

      // Status follows the JSON: cancelling moves the order out of the default (open) list.
      sim.clock().advance(Duration.ofMinutes(1));
      sim.update(
          Resource.ORDERS,
          orderId,
          n -> {
            n.put("cancelled_at", "2026-11-01T02:01:00Z");
            n.put("cancel_reason", "customer");
          });
      String q = V + "orders.json?status=cancelled&ids=" + orderId;
      assertEquals(1, TestHttp.json(TestHttp.get(sim, q)).get("orders").size());
      assertEquals(
          0,
          TestHttp.json(TestHttp.get(sim, V + "orders.json?ids=" + orderId)).get("orders").size());

      String idChanged =
          assertThrows(
                  IllegalArgumentException.class,
                  () -> sim.update(Resource.ORDERS, orderId, n -> n.put("id", 1)))
              .getMessage();
      assertTrue(idChanged.contains("must not change the id of orders " + orderId), idChanged);
      String unknown =
          assertThrows(NoSuchElementException.class, () -> sim.update(Resource.ORDERS, 42, n -> {}))
              .getMessage();
      assertTrue(unknown.contains("no orders entity with id 42"), unknown);
    }
  }

  @Test
  void createRetagRemoveTagDelete() {
    try (ShopifySimulator sim = sim()) {
      sim.clock().advance(Duration.ofDays(1));
      long maxBefore = sim.ids(Resource.CUSTOMERS).get(59);
      ObjectNode created = sim.create(Resource.CUSTOMERS);
      long id = created.get("id").asLong();
      assertTrue(id > maxBefore);
      assertEquals(NOW.plus(Duration.ofDays(1)), updatedAt(created));
      assertEquals(61, sim.count(Resource.CUSTOMERS));
      assertEquals(
          61, TestHttp.json(TestHttp.get(sim, V + "customers/count.json")).get("count").asInt());
      assertFalse(created.get("addresses").isEmpty());

      ObjectNode order = sim.create(Resource.ORDERS, n -> n.put("tags", "manual"));
      assertEquals("manual", order.get("tags").asText());
      assertFalse(order.get("line_items").isEmpty());

      assertEquals(
          "Léon, vip", sim.retag(Resource.CUSTOMERS, id, " Léon ,vip,, ").get("tags").asText());
      assertEquals("vip", sim.removeTag(Resource.CUSTOMERS, id, "Léon").get("tags").asText());
      String absent =
          assertThrows(
                  NoSuchElementException.class,
                  () -> sim.removeTag(Resource.CUSTOMERS, id, "absent"))
              .getMessage();
      assertTrue(absent.contains("tag 'absent' is not on entity " + id), absent);

      assertTrue(sim.delete(Resource.CUSTOMERS, id));
      assertFalse(sim.delete(Resource.CUSTOMERS, id));
      assertNull(sim.entity(Resource.CUSTOMERS, id));
      assertFalse(sim.ids(Resource.CUSTOMERS).contains(id));
      assertEquals(
          60, TestHttp.json(TestHttp.get(sim, V + "customers/count.json")).get("count").asInt());
      assertEquals(
          0,
          TestHttp.json(TestHttp.get(sim, V + "customers.json?ids=" + id)).get("customers").size());
    }
  }

  @Test
  void orderEditsRemoveLinesAndAddRefunds() {
    try (ShopifySimulator sim = sim()) {
      long orderId = -1;
      for (long id : sim.ids(Resource.ORDERS)) {
        JsonNode o = sim.entity(Resource.ORDERS, id);
        if (o.get("line_items").size() >= 2
            && o.get("cancelled_at").isNull()
            && o.get("refunds").isEmpty()) {
          orderId = id;
          break;
        }
      }
      assertTrue(orderId > 0);
      JsonNode before = sim.entity(Resource.ORDERS, orderId);
      long lineId = before.get("line_items").get(0).get("id").asLong();
      JsonNode after = sim.removeLineItem(orderId, lineId);
      assertEquals(before.get("line_items").size() - 1, after.get("line_items").size());
      for (JsonNode li : after.get("line_items")) {
        assertTrue(li.get("id").asLong() != lineId);
      }

      ObjectNode refund = sim.addRefund(orderId);
      JsonNode refunded = sim.entity(Resource.ORDERS, orderId);
      assertEquals(1, refunded.get("refunds").size());
      assertEquals(refund, refunded.get("refunds").get(0));
      JsonNode rli = refund.get("refund_line_items").get(0);
      assertTrue(rli.get("subtotal").isNumber() && rli.get("total_tax").isNumber());
      assertTrue(refunded.get("financial_status").asText().contains("refunded"));
      assertTrue(
          Double.parseDouble(refunded.get("current_total_price").asText())
              < Double.parseDouble(after.get("current_total_price").asText()));
    }
  }

  @Test
  void removeAddressReassignsTheDefault() {
    try (ShopifySimulator sim = sim()) {
      long customerId = sim.ids(Resource.CUSTOMERS).get(1); // position 1 has many addresses
      List<ObjectNode> all = sim.allAddresses(customerId);
      ObjectNode def =
          all.stream().filter(a -> a.get("default").asBoolean()).findFirst().orElseThrow();
      sim.removeAddress(customerId, def.get("id").asLong());
      List<ObjectNode> left = sim.allAddresses(customerId);
      assertEquals(all.size() - 1, left.size());
      assertEquals(1, left.stream().filter(a -> a.get("default").asBoolean()).count());
      JsonNode served = sim.entity(Resource.CUSTOMERS, customerId);
      assertTrue(served.get("default_address").get("default").asBoolean());
      assertTrue(served.get("default_address").get("id").asLong() != def.get("id").asLong());
      List<JsonNode> paged =
          TestHttp.allByLink(sim, V + "customers/" + customerId + "/addresses.json", "addresses");
      assertEquals(left.size(), paged.size());
    }
  }

  @Test
  void countersSeeEndpointsAndConcurrency() throws Exception {
    try (ShopifySimulator sim = sim()) {
      sim.setLatencyMs(200);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<HttpResponse<String>>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fs.add(pool.submit(() -> TestHttp.get(sim, V + "orders/count.json")));
      }
      for (Future<HttpResponse<String>> f : fs) {
        assertEquals(200, f.get().statusCode());
      }
      pool.shutdown();
      sim.setLatencyMs(0);
      TestHttp.get(sim, V + "orders.json");
      long customer = sim.ids(Resource.CUSTOMERS).get(0);
      TestHttp.get(sim, V + "customers/" + customer + "/addresses.json");
      SimCounters c = sim.counters();
      assertEquals(6, c.getTotalRequests());
      assertEquals(4, c.getRequests("orders/count.json"));
      assertEquals(1, c.getRequests("orders.json"));
      assertEquals(1, c.getRequests("customers/{id}/addresses.json"));
      assertTrue(c.getMaxInFlight() >= 2, "max in flight " + c.getMaxInFlight());
      assertEquals(6L, c.getResponsesByStatus().get(200));
      sim.resetCounters();
      assertEquals(0, sim.counters().getTotalRequests());
    }
  }

  @Test
  void clockIsFixedUnlessToldToFollowWallTime() throws Exception {
    try (ShopifySimulator sim = sim()) {
      assertEquals(NOW, sim.clock().now());
      Thread.sleep(20);
      assertEquals(NOW, sim.clock().now());
      sim.clock().advance(Duration.ofSeconds(90));
      assertEquals(NOW.plusSeconds(90), sim.clock().now());
    }
    try (ShopifySimulator sim =
        ShopifySimulator.builder()
            .customers(1)
            .orders(0)
            .now(NOW)
            .clockFollowsWallTime(true)
            .build()) {
      Thread.sleep(20);
      assertTrue(sim.clock().now().isAfter(NOW));
    }
  }

  @Test
  void theSameOverHttp() {
    try (ShopifySimulator sim = sim()) {
      String base = sim.baseUrl() + "/_sim/";
      JsonNode created = TestHttp.json(send("POST", base + "products", "{\"title\":\"Tee 東京\"}"));
      long productId = created.get("id").asLong();
      assertEquals("Tee 東京", sim.entity(Resource.PRODUCTS, productId).get("title").asText());

      send("POST", base + "clock", "{\"advanceSeconds\":3600}");
      JsonNode patched =
          TestHttp.json(
              send(
                  "PATCH",
                  base + "products/" + productId,
                  "{\"vendor\":\"Noël & Co\",\"template_suffix\":null}"));
      assertEquals("Noël & Co", patched.get("vendor").asText());
      assertTrue(patched.get("template_suffix").isNull(), "null sets null, the key stays");
      assertEquals(NOW.plusSeconds(3600), updatedAt(patched));

      assertEquals(
          "a, b",
          TestHttp.json(send("PUT", base + "products/" + productId + "/tags", "{\"tags\":\"a,b\"}"))
              .get("tags")
              .asText());
      assertEquals(
          "b",
          TestHttp.json(send("DELETE", base + "products/" + productId + "/tags/a", null))
              .get("tags")
              .asText());

      long orderId = sim.ids(Resource.ORDERS).get(3);
      JsonNode refund = TestHttp.json(send("POST", base + "orders/" + orderId + "/refunds", "{}"));
      assertNotNull(refund.get("refund_line_items"));

      JsonNode ids =
          TestHttp.json(send("GET", base + "products?updated_from=" + NOW.plusSeconds(3600), null));
      assertEquals(productId, ids.get("ids").get(0).asLong());

      send(
          "POST",
          base + "config",
          "{\"plan\":\"standard\",\"shopState\":\"frozen\",\"faultRate\":0}");
      assertEquals(Plan.STANDARD, sim.plan());
      assertEquals(402, TestHttp.get(sim, V + "products.json").statusCode());
      send("POST", base + "config", "{\"shopState\":\"active\"}");

      assertEquals(200, send("DELETE", base + "products/" + productId, null).statusCode());
      assertNull(sim.entity(Resource.PRODUCTS, productId));
      assertEquals(404, send("GET", base + "products/" + productId, null).statusCode());
      assertEquals(400, send("POST", base + "clock", "{\"now\":\"not a time\"}").statusCode());

      JsonNode counters = TestHttp.json(send("GET", base + "counters", null));
      assertEquals(1, counters.get("totalRequests").asInt(), "control calls are not counted");
      JsonNode config = TestHttp.json(send("GET", base + "config", null));
      assertFalse(config.toString().contains(sim.accessToken()), "no token in the config");
    }
  }

  private static HttpResponse<String> send(String method, String url, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return TestHttp.send(b.build());
  }
}
