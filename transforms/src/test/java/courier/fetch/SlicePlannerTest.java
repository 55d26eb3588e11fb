package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlicePlannerTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");

  /** Count endpoint over a fixed set of updated_at seconds, counting its calls. */
  private static final class Counts implements SlicePlanner.RecordCounter {
    final long[] seconds;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger batches = new AtomicInteger();

    Counts(long[] seconds) {
      this.seconds = seconds.clone();
      Arrays.sort(this.seconds);
    }

    @Override
    public long count(Instant from, Instant to) {
      calls.incrementAndGet();
      return Arrays.stream(seconds)
          .filter(s -> s >= from.getEpochSecond() && s < to.getEpochSecond())
          .count();
    }

    @Override
    public List<Long> countAll(List<SlicePlanner.TimeSlice> ranges) {
      batches.incrementAndGet();
      return SlicePlanner.RecordCounter.super.countAll(ranges);
    }
  }

  private static long[] uniform(int n, long seed) {
    Random r = new Random(seed);
    long span = TO.getEpochSecond() - FROM.getEpochSecond();
    return r.longs(n, 0, span).map(s -> FROM.getEpochSecond() + s).toArray();
  }

  private static void assertCovers(List<SlicePlanner.TimeSlice> plan, Counts counts) {
    assertEquals(FROM, plan.get(0).from());
    assertEquals(TO, plan.get(plan.size() - 1).to());
    for (int i = 1; i < plan.size(); i++) {
      assertEquals(plan.get(i - 1).to(), plan.get(i).from(), "slices are contiguous");
    }
    for (SlicePlanner.TimeSlice s : plan) {
      assertEquals(counts.count(s.from(), s.to()), s.records(), "estimate of " + s);
      assertEquals(0, s.from().getNano());
    }
  }

  @Test
  void cutsABigWindowIntoSlicesUnderTheTarget() {
    Counts counts = new Counts(uniform(20_000, 1));
    List<SlicePlanner.TimeSlice> plan = new SlicePlanner(1_000, counts).plan(FROM, TO);
    int calls = counts.calls.get();
    assertCovers(plan, counts);
    assertTrue(plan.stream().allMatch(s -> s.records() <= 1_000), plan.toString());
    assertTrue(plan.size() >= 20 && plan.size() <= 45, "close to 20k / 1k slices: " + plan.size());
    assertTrue(
        calls <= 3 * plan.size(), "count requests " + calls + " for " + plan.size() + " slices");
    // The counts of a level go out together: a few round trips, not one per count.
    assertTrue(
        counts.batches.get() <= 3, counts.batches.get() + " batches for " + calls + " counts");
  }

  @Test
  void aWindowUnderTheTargetIsOneSliceAndOneRequest() {
    Counts counts = new Counts(uniform(300, 2));
    List<SlicePlanner.TimeSlice> plan = new SlicePlanner(5_000, counts).plan(FROM, TO);
    assertEquals(List.of(new SlicePlanner.TimeSlice(FROM, TO, 300)), plan);
    assertEquals(1, counts.calls.get());
  }

  @Test
  void anEmptyWindowStillYieldsOneSlice() {
    Counts counts = new Counts(new long[0]);
    assertEquals(
        List.of(new SlicePlanner.TimeSlice(FROM, TO, 0)),
        new SlicePlanner(10, counts).plan(FROM, TO));
  }

  @Test
  void aOneSecondBurstBiggerThanTheTargetIsAcceptedAsItsOwnSlice() {
    long burst = FROM.getEpochSecond() + 86_400 * 30 + 17;
    long[] seconds = new long[2_600];
    Arrays.fill(seconds, 0, 2_500, burst);
    System.arraycopy(uniform(100, 3), 0, seconds, 2_500, 100);
    Counts counts = new Counts(seconds);
    List<SlicePlanner.TimeSlice> plan = new SlicePlanner(200, counts).plan(FROM, TO);
    assertCovers(plan, counts);
    SlicePlanner.TimeSlice big =
        plan.stream().filter(s -> s.records() > 200).findFirst().orElseThrow();
    assertEquals(Instant.ofEpochSecond(burst), big.from());
    assertEquals(Instant.ofEpochSecond(burst + 1), big.to());
    assertTrue(plan.stream().filter(s -> s != big).allMatch(s -> s.records() <= 200));
  }

  @Test
  void sparsePartsAreMergedBackUpToTheTarget() {
    // Two dense clusters at the ends of the window, nothing in between.
    long[] seconds = new long[2_000];
    for (int i = 0; i < 1_000; i++) {
      seconds[i] = FROM.getEpochSecond() + i;
      seconds[1_000 + i] = TO.getEpochSecond() - 1 - i;
    }
    Counts counts = new Counts(seconds);
    List<SlicePlanner.TimeSlice> plan = new SlicePlanner(1_000, counts).plan(FROM, TO);
    assertCovers(plan, counts);
    assertEquals(2, plan.size(), "the empty middle is merged into a neighbour: " + plan);
  }
}
