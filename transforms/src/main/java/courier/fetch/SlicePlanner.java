package courier.fetch;

import java.time.Instant;
import java.util.ArrayList;
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
  }

  /** A planned time range and its counted (or derived) number of entities. */
  record TimeSlice(Instant from, Instant to, long records) {}

  private final long targetSliceRecords;
  private final RecordCounter counter;

  SlicePlanner(long targetSliceRecords, RecordCounter counter) {
    if (targetSliceRecords < 1) {
      throw new IllegalArgumentException("targetSliceRecords must be at least 1, got " + targetSliceRecords);
    }
    this.targetSliceRecords = targetSliceRecords;
    this.counter = counter;
  }

  /** Contiguous, ascending slices exactly covering {@code [from, to)}. */
  List<TimeSlice> plan(Instant from, Instant to) {
    List<TimeSlice> parts = new ArrayList<>();
    cut(from.getEpochSecond(), to.getEpochSecond(), counter.count(from, to), parts);
    return mergeSmallNeighbours(parts);
  }

  private void cut(long from, long to, long records, List<TimeSlice> out) {
    long seconds = to - from;
    if (records <= targetSliceRecords || seconds <= 1) {
      out.add(new TimeSlice(Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), records));
      return;
    }
    long parts = Math.min(seconds, Math.max(2, ceilDiv(records, targetSliceRecords)));
    long countedSoFar = 0;
    for (long i = 0; i < parts; i++) {
      long partFrom = from + seconds * i / parts;
      long partTo = from + seconds * (i + 1) / parts;
      // The parts add up to the whole, so the last one is derived instead of costing a request.
      long partRecords = i < parts - 1
          ? counter.count(Instant.ofEpochSecond(partFrom), Instant.ofEpochSecond(partTo))
          : Math.max(0, records - countedSoFar);
      countedSoFar += partRecords;
      cut(partFrom, partTo, partRecords, out);
    }
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

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
