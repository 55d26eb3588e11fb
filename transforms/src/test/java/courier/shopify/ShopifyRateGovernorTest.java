package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The governor against a model of Shopify's leaky bucket, in fake time: every figure below is
 * deterministic, so the rate and 429 assertions are exact, not timing-dependent.
 */
class ShopifyRateGovernorTest {
  /**
   * Round trip of the model; one sequential client then tops out at 50 req/s, above every plan's
   * rate.
   */
  private static final long LATENCY_MS = 20;

  /** Shopify's bucket: +1 per accepted request, leaks size/20 per second, 429 when full. */
  private static final class ModelBucket {
    final FakeTicker clock;
    final int size;
    double level;
    long at;
    int accepted;
    int throttled;

    ModelBucket(FakeTicker clock, int size) {
      this.clock = clock;
      this.size = size;
      this.at = clock.nanoTime();
    }

    /**
     * Serves one request now; returns the header the server would send, and whether it was a 429.
     */
    boolean take() {
      long now = clock.nanoTime();
      level = Math.max(0, level - (now - at) / 1e9 * size / 20.0);
      at = now;
      if (level + 1 > size) {
        throttled++;
        return false;
      }
      level += 1;
      accepted++;
      return true;
    }

    CallLimit header() {
      return new CallLimit((int) Math.ceil(level), size);
    }
  }

  /** One client round trip: acquire, half the latency out, served, half back, answer reported. */
  private static boolean roundTrip(
      ShopifyRateGovernor governor, ModelBucket bucket, FakeTicker clock)
      throws InterruptedException {
    try (ShopifyRateGovernor.Permit permit = governor.acquire()) {
      clock.advanceMillis(LATENCY_MS / 2);
      boolean ok = bucket.take();
      CallLimit header = bucket.header();
      clock.advanceMillis(LATENCY_MS / 2);
      permit.answered(header);
      if (!ok) {
        permit.throttled(Duration.ofSeconds(1));
      }
      return ok;
    }
  }

