package courier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rate figures are arithmetic over sampled counters: checked on made-up samples, no clock
 * involved.
 */
class RateFiguresTest {
  private static final long S = 1_000_000_000L;

  @Test
  void theoreticalMinimumIsWhatTheBucketCannotAbsorbOverTheLeakRate() {
    assertEquals(130.0, RateFigures.theoreticalMinSeconds(300, 40, 2.0), 1e-9);
    assertEquals(60.0, RateFigures.theoreticalMinSeconds(1600, 400, 20.0), 1e-9);
    assertEquals(0.0, RateFigures.theoreticalMinSeconds(40, 40, 2.0), 1e-9);
    assertEquals(0.0, RateFigures.theoreticalMinSeconds(0, 40, 2.0), 1e-9);
  }

  @Test
  void rateAfterTheBurstCountsOnlyAcceptedRequestsAfterTheFirstBucketful() {
    // 40 requests at t = 1 s (the burst), then 2 per second up to 140 at t = 51 s, 3 of them
    // answered 429.
    List<RateFigures.Sample> samples = new ArrayList<>();
    samples.add(new RateFigures.Sample(0, 0, 0));
    samples.add(new RateFigures.Sample(S, 40, 0));
    for (int t = 2; t <= 51; t++) {
      long throttled = t >= 10 ? 3 : 0;
      samples.add(new RateFigures.Sample(t * S, 40 + 2L * (t - 1) + throttled, throttled));
    }
    RateFigures f = RateFigures.of(samples, 40, 2.0);
    assertEquals(143, f.requests());
    assertEquals(3, f.throttled());
    assertEquals(140, f.accepted());
    assertEquals(40, f.burstRequests());
    assertEquals(50.0, f.fetchSpanSeconds(), 1e-9);
    assertEquals(2.0, f.rateAfterBurst(), 1e-9);
    assertEquals(1.0, f.utilisation(), 1e-9);
    assertEquals(50.0, f.theoreticalMinSeconds(), 1e-9);
    assertEquals(51, f.acceptedPerSecond().size());
    assertEquals(List.of(40L, 2L, 2L, 2L), f.acceptedPerSecond().subList(0, 4));
  }

  @Test
  void requestsThatTrickleInWhileTheBucketLeaksAreNotTheBurst() {
    // 1 request/s for 100 s never fills a 40-request bucket leaking 2/s; then 60 at once fill it,
    // then 2/s.
    List<RateFigures.Sample> samples = new ArrayList<>();
    for (int t = 0; t < 100; t++) {
      samples.add(new RateFigures.Sample(t * S, t + 1, 0));
    }
    samples.add(new RateFigures.Sample(100 * S, 160, 0));
    for (int t = 101; t <= 120; t++) {
      samples.add(new RateFigures.Sample(t * S, 160 + 2L * (t - 100), 0));
    }
    RateFigures f = RateFigures.of(samples, 40, 2.0);
    assertEquals(160, f.burstRequests());
    assertEquals(2.0, f.rateAfterBurst(), 1e-9);
  }

  @Test
  void theLastRequestIsWhereTheCountStoppedNotWhereSamplingStopped() {
    List<RateFigures.Sample> samples =
        List.of(
            new RateFigures.Sample(0, 1, 0),
            new RateFigures.Sample(2 * S, 10, 0),
            new RateFigures.Sample(4 * S, 20, 0),
            new RateFigures.Sample(60 * S, 20, 0));
    RateFigures f = RateFigures.of(samples, 10, 1.0);
    assertEquals(4.0, f.fetchSpanSeconds(), 1e-9);
    assertEquals(5.0, f.rateAfterBurst(), 1e-9); // 10 more in the 2 s after the burst
  }

  @Test
  void noRateWhenTheBucketWasNeverFilled() {
    List<RateFigures.Sample> samples =
        List.of(new RateFigures.Sample(0, 5, 0), new RateFigures.Sample(S, 30, 0));
    RateFigures f = RateFigures.of(samples, 40, 2.0);
    assertNull(f.rateAfterBurst());
    assertNull(f.utilisation());
    assertEquals(30, f.burstRequests());
    assertEquals(0.0, f.theoreticalMinSeconds(), 1e-9);
  }

  @Test
  void noSamplesNoFigures() {
    RateFigures f = RateFigures.of(List.of(), 40, 2.0);
    assertEquals(0, f.requests());
    assertNull(f.utilisation());
  }

  @Test
  void aGraphqlClientKeepingAQuerysCostFreeStillEndsItsBurst() {
    // Points: 1,100 spent at once from a 2,000 bucket restoring 100/s, then 100/s for 30 s. The
    // level never passes 1,100 (the next query's requested cost must be free), so without headroom
    // there is no rate after the burst at all; with the 1,000-point headroom it is 100/s.
    List<RateFigures.Sample> samples = new ArrayList<>();
    samples.add(new RateFigures.Sample(0, 0, 0));
    samples.add(new RateFigures.Sample(S, 1100, 0));
    for (int t = 2; t <= 31; t++) {
      samples.add(new RateFigures.Sample(t * S, 1100 + 100L * (t - 1), 0));
    }
    assertNull(RateFigures.of(samples, 2000, 100.0).utilisation());
    RateFigures f = RateFigures.of(samples, 2000, 100.0, 1000);
    assertEquals(1100, f.burstRequests());
    assertEquals(1.0, f.utilisation(), 1e-9);
  }
}
