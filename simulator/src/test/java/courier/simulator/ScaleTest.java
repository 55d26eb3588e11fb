package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The benchmark size (200,000 orders) builds in seconds, stays small in memory and serves pages
 * fast.
 */
class ScaleTest {

  @Test
  void twoHundredThousandOrders() {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    long t0 = System.nanoTime();
    ShopifySimulator sim =
        ShopifySimulator.builder()
            .seed(42)
            .customers(50_000)
            .orders(200_000)
            .products(2_000)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .build();
    double buildSeconds = (System.nanoTime() - t0) / 1e9;
    System.gc();
    long retainedMb = (rt.totalMemory() - rt.freeMemory() - heapBefore) / (1024 * 1024);
    try (ShopifySimulator s = sim.start()) {
      assertEquals(200_000, s.count(Resource.ORDERS));
      long t1 = System.nanoTime();
      HttpResponse<String> page =
          TestHttp.get(
              s,
              V
                  + "orders.json?status=any&limit=250&since_id="
                  + s.ids(Resource.ORDERS).get(150_000));
      double pageSeconds = (System.nanoTime() - t1) / 1e9;
      JsonNode orders = TestHttp.json(page).get("orders");
      assertEquals(250, orders.size());
      long t2 = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        TestHttp.get(
            s,
            V
                + "orders.json?status=any&limit=250&since_id="
                + s.ids(Resource.ORDERS).get(i * 1000));
      }
      double warmPageSeconds = (System.nanoTime() - t2) / 3e9;
      System.out.printf(
          "build %.2fs, retained ~%d MB, first page %.2fs, warm page %.3fs, page %d KB%n",
          buildSeconds, retainedMb, pageSeconds, warmPageSeconds, page.body().length() / 1024);
      assertTrue(buildSeconds < 15, "index build took " + buildSeconds + "s");
      assertTrue(retainedMb < 200, "retained " + retainedMb + " MB");
      assertTrue(warmPageSeconds < 3, "a page of 250 orders took " + warmPageSeconds + "s");
    }
  }
}