  @Test
  void oneWorkerBurstsToNearFullThenRunsAtThePlansRateWithoutA429() throws Exception {
    for (int size : new int[] {40, 80, 400}) {
      FakeTicker clock = new FakeTicker();
      ShopifyRateGovernor governor = new ShopifyRateGovernor(clock, 8);
      ModelBucket bucket = new ModelBucket(clock, size);
      int requests = size * 5;
      List<Double> sentAt = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        roundTrip(governor, bucket, clock);
        sentAt.add(clock.seconds());
      }
      assertEquals(0, bucket.throttled, "429s on bucket " + size);
      // After the initial burst the bucket is full, so the rate is the leak rate.
      int steadyFrom = requests / 2; // well past the initial burst
      double steadyRate =
          (requests - 1 - steadyFrom) / (sentAt.get(requests - 1) - sentAt.get(steadyFrom));
      double leak = size / 20.0;
      assertTrue(
          steadyRate > leak * 0.97 && steadyRate <= leak * 1.01,
          "steady rate " + steadyRate + " req/s on bucket " + size + " (leak " + leak + "/s)");
      assertTrue(
          bucket.level >= size - size / 20 - 2,
          "bucket kept near full: " + bucket.level + "/" + size);
    }
  }

  @Test
  void twoJvmsSharingOneBucketCoordinateThroughTheReportedFill() throws Exception {
    FakeTicker clock = new FakeTicker();
    ModelBucket bucket = new ModelBucket(clock, 40);
    ShopifyRateGovernor jvmA = new ShopifyRateGovernor(clock, 4);
    ShopifyRateGovernor jvmB = new ShopifyRateGovernor(clock, 4);
    int requests = 600;
    double start = clock.seconds();
    for (int i = 0; i < requests; i++) {
      roundTrip(i % 2 == 0 ? jvmA : jvmB, bucket, clock);
    }
    double rate = bucket.accepted / (clock.seconds() - start);
    assertTrue(
        bucket.throttled <= requests / 100,
        "429s must be rare: " + bucket.throttled + " of " + requests);
    assertTrue(rate > 2.0 * 0.95, "both together still run at the plan's 2/s: " + rate);
  }

  @Test
  void reportedFillRaisesTheEstimateAndDelaysTheNextRequest() throws Exception {
    FakeTicker clock = new FakeTicker();
    ShopifyRateGovernor governor = new ShopifyRateGovernor(clock, 8);
    try (ShopifyRateGovernor.Permit p = governor.acquire()) {
      p.answered(new CallLimit(39, 40)); // another worker filled the bucket
    }
    assertEquals(39, governor.estimatedLevel(), 1e-9);
    long before = clock.nanoTime();
    try (ShopifyRateGovernor.Permit p = governor.acquire()) {
      // room for one more once level + 1 <= 40 - 2: (39 + 1 - 38) / 2 per second = 1 s
      assertEquals(1_000, (clock.nanoTime() - before) / 1_000_000);
      assertEquals(1_000, p.waitedMillis());
    }
  }

  @Test
  void reportedFillLowersTheEstimateWhenNothingElseIsInFlight() throws Exception {
    FakeTicker clock = new FakeTicker();
    ShopifyRateGovernor governor = new ShopifyRateGovernor(clock, 8);
    for (int i = 0; i < 30; i++) {
      try (ShopifyRateGovernor.Permit p = governor.acquire()) {
        if (i == 0) {
          p.answered(new CallLimit(1, 40));
        }
      }
    }
    assertEquals(30, governor.estimatedLevel(), 1e-9);
    try (ShopifyRateGovernor.Permit p = governor.acquire()) {
      p.answered(new CallLimit(5, 40)); // the server leaked more than we thought
    }
    assertEquals(5, governor.estimatedLevel(), 1e-9);
  }

  @Test
  void aLateAnswerWithAnOlderFillDoesNotLowerTheEstimate() throws Exception {
    FakeTicker clock = new FakeTicker();
    ShopifyRateGovernor governor = new ShopifyRateGovernor(clock, 8);
    try (ShopifyRateGovernor.Permit p = governor.acquire()) {
      p.answered(new CallLimit(28, 40));
    }
    ShopifyRateGovernor.Permit a = governor.acquire();
    ShopifyRateGovernor.Permit b = governor.acquire();
    // The server took a (29/40) before b (30/40), but b's answer arrives first.
    b.answered(new CallLimit(30, 40));
    b.close();
    a.answered(new CallLimit(29, 40));
    a.close();
    assertEquals(
        30,
        governor.estimatedLevel(),
        1e-9,
        "a's 29 predates b, which was answered while a was out");
  }

  @Test
  void a429BlocksEveryThreadForRetryAfterAndMarksTheBucketFull() throws Exception {
    ManualTicker clock = new ManualTicker();
    ShopifyRateGovernor governor = new ShopifyRateGovernor(clock, 8);
    try (ShopifyRateGovernor.Permit p = governor.acquire()) {
      p.answered(new CallLimit(10, 40)); // room for 28 more, by the header
      p.throttled(Duration.ofMillis(2500)); // and yet a 429: the bucket is full after all
    }
    assertEquals(40, governor.estimatedLevel(), 1e-9, "a 429 marks the bucket full");
    long throttledAt = clock.nanoTime();
    int threads = 5;
    List<Long> admittedAtMillis = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int i = 0; i < threads; i++) {
        pool.submit(
            () -> {
              try (ShopifyRateGovernor.Permit p = governor.acquire()) {
                admittedAtMillis.add((clock.nanoTime() - throttledAt) / 1_000_000);
              }
              return null;
            });
      }
      assertEquals(0, admittedWhenSettled(clock, admittedAtMillis, threads));
      clock.advanceMillis(2_499);
      assertEquals(0, admittedWhenSettled(clock, admittedAtMillis, threads), "within Retry-After");
      clock.advanceMillis(1);
      // Retry-After is over and the full bucket has leaked 5: room for 3 below the margin of 2.
      assertEquals(3, admittedWhenSettled(clock, admittedAtMillis, threads));
      clock.advanceMillis(500); // one more request leaks out every 0.5 s
      assertEquals(4, admittedWhenSettled(clock, admittedAtMillis, threads));
      clock.advanceMillis(500);
      assertEquals(5, admittedWhenSettled(clock, admittedAtMillis, threads));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(2_500L, 2_500L, 2_500L, 3_000L, 3_500L), admittedAtMillis);
  }

  /**
   * Waits until every thread is either admitted or asleep until a time still ahead (so nothing
   * moves until the test advances the clock), then tells how many were admitted.
   */
  private static int admittedWhenSettled(ManualTicker clock, List<Long> admitted, int threads)
      throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      int asleep = clock.sleepers(); // first: sleepers only grow until the clock moves
      int done = admitted.size();
      if (asleep + done == threads) {
        return done;
      }
      assertTrue(System.nanoTime() < giveUp, asleep + " asleep, " + done + " admitted");
      Thread.sleep(1);
    }
  }

  @Test
  void theBucketSizeReportedSetsThePlansPace() throws Exception {
    FakeTicker clock = new FakeTicker();
    ShopifyRateGovernor governor = new ShopifyRateGovernor(clock, 8);
    try (ShopifyRateGovernor.Permit p = governor.acquire()) {
      p.answered(new CallLimit(380, 400)); // Plus: margin 20, leak 20/s
    }
    assertEquals(400, governor.bucketSize());
    long before = clock.nanoTime();
    governor.acquire().close();
    assertEquals(50, (clock.nanoTime() - before) / 1_000_000, "(380 + 1 - 380) / 20 per second");
  }

  @Test
  void onlyOneRequestIsInFlightUntilTheFirstAnswerTellsTheFill() throws Exception {
    FakeTicker clock = new FakeTicker();
    ShopifyRateGovernor governor = new ShopifyRateGovernor(clock, 8);
    ShopifyRateGovernor.Permit probe = governor.acquire();
    AtomicBoolean secondSent = new AtomicBoolean();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          CompletableFuture<Void> second =
              CompletableFuture.runAsync(
                  () -> {
                    try {
                      governor.acquire().close();
                      secondSent.set(true);
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          waitUntilBlocked(governor);
          assertFalse(secondSent.get(), "a second request went out before the first answer");
          probe.answered(new CallLimit(1, 40));
          probe.close();
          second.join();
        });
    assertTrue(secondSent.get());
  }

  @Test
  void maxConcurrentRequestsIsEnforcedAcrossThreads() throws Exception {
    FakeTicker clock = new FakeTicker();
    ShopifyRateGovernor governor = new ShopifyRateGovernor(clock, 2);
    try (ShopifyRateGovernor.Permit p = governor.acquire()) {
      p.answered(new CallLimit(0, 40));
    }
    ShopifyRateGovernor.Permit first = governor.acquire();
    ShopifyRateGovernor.Permit second = governor.acquire();
    AtomicBoolean thirdSent = new AtomicBoolean();
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          CompletableFuture<Void> third =
              CompletableFuture.runAsync(
                  () -> {
                    try {
                      governor.acquire().close();
                      thirdSent.set(true);
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          waitUntilBlocked(governor);
          assertFalse(
              thirdSent.get(), "a third request went out with two in flight and a limit of 2");
          first.close(); // an I/O failure: no answer, but the slot is free
          third.join();
        });
    second.close();
    assertTrue(thirdSent.get());
  }

  /** Waits until some thread is parked on the governor's condition (no sleeping, no timing). */
  private static void waitUntilBlocked(ShopifyRateGovernor governor) throws InterruptedException {
    while (!governor.hasWaiters()) {
      Thread.onSpinWait();
      Thread.sleep(1);
    }
  }
}
