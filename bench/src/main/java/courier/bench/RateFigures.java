package courier.bench;

import java.util.List;

/**
 * What the request counts sampled during a run say about the rate limit.
 *
 * <p>A leaky bucket of size {@code B} leaking {@code L} requests per second, starting empty, lets
 * any stretch of time T hold at most {@code B + L·T} accepted requests: the first {@code B} can go
 * at once (the initial burst), everything after that at {@code L}/s. So:
 *
 * <ul>
 *   <li>the <b>burst</b> lasts until the bucket is first (nearly) full: the level is replayed from
 *       the samples (+1 per accepted, non-429 request, −L per second, never below 0) and the burst
 *       ends at the first sample where it reaches {@code B − 2·L}, two seconds of leak short of
 *       full (the governor keeps one second of margin). Counting the first B requests instead would
 *       be wrong when they trickle in (slice planning sends its counts one at a time while the
 *       bucket leaks);
 *   <li>the <b>rate after the burst</b> is the accepted requests after that sample divided by the
 *       time from it to the last request of the run; <b>utilisation</b> is that rate over {@code
 *       L};
 *   <li>the <b>theoretical minimum</b> time for N accepted requests is {@code (N − B) / L} (0 when
 *       N ≤ B), to be set against the fetch's span, first request to last.
 * </ul>
 *
 * Samples are cumulative counters (the simulator's, polled every few ms), so times are exact to the
 * polling interval.
 */
record RateFigures(
    long requests,
    long throttled,
    long accepted,
    double fetchSpanSeconds,
    Double rateAfterBurst,
    Double utilisation,
    double theoreticalMinSeconds,
    long burstRequests,
    List<Long> acceptedPerSecond) {

  /** One poll of the simulator's counters: {@code nanos} on any monotonic clock. */
  record Sample(long nanos, long requests, long throttled) {
    long accepted() {
      return requests - throttled;
    }
  }

  static RateFigures of(List<Sample> samples, int bucketSize, double leakPerSecond) {
    return of(samples, bucketSize, leakPerSecond, 0);
  }

  /**
   * As above, for a client that keeps {@code headroom} free: a GraphQL query is charged its
   * requested cost before it runs (up to 1,000 points) and refunded the unused part after, so a
   * client at full speed keeps the bucket that far from full; measured in points actually spent,
   * its burst ends {@code headroom} earlier.
   */
  static RateFigures of(
      List<Sample> samples, int bucketSize, double leakPerSecond, double headroom) {
    if (samples.isEmpty()) {
      return new RateFigures(0, 0, 0, 0, null, null, 0, 0, List.of());
    }
    Sample last = samples.get(samples.size() - 1);
    long requests = last.requests();
    long throttled = last.throttled();
    long accepted = last.accepted();
    // First request: the first sample that saw one. Last request: the first sample showing the
    // final count.
    Sample first = null;
    Sample end = null;
    Sample burstEnd = null;
    double level = 0;
    Sample previous = null;
    double nearlyFull = bucketSize - headroom - 2 * leakPerSecond;
    for (Sample s : samples) {
      if (first == null && s.requests() > 0) {
        first = s;
      }
      if (previous != null) {
        level = Math.max(0, level - (s.nanos() - previous.nanos()) / 1e9 * leakPerSecond);
      }
      level += s.accepted() - (previous == null ? 0 : previous.accepted());
      previous = s;
      if (burstEnd == null && level >= nearlyFull) {
        burstEnd = s;
      }
      if (end == null && s.requests() == requests) {
        end = s;
      }
    }
    double span = first == null ? 0 : (end.nanos() - first.nanos()) / 1e9;
    Double rate = null;
    Double utilisation = null;
    long burst = burstEnd == null ? accepted : burstEnd.accepted();
    if (burstEnd != null && end.nanos() > burstEnd.nanos()) {
      rate = (accepted - burstEnd.accepted()) / ((end.nanos() - burstEnd.nanos()) / 1e9);
      utilisation = rate / leakPerSecond;
    }
    return new RateFigures(
        requests,
        throttled,
        accepted,
        span,
        rate,
        utilisation,
        theoreticalMinSeconds(accepted, bucketSize, leakPerSecond),
        burst,
        perSecond(samples, first, end));
  }

  /**
   * Accepted requests in each whole second from the first request to the last: the run's rate, to
   * plot.
   */
  private static List<Long> perSecond(List<Sample> samples, Sample first, Sample end) {
    List<Long> bins = new java.util.ArrayList<>();
    if (first == null) {
      return bins;
    }
    long before = 0;
    for (Sample s : samples) {
      if (s.nanos() > end.nanos()) {
        break;
      }
      if (s.nanos() < first.nanos()) {
        before = s.accepted();
        continue;
      }
      int bin = (int) ((s.nanos() - first.nanos()) / 1_000_000_000L);
      while (bins.size() <= bin) {
        bins.add(0L);
      }
      bins.set(bin, bins.get(bin) + s.accepted() - before);
      before = s.accepted();
    }
    return bins;
  }

  /** (N − bucket) / leak, or 0 when the bucket holds all N. */
  static double theoreticalMinSeconds(long requests, int bucketSize, double leakPerSecond) {
    return requests <= bucketSize ? 0 : (requests - bucketSize) / leakPerSecond;
  }
}
