package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SlicePlanner#atMost}, which fits a bulk window into the jobs Shopify runs at once: the
 * adjacent pair with the smallest combined count is merged first (the earliest on a tie, so a rerun
 * plans the same jobs and adopts them), until at most {@code max} slices are left, still covering
 * the window exactly with the same total.
 */
class SlicePlannerAtMostTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

  /** Slices of 10 seconds each from FROM, with these record counts. */
  private static List<SlicePlanner.TimeSlice> slices(long... records) {
    List<SlicePlanner.TimeSlice> out = new ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      out.add(slice(i * 10, (i + 1) * 10, records[i]));
    }
    return out;
  }

  private static SlicePlanner.TimeSlice slice(long from, long to, long records) {
    return new SlicePlanner.TimeSlice(FROM.plusSeconds(from), FROM.plusSeconds(to), records);
  }

  @Test
  void slicesAlreadyWithinTheLimitAreKeptAsTheyAre() {
    List<SlicePlanner.TimeSlice> three = slices(5, 1, 5);
    assertEquals(three, SlicePlanner.atMost(three, 3));
    assertEquals(three, SlicePlanner.atMost(three, 5));
    assertEquals(List.of(slice(0, 10, 7)), SlicePlanner.atMost(slices(7), 1));
  }

  @Test
  void theAdjacentPairWithTheSmallestCombinedCountIsMergedFirst() {
    // Pairs add up to 10, 3 and 11: the middle pair is merged.
    assertEquals(
        List.of(slice(0, 10, 9), slice(10, 30, 3), slice(30, 40, 9)),
        SlicePlanner.atMost(slices(9, 1, 2, 9), 3));
    // The smallest pair is the last one.
    assertEquals(
        List.of(slice(0, 10, 9), slice(10, 20, 9), slice(20, 40, 3)),
        SlicePlanner.atMost(slices(9, 9, 1, 2), 3));
    // The smallest pair is the first one.
    assertEquals(
        List.of(slice(0, 20, 3), slice(20, 30, 9), slice(30, 40, 9)),
        SlicePlanner.atMost(slices(1, 2, 9, 9), 3));
  }

  @Test
  void onATieTheEarliestPairIsMerged() {
    assertEquals(
        List.of(slice(0, 20, 2), slice(20, 30, 1), slice(30, 40, 1)),
        SlicePlanner.atMost(slices(1, 1, 1, 1), 3));
    assertEquals(
        List.of(
            slice(0, 10, 4),
            slice(10, 30, 2),
            slice(30, 40, 1),
            slice(40, 50, 1),
            slice(50, 60, 4)),
        SlicePlanner.atMost(slices(4, 1, 1, 1, 1, 4), 5));
  }

  @Test
  void pairsAreMergedOneAtATimeDownToTheLimit() {
    // 5 1 1 5 1 1 -> 5 2 5 1 1 -> 5 2 5 2 -> 7 5 2 -> 7 7
    assertEquals(
        List.of(slice(0, 30, 7), slice(30, 60, 7)),
        SlicePlanner.atMost(slices(5, 1, 1, 5, 1, 1), 2));
    assertEquals(List.of(slice(0, 60, 14)), SlicePlanner.atMost(slices(5, 1, 1, 5, 1, 1), 1));
  }

  @Test
  void anyPlanKeepsCoveringTheWindowWithTheSameTotal() {
    Random random = new Random(43);
    for (int round = 0; round < 200; round++) {
      long[] records = random.longs(1 + random.nextInt(12), 0, 50).toArray();
      List<SlicePlanner.TimeSlice> in = slices(records);
      int max = 1 + random.nextInt(8);
      List<SlicePlanner.TimeSlice> out = SlicePlanner.atMost(in, max);
      String what = in + " at most " + max + ": " + out;
      assertEquals(Math.min(in.size(), max), out.size(), what);
      assertEquals(in.get(0).from(), out.get(0).from(), what);
      assertEquals(in.get(in.size() - 1).to(), out.get(out.size() - 1).to(), what);
      int next = 0;
      for (SlicePlanner.TimeSlice merged : out) {
        // Each slice is a run of neighbouring input slices: its bounds and their records' sum.
        assertEquals(in.get(next).from(), merged.from(), what);
        long sum = 0;
        while (next < in.size() && !in.get(next).to().isAfter(merged.to())) {
          sum += in.get(next++).records();
        }
        assertEquals(in.get(next - 1).to(), merged.to(), what);
        assertEquals(sum, merged.records(), what);
      }
      assertTrue(next == in.size(), what);
    }
  }
}
