package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The planner at its exact boundaries, with hand-placed records so each cut and count is known: a
 * range of exactly the target is one slice, a range of k targets is cut into k parts, and
 * neighbours adding up to exactly the target are merged.
 */
class SlicePlannerBoundariesTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

  /** Records at these second offsets from FROM; records the ranges it was asked to count. */
  private static final class Placed implements SlicePlanner.RecordCounter {
    final long[] offsets;
    final List<String> counted = new ArrayList<>();

    Placed(long... offsets) {
      this.offsets = offsets;
    }

    @Override
    public long count(Instant from, Instant to) {
      counted.add(seconds(from) + ".." + seconds(to));
      return LongStream.of(offsets).filter(s -> s >= seconds(from) && s < seconds(to)).count();
    }
  }

  private static long seconds(Instant at) {
    return at.getEpochSecond() - FROM.getEpochSecond();
  }

  private static Instant at(long seconds) {
    return FROM.plusSeconds(seconds);
  }

  private static SlicePlanner.TimeSlice slice(long from, long to, long records) {
    return new SlicePlanner.TimeSlice(at(from), at(to), records);
  }

  /** One record a second over {@code [0, seconds)}. */
  private static long[] everySecond(int seconds) {
    return LongStream.range(0, seconds).toArray();
  }

  @Test
  void aWindowOfExactlyTheTargetIsOneSlice() {
    Placed counts = new Placed(everySecond(1_000));
    assertEquals(
        List.of(slice(0, 1_000, 1_000)), new SlicePlanner(1_000, counts).plan(at(0), at(1_000)));
    assertEquals(List.of("0..1000"), counts.counted);
  }

  @Test
  void aWindowOfThreeTargetsIsCutIntoThreePartsAtOnce() {
    Placed counts = new Placed(everySecond(3_000));
    assertEquals(
        List.of(slice(0, 1_000, 1_000), slice(1_000, 2_000, 1_000), slice(2_000, 3_000, 1_000)),
        new SlicePlanner(1_000, counts).plan(at(0), at(3_000)));
    // The window, then its first two thirds: the last third is the rest.
    assertEquals(List.of("0..3000", "0..1000", "1000..2000"), counts.counted);
  }

  @Test
  void aWindowJustOverTwoTargetsIsCutIntoThreeParts() {
    Placed counts = new Placed(everySecond(2_001));
    new SlicePlanner(1_000, counts).plan(at(0), at(3_000));
    assertEquals(List.of("0..3000", "0..1000", "1000..2000"), counts.counted);
  }

  @Test
  void neighboursAddingUpToExactlyTheTargetAreMerged() {
    // Thirds of 4, 6 and 15 records (target 10); the last third is cut again into 8 and 7.
    List<Long> offsets = new ArrayList<>();
    LongStream.range(0, 4).forEach(offsets::add);
    LongStream.range(1_000, 1_006).forEach(offsets::add);
    LongStream.range(2_000, 2_008).forEach(offsets::add);
    LongStream.range(2_500, 2_507).forEach(offsets::add);
    Placed counts = new Placed(offsets.stream().mapToLong(Long::longValue).toArray());
    assertEquals(
        List.of(slice(0, 2_000, 10), slice(2_000, 2_500, 8), slice(2_500, 3_000, 7)),
        new SlicePlanner(10, counts).plan(at(0), at(3_000)));
  }
}
