package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shopify truncates embedded collections: a customer lists only its 10 most recently updated
 * addresses, a product only its first 100 variants. The dedicated endpoints return everything.
 */
class NestedCollectionsTest {
  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim =
        ShopifySimulator.builder()
            .seed(5)
            .customers(200)
            .orders(50)
            .products(40)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void customersWithMoreThanTenAddresses() {
    List<Long> big = new ArrayList<>();
    for (long id : sim.ids(Resource.CUSTOMERS)) {
      if (sim.allAddresses(id).size() > 10) {
        big.add(id);
      }
    }
    assertTrue(!big.isEmpty(), "some customers have more than 10 addresses");
    for (long id : big) {
      List<ObjectNode> all = sim.allAddresses(id);
      JsonNode served =
          TestHttp.json(TestHttp.get(sim, V + "customers.json?ids=" + id)).get("customers").get(0);
      JsonNode embedded = served.get("addresses");
      assertEquals(10, embedded.size());
      // The ten most recently updated: the last ten of the customer's address history.
      for (int i = 0; i < 10; i++) {
        assertEquals(all.get(all.size() - 10 + i), embedded.get(i));
      }
      assertTrue(served.get("default_address").get("default").asBoolean());

      // The addresses endpoint pages through all of them.
      List<JsonNode> paged =
          TestHttp.allByLink(sim, V + "customers/" + id + "/addresses.json?limit=4", "addresses");
      assertEquals(all.size(), paged.size());
      for (int i = 0; i < all.size(); i++) {
        assertEquals(all.get(i), paged.get(i));
      }
    }
    HttpResponse<String> first =
        TestHttp.get(sim, V + "customers/" + big.get(0) + "/addresses.json?limit=4");
    assertNotNull(TestHttp.link(first, "next"));
    assertEquals(
        400,
        TestHttp.get(sim, V + "customers/" + big.get(0) + "/addresses.json?limit=251")
            .statusCode());
    assertTrue(sim.counters().getRequests("customers/{id}/addresses.json") > big.size());
  }

  @Test
  void productsWithMoreThanHundredVariants() {
    List<Long> big = new ArrayList<>();
    for (long id : sim.ids(Resource.PRODUCTS)) {
      if (sim.allVariants(id).size() > 100) {
        big.add(id);
      }
    }
    assertTrue(!big.isEmpty(), "some products have more than 100 variants");
    for (long id : big) {
      List<ObjectNode> all = sim.allVariants(id);
      JsonNode served =
          TestHttp.json(TestHttp.get(sim, V + "products.json?ids=" + id)).get("products").get(0);
      assertEquals(100, served.get("variants").size());
      assertEquals(100, sim.entity(Resource.PRODUCTS, id).get("variants").size());
      for (int i = 0; i < 100; i++) {
        assertEquals(all.get(i), served.get("variants").get(i));
      }
      List<JsonNode> paged =
          TestHttp.allByLink(sim, V + "products/" + id + "/variants.json?limit=50", "variants");
      assertEquals(all.size(), paged.size());
      assertEquals(all.get(all.size() - 1), paged.get(paged.size() - 1));

      long since = all.get(119).get("id").asLong();
      JsonNode rest =
          TestHttp.json(
                  TestHttp.get(
                      sim, V + "products/" + id + "/variants.json?limit=250&since_id=" + since))
              .get("variants");
      assertEquals(all.size() - 120, rest.size());
      assertEquals(all.get(120), rest.get(0));
    }
    assertEquals(404, TestHttp.get(sim, V + "products/123/variants.json").statusCode());
  }

  @Test
  void someIdsAreAboveTwoToThe53() {
    for (Resource r : List.of(Resource.CUSTOMERS, Resource.ORDERS, Resource.PRODUCTS)) {
      List<Long> ids = sim.ids(r);
      long max = ids.get(ids.size() - 1);
      assertTrue(max > (1L << 53), r + " max id " + max);
    }
    // Served as exact JSON integers: the text holds 9007199254740993, which no double can
    // represent.
    String body = TestHttp.get(sim, V + "customers.json?limit=250").body();
    assertTrue(body.contains("\"id\":9007199254740993,"), "exact big id in the JSON text");
    assertNull(sim.entity(Resource.CUSTOMERS, 9007199254740992L));
    assertNotNull(sim.entity(Resource.CUSTOMERS, 9007199254740993L));
  }

  @Test
  void unicodeIsServedAsUtf8() {
    String body = TestHttp.get(sim, V + "customers.json?limit=250").body();
    assertTrue(body.contains("Léon") || body.contains("Noël") || body.contains("Zoë"));
    assertTrue(
        body.codePoints().anyMatch(c -> c > 0xFFFF) || body.contains("東京"),
        "non-Latin text appears");
    assertTrue(!body.contains("\\u"), "no escaped code points: raw UTF-8 as Shopify sends");
  }
}
