package courier.fetch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts an updated_at window into slices of at most {@code targetSliceRecords} entities using the
 * count endpoint, so that every parallel worker gets work: Flink runs each slice to completion on
 * one worker, without dynamic splitting, so the initial slices are all the parallelism there is.
 *
 * <p>A range whose count exceeds the target is cut into ceil(count / target) equal whole-second
 * parts (plain bisection when it is just over), and each part is counted and cut again if still too
 * big. A one-second range cannot be cut (updated_at has whole seconds) and is accepted whatever its
 * count. Adjacent small parts are then merged back up to the target. Parts counted empty are not
 * dropped but merged into a neighbour: a count is an estimate (entities move while we plan), and a
 * listing that finds nothing costs one request.
 */
final class SlicePlanner {
  /** The count of entities updated in {@code [from, to)}. */
  interface RecordCounter {
    long count(Instant from, Instant to);

    /**
     * The counts of several ranges, in their order. One after the other unless an implementation
     * sends them concurrently: a level of cuts needs all its counts before the next level starts.
     */
    default List<Long> countAll(List<TimeSlice> ranges) {
      List<Long> counts = new ArrayList<>();
      for (TimeSlice range : ranges) {
        counts.add(count(range.from(), range.to()));
      }
      return counts;
    }
  }

  /** A planned time range and its counted (or derived) number of entities. */
  record TimeSlice(Instant from, Instant to, long records) {
    long seconds() {
      return to.getEpochSecond() - from.getEpochSecond();
    }
  }

  private final long targetSliceRecords;
  private final RecordCounter counter;

  /** {@code targetSliceRecords} was checked by {@link ShopifyIO.Read#withTargetSliceRecords}. */
  SlicePlanner(long targetSliceRecords, RecordCounter counter) {
    this.targetSliceRecords = targetSliceRecords;
    this.counter = counter;
  }

  /** Contiguous, ascending slices exactly covering {@code [from, to)}. */
  List<TimeSlice> plan(Instant from, Instant to) {
    return plan(from, to, counter.count(from, to));
  }

  /** As {@link #plan(Instant, Instant)}, for a window already counted {@code records}. */
  List<TimeSlice> plan(Instant from, Instant to, long records) {
    List<TimeSlice> accepted = new ArrayList<>();
    List<TimeSlice> toCut = new ArrayList<>();
    accept(new TimeSlice(from, to, records), accepted, toCut);
    // Level by level: every count of a level is independent of the others, so the counter may
    // send them at once; a deep plan then costs a few round trips instead of one per count.
    while (!toCut.isEmpty()) {
      List<List<TimeSlice>> partsPerRange = new ArrayList<>();
      List<TimeSlice> toCount = new ArrayList<>();
      for (TimeSlice range : toCut) {
        List<TimeSlice> parts = parts(range);
        partsPerRange.add(parts);
        // The parts add up to the whole, so the last one is derived instead of costing a request.
        toCount.addAll(parts.subList(0, parts.size() - 1));
      }
      List<Long> counts = counter.countAll(toCount);
      List<TimeSlice> next = new ArrayList<>();
      int counted = 0;
      for (int r = 0; r < toCut.size(); r++) {
        List<TimeSlice> parts = partsPerRange.get(r);
        long countedSoFar = 0;
        for (int i = 0; i < parts.size(); i++) {
          TimeSlice part = parts.get(i);
          long partRecords =
              i < parts.size() - 1
                  ? counts.get(counted++)
                  : Math.max(0, toCut.get(r).records() - countedSoFar);
          countedSoFar += partRecords;
          accept(new TimeSlice(part.from(), part.to(), partRecords), accepted, next);
        }
      }
      toCut = next;
    }
    accepted.sort(Comparator.comparing(TimeSlice::from));
    return mergeSmallNeighbours(accepted);
  }

  /** A range small enough, or one second long (updated_at has whole seconds), is a slice. */
  private void accept(TimeSlice range, List<TimeSlice> accepted, List<TimeSlice> toCut) {
    (range.records() <= targetSliceRecords || range.seconds() <= 1 ? accepted : toCut).add(range);
  }

  /** ceil(records / target) equal whole-second parts, at least two; their records unknown (0). */
  private List<TimeSlice> parts(TimeSlice range) {
    long from = range.from().getEpochSecond();
    long seconds = range.seconds();
    long parts = Math.min(seconds, Math.max(2, ceilDiv(range.records(), targetSliceRecords)));
    List<TimeSlice> out = new ArrayList<>();
    for (long i = 0; i < parts; i++) {
      out.add(
          new TimeSlice(
              Instant.ofEpochSecond(from + seconds * i / parts),
              Instant.ofEpochSecond(from + seconds * (i + 1) / parts),
              0));
    }
    return out;
  }

  private List<TimeSlice> mergeSmallNeighbours(List<TimeSlice> parts) {
    List<TimeSlice> merged = new ArrayList<>();
    TimeSlice current = null;
    for (TimeSlice part : parts) {
      if (current != null && current.records() + part.records() <= targetSliceRecords) {
        current = new TimeSlice(current.from(), part.to(), current.records() + part.records());
      } else {
        if (current != null) {
          merged.add(current);
        }
        current = part;
      }
    }
    if (current != null) {
      merged.add(current);
    }
    return merged;
  }

  /**
   * Contiguous slices merged pairwise, smallest combined count first, until at most {@code max} are
   * left (a bulk window is at most as many jobs as Shopify runs at once).
   */
  static List<TimeSlice> atMost(List<TimeSlice> slices, int max) {
    List<TimeSlice> out = new ArrayList<>(slices);
    while (out.size() > max) {
      int best = 0;
      for (int i = 1; i + 1 < out.size(); i++) {
        if (out.get(i).records() + out.get(i + 1).records()
            < out.get(best).records() + out.get(best + 1).records()) {
          best = i;
        }
      }
      TimeSlice a = out.get(best);
      TimeSlice b = out.remove(best + 1);
      out.set(best, new TimeSlice(a.from(), b.to(), a.records() + b.records()));
    }
    return out;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
