package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's largest shop (200,000 orders) builds and serves correct keyset pages. How fast,
 * and in how much heap, is a benchmark figure, not a test: {@code bin/courier-bench
 * --simulator-scale} (bench/README.md).
 */
class ScaleTest {

  @Test
  void twoHundredThousandOrders() {
    try (ShopifySimulator s =
        ShopifySimulator.builder()
            .seed(42)
            .customers(50_000)
            .orders(200_000)
            .products(2_000)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .build()
            .start()) {
      assertEquals(200_000, s.count(Resource.ORDERS));
      List<Long> ids = s.ids(Resource.ORDERS);
      assertEquals(200_000, ids.size());
      long sinceId = ids.get(150_000);
      JsonNode orders =
          TestHttp.json(TestHttp.get(s, V + "orders.json?status=any&limit=250&since_id=" + sinceId))
              .get("orders");
      assertEquals(250, orders.size());
      for (int i = 0; i < orders.size(); i++) {
        assertEquals(
            ids.get(150_001 + i), orders.get(i).get("id").asLong(), "the ids after since_id");
      }
      assertTrue(orders.get(0).get("line_items").size() > 0, orders.get(0).toString());
    }
  }
}
