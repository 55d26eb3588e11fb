package courier.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The REST model holds what Shopify stores: order references, variant weights with a unit. */
class RestModelTruthTest {

  @Test
  void someOrdersHaveAReferenceThatIsAlsoTheirSourceIdentifier() {
    try (ShopifySimulator sim =
        ShopifySimulator.builder()
            .seed(3)
            .orders(200)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .build()) {
      int withReference = 0;
      for (long id : sim.ids(Resource.ORDERS)) {
        JsonNode order = sim.entity(Resource.ORDERS, id);
        assertEquals(order.path("reference"), order.path("source_identifier"));
        if (order.path("reference").isTextual()) {
          withReference++;
          assertTrue(order.path("reference").asText().matches("[a-z]{8}"));
        }
      }
      assertTrue(withReference > 30 && withReference < 90, "with reference: " + withReference);
    }
  }

  @Test
  void gramsAreDerivedFromTheStoredWeight() {
    try (ShopifySimulator sim =
        ShopifySimulator.builder()
            .seed(3)
            .products(10)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .build()) {
      for (long id : sim.ids(Resource.PRODUCTS)) {
        for (JsonNode v : sim.allVariants(id)) {
          double factor = v.path("weight_unit").asText().equals("lb") ? 453.59237 : 1000.0;
          assertEquals(Math.round(v.path("weight").asDouble() * factor), v.path("grams").asLong());
        }
      }
    }
  }
}
