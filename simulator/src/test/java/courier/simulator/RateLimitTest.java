package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The leaky bucket: 429 with Retry-After past the bucket size, call-limit header on every response.
 */
class RateLimitTest {

  @Test
  void burstOnStandardPlanIsThrottled() throws Exception {
    try (ShopifySimulator sim =
        ShopifySimulator.builder()
            .customers(5)
            .orders(5)
            .products(2)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .plan(Plan.STANDARD)
            .build()
            .start()) {
      int ok = 0;
      int throttled = 0;
      long start = System.nanoTime();
      for (int i = 0; i < 60; i++) {
        HttpResponse<String> r = TestHttp.get(sim, V + "orders/count.json");
        String header = r.headers().firstValue("X-Shopify-Shop-Api-Call-Limit").orElseThrow();
        assertTrue(header.matches("\\d+/40"), header);
        if (r.statusCode() == 429) {
          throttled++;
          assertEquals("1.0", r.headers().firstValue("Retry-After").orElseThrow());
          assertEquals("40/40", header);
          assertTrue(
              TestHttp.json(r).get("errors").asText().startsWith("Exceeded 2 calls per second"));
        } else {
          assertEquals(200, r.statusCode());
          ok++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      // 40 fit in the bucket, plus what leaked (2/s) while the burst ran.
      assertTrue(
          ok >= 40 && ok <= 40 + Math.ceil(seconds * 2) + 1, "ok=" + ok + " in " + seconds + "s");
      assertTrue(throttled > 0);
      assertEquals(throttled, sim.counters().getThrottled());

      // After waiting, requests pass again and the level has dropped.
      Thread.sleep(1100);
      HttpResponse<String> after = TestHttp.get(sim, V + "orders/count.json");
      assertEquals(200, after.statusCode());
    }
  }

  @Test
  void bucketIsExactUnderConcurrency() throws Exception {
    RateLimiter limiter = new RateLimiter(Plan.PLUS);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger passed = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      fs.add(
          pool.submit(
              () -> {
                for (int i = 0; i < 200; i++) {
                  if (!limiter.take("app").throttled()) {
                    passed.incrementAndGet();
                  }
                }
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.SECONDS);
    // 1600 attempts against a bucket of 400 leaking 20/s.
    assertTrue(
        passed.get() >= 400 && passed.get() <= 400 + Math.ceil(seconds * 20) + 1,
        passed.get() + " passed in " + seconds + "s");
    assertEquals(new RateLimiter.Result(false, 0, 400), new RateLimiter(Plan.PLUS).peek("other"));
  }

  @Test
  void unlimitedPlanNeverThrottlesButReportsTheHeader() {
    try (ShopifySimulator sim =
        ShopifySimulator.builder().customers(5).orders(5).products(2).build().start()) {
      for (int i = 0; i < 60; i++) {
        HttpResponse<String> r = TestHttp.get(sim, V + "locations.json");
        assertEquals(200, r.statusCode());
        assertTrue(
            r.headers()
                .firstValue("X-Shopify-Shop-Api-Call-Limit")
                .orElseThrow()
                .endsWith("/10000"));
      }
      sim.setPlan(Plan.ADVANCED);
      assertTrue(
          TestHttp.get(sim, V + "locations.json")
              .headers()
              .firstValue("X-Shopify-Shop-Api-Call-Limit")
              .orElseThrow()
              .endsWith("/80"));
    }
  }
}
