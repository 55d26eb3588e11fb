package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Faults occur at the configured rates, look like the real thing on the wire, and repeat by seed.
 */
class FaultInjectionTest {
  private static final int REQUESTS = 400;
  private static final FaultConfig FAULTS =
      FaultConfig.builder()
          .serverErrorRate(0.2)
          .resetRate(0.1)
          .truncateRate(0.1)
          .slowRate(0.05)
          .slowMs(20)
          .build();

  private static ShopifySimulator build(long seed, FaultConfig faults) {
    return ShopifySimulator.builder()
        .seed(seed)
        .customers(10)
        .orders(20)
        .products(3)
        .now(Instant.parse("2026-11-01T00:00:00Z"))
        .faults(faults)
        .build()
        .start();
  }

  private static List<Integer> run(ShopifySimulator sim) {
    List<Integer> outcomes = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      outcomes.add(
          RawHttp.get(sim.port(), V + "orders.json?limit=5&status=any", sim.accessToken()));
    }
    return outcomes;
  }

  private static long count(List<Integer> outcomes, int value) {
    return outcomes.stream().filter(o -> o == value).count();
  }

  /** Within 4 standard deviations of the binomial expectation. */
  private static void assertRate(String what, long observed, double p) {
    double mean = REQUESTS * p;
    double sd = Math.sqrt(REQUESTS * p * (1 - p));
    assertTrue(
        Math.abs(observed - mean) <= 4 * sd, what + ": " + observed + " vs expected " + mean);
  }

  @Test
  void faultsHaveTheConfiguredRatesAndAreSeenOnTheWire() {
    try (ShopifySimulator sim = build(21, FAULTS)) {
      List<Integer> outcomes = run(sim);
      SimCounters c = sim.counters();
      for (FaultKind k :
          List.of(FaultKind.HTTP_500, FaultKind.HTTP_502, FaultKind.HTTP_503, FaultKind.HTTP_504)) {
        assertRate(k.name(), c.getFaults(k), 0.05);
        assertEquals(c.getFaults(k), count(outcomes, k.status()), k.name() + " seen by the client");
      }
      assertRate("resets", c.getFaults(FaultKind.RESET), 0.1);
      assertEquals(c.getFaults(FaultKind.RESET), count(outcomes, RawHttp.RESET));
      assertRate("truncations", c.getFaults(FaultKind.TRUNCATE), 0.1);
      assertEquals(c.getFaults(FaultKind.TRUNCATE), count(outcomes, RawHttp.TRUNCATED));
      assertRate("slow", c.getFaults(FaultKind.SLOW), 0.05);
      assertEquals(
          REQUESTS - c.getTotalFaults() + c.getFaults(FaultKind.SLOW), count(outcomes, 200));
      assertEquals(REQUESTS, c.getTotalRequests());
    }
  }

  @Test
  void sameSeedSameFaults() {
    List<Integer> a;
    List<Integer> b;
    List<Integer> other;
    try (ShopifySimulator s1 = build(8, FAULTS)) {
      a = run(s1);
    }
    try (ShopifySimulator s2 = build(8, FAULTS)) {
      b = run(s2);
    }
    try (ShopifySimulator s3 = build(9, FAULTS)) {
      other = run(s3);
    }
    assertEquals(a, b);
    assertNotEquals(a, other);
  }

  @Test
  void faultRateShorthandSpreadsOverKinds() {
    FaultConfig f = FaultConfig.faultRate(0.1);
    assertEquals(0.1, f.totalRate(), 1e-12);
    assertTrue(
        f.serverErrorRate() > 0 && f.resetRate() > 0 && f.truncateRate() > 0 && f.slowRate() > 0);
    assertEquals(0, FaultConfig.none().totalRate());
    String tooMuch =
        assertThrows(
                IllegalArgumentException.class,
                () -> FaultConfig.builder().resetRate(0.6).truncateRate(0.6).build())
            .getMessage();
    assertTrue(tooMuch.contains("fault rates add up to 1.2, more than 1"), tooMuch);
    Map<FaultKind, Integer> hits = new TreeMap<>();
    for (int i = 0; i < 100_000; i++) {
      FaultKind k = f.pick(Rng.unit(1, 2, i));
      if (k != null) {
        hits.merge(k, 1, Integer::sum);
      }
    }
    assertEquals(10_000, hits.values().stream().mapToInt(Integer::intValue).sum(), 400);
  }

  @Test
  void truncatedBodyAndBadGatewayAsAnHttpClientSeesThem() {
    try (ShopifySimulator sim = build(1, FaultConfig.builder().truncateRate(1.0).build())) {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(sim.baseUrl() + V + "orders.json?status=any"))
              .header("X-Shopify-Access-Token", sim.accessToken())
              .build();
      // The JDK client's words for a body shorter than its Content-Length: truncated, not reset.
      String truncated =
          assertThrows(
                  IOException.class,
                  () -> TestHttp.CLIENT.send(req, HttpResponse.BodyHandlers.ofString()))
              .getMessage();
      assertTrue(truncated.contains("bytes received"), truncated);
      // The control surface is never faulty.
      HttpResponse<String> control = TestHttp.getUrl(sim.baseUrl() + "/_sim/counters", null);
      assertEquals(200, control.statusCode());
      sim.setFaults(FaultConfig.builder().serverErrorRate(1.0).build());
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        HttpResponse<String> r = TestHttp.get(sim, V + "orders/count.json");
        statuses.add(r.statusCode());
        if (r.statusCode() == 502) {
          assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        }
      }
      assertTrue(
          statuses.stream().allMatch(s -> s >= 500 && s <= 504) && statuses.contains(502),
          statuses.toString());
    }
  }

  @Test
  void slowResponsesAndLatencyDelay() {
    try (ShopifySimulator sim = build(1, FaultConfig.builder().slowRate(1.0).slowMs(300).build())) {
      long t0 = System.nanoTime();
      assertEquals(200, TestHttp.get(sim, V + "orders/count.json").statusCode());
      assertTrue((System.nanoTime() - t0) / 1_000_000 >= 300);
      sim.setFaults(FaultConfig.none());
      sim.setLatencyMs(150);
      long t1 = System.nanoTime();
      assertEquals(200, TestHttp.get(sim, V + "orders/count.json").statusCode());
      assertTrue((System.nanoTime() - t1) / 1_000_000 >= 150);
    }
  }
}
