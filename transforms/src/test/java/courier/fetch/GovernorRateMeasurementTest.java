package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import courier.shopify.RequestObserver;
import courier.shopify.ShopDomain;
import courier.shopify.ShopifyClient;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.simulator.Plan;
import courier.simulator.ShopifySimulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Eight threads competing for one shop on the simulator's throttling plans: the governor paces them
 * so that they never send faster than the plan's leaky bucket allows and 429s stay rare (they are
 * not the pacing mechanism). Only what a loaded machine cannot break is asserted: an upper bound on
 * the sending rate (load only slows a client down) and counts. The achieved rate is logged, not
 * asserted, since how close a run comes to the plan's rate depends on the machine's load; it is
 * asserted exactly in fake time ({@code ShopifyRateGovernorTest}) and measured by {@code
 * bin/courier-bench} (standard-plan, plus-plan scenarios).
 */
class GovernorRateMeasurementTest {
  private static final Logger LOG = LoggerFactory.getLogger(GovernorRateMeasurementTest.class);
  private static final int CONCURRENT = 8;

  @Test
  void standardPlanStaysWithinItsLeakyBucketWithRare429s() throws Exception {
    measure(Plan.STANDARD, 64);
  }

  @Test
  void plusPlanStaysWithinItsLeakyBucketWithRare429s() throws Exception {
    measure(Plan.PLUS, 640);
  }

  /**
   * No stretch of the run sends more than the leaky bucket lets through: a full bucket's worth plus
   * what leaks meanwhile, plus the requests admitted before the stretch whose send a busy machine
   * delayed into it (at most one per concurrency slot). A slow machine only sends less.
   */
  private static void assertWithinBucket(List<Long> sortedSendTimes, Plan plan) {
    for (int i = 0; i < sortedSendTimes.size(); i++) {
      for (int j = i; j < sortedSendTimes.size(); j++) {
        double seconds = (sortedSendTimes.get(j) - sortedSendTimes.get(i)) / 1e9;
        double allowed = plan.bucketSize() + plan.leakPerSecond() * seconds + CONCURRENT;
        int sent = j - i + 1;
        if (sent > allowed) {
          fail(
              String.format(
                  Locale.ROOT,
                  "requests %d to %d (%d) went out within %.3f s; the %s plan's bucket allows %.1f",
                  i,
                  j,
                  sent,
                  seconds,
                  plan,
                  allowed));
        }
      }
    }
  }

  private void measure(Plan plan, int requests) throws Exception {
    String token = "shpat_rate_measurement_1c2d";
    try (ShopifySimulator sim =
        ShopifySimulator.builder()
            .seed(3)
            .shop("acme")
            .customers(20)
            .orders(0)
            .products(0)
            .locations(1)
            .plan(plan)
            .latencyMs(20)
            .now(TestShop.NOW)
            .token(token)
            .build()
            .start()) {
      List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
      AtomicLong firstWaitAt = new AtomicLong(Long.MAX_VALUE);
      AtomicInteger throttledSeen = new AtomicInteger();
      AtomicInteger retriedSeen = new AtomicInteger();
      RequestObserver timestamps =
          new RequestObserver() {
            @Override
            public void requestSent(ShopifyResource resource) {
              sentAt.add(System.nanoTime());
            }

            @Override
            public void throttled(ShopifyResource resource) {
              throttledSeen.incrementAndGet();
            }

            @Override
            public void retried(ShopifyResource resource) {
              retriedSeen.incrementAndGet();
            }

            @Override
            public void waited(ShopifyResource resource, long millis) {
              // The burst sends size - margin requests without pacing; the first long wait after it
              // marks the full bucket, from which on each of the 8 threads waits about 8 / leak
              // seconds.
              if (millis >= 100 && sentAt.size() >= plan.bucketSize() - plan.bucketSize() / 20) {
                firstWaitAt.compareAndSet(Long.MAX_VALUE, System.nanoTime());
              }
            }
          };
      ShopifyClientConfig config =
          ShopifyClientConfig.create()
              .withShop(ShopDomain.of("acme"))
              .withBaseUrl(sim.baseUrl())
              .withCredentials(
                  ShopifyCredentials.accessTokenFromFile(
                      TestShop.writeSecret("t", token).toString()))
              .withMaxConcurrentRequests(CONCURRENT);
      AtomicInteger remaining = new AtomicInteger(requests);
      ExecutorService threads = Executors.newFixedThreadPool(CONCURRENT);
      try (ShopifyClient client = ShopifyClient.create(config, timestamps)) {
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < CONCURRENT; t++) {
          workers.add(
              threads.submit(
                  () -> {
                    while (remaining.getAndDecrement() > 0) {
                      client.countAll(ShopifyResource.CUSTOMERS);
                    }
                    return null;
                  }));
        }
        for (Future<?> w : workers) {
          w.get();
        }
      } finally {
        threads.shutdownNow();
      }
      List<Long> times = new ArrayList<>(sentAt);
      Collections.sort(times);
      List<Long> steady = times.stream().filter(t -> t >= firstWaitAt.get()).toList();
      assertTrue(
          steady.size() > plan.leakPerSecond() * 3,
          "at least 3 s past the burst: " + steady.size());
      double steadySeconds = (steady.get(steady.size() - 1) - steady.get(0)) / 1e9;
      double steadyRate = (steady.size() - 1) / steadySeconds;
      int burst = times.size() - steady.size();
      double overallRate =
          (times.size() - 1) / ((times.get(times.size() - 1) - times.get(0)) / 1e9);
      double ratio = steadyRate / plan.leakPerSecond();
      long throttled = sim.counters().getThrottled();
      LOG.info(
          "Governor on the {} plan (bucket {}, leak {}/s): {} requests, {} in the initial burst, then steady {} "
              + "req/s = {} of the plan's rate; overall {} req/s (burst included), {} 429s",
          plan,
          plan.bucketSize(),
          plan.leakPerSecond(),
          times.size(),
          burst,
          String.format("%.2f", steadyRate),
          String.format("%.0f%%", ratio * 100),
          String.format("%.2f", overallRate),
          throttled);
      assertEquals(
          requests + throttledSeen.get() + retriedSeen.get(),
          times.size(),
          "each request sent once, plus once more per 429 or retried failure");
      assertWithinBucket(times, plan);
      assertTrue(throttled <= requests / 100, "429s must stay rare: " + throttled);
    }
  }
}
