package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Same seed, sizes and now: byte-identical responses. */
class DeterminismTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");

  private static ShopifySimulator build(long seed) {
    return ShopifySimulator.builder()
        .seed(seed)
        .customers(80)
        .orders(300)
        .products(20)
        .now(NOW)
        .build()
        .start();
  }

  private static List<String> crawl(ShopifySimulator sim) {
    List<String> out = new ArrayList<>();
    for (String first :
        List.of(
            "orders.json?status=any&limit=60",
            "customers.json?limit=30",
            "products.json?limit=7",
            "checkouts.json?status=any",
            "locations.json",
            "orders/count.json?updated_at_min=2026-01-01")) {
      HttpResponse<String> r = TestHttp.get(sim, V + first);
      while (true) {
        out.add(r.body());
        // Links embed the port, which differs between the two servers; the cursor must not.
        out.add(r.headers().firstValue("Link").orElse("").replace(sim.baseUrl(), "BASE"));
        String next = TestHttp.link(r, "next");
        if (next == null) {
          break;
        }
        r = TestHttp.getUrl(next, sim.accessToken());
      }
    }
    return out;
  }

  @Test
  void sameSeedSameBytes() {
    List<String> a;
    List<String> b;
    List<String> c;
    try (ShopifySimulator s1 = build(99);
        ShopifySimulator s2 = build(99);
        ShopifySimulator s3 = build(100)) {
      a = crawl(s1);
      b = crawl(s2);
      c = crawl(s3);
    }
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i), b.get(i), "response " + i);
    }
    assertNotEquals(a, c, "another seed gives other data");
  }
}
