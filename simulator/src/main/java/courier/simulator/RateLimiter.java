package courier.simulator;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shopify's REST leaky bucket, one per API client (app). Each request adds one unit; the bucket
 * drains continuously at the plan's leak rate; a request that would overflow it gets 429 and adds
 * nothing. Levels are kept in integer nano-units (1 request = 10^9) and drained by elapsed
 * nanoseconds × leak rate, so there is no floating-point drift; every bucket is updated under its
 * own lock, so concurrent clients see exact counts. Rate limits run on wall time, not the sim
 * clock.
 */
final class RateLimiter {
  private static final long UNIT = 1_000_000_000L;

  /** Outcome of one request against a bucket. */
  record Result(boolean throttled, long used, int size) {
    String header() {
      return used + "/" + size;
    }
  }

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private volatile Plan plan;

  RateLimiter(Plan plan) {
    this.plan = plan;
  }

  Plan plan() {
    return plan;
  }

  void setPlan(Plan plan) {
    this.plan = plan;
  }

  /** Adds one request to the app's bucket, or refuses it when the bucket is full. */
  Result take(String app) {
    return buckets.computeIfAbsent(app, k -> new Bucket()).take(plan, System.nanoTime());
  }

  /** The app's current level without adding a request (for error responses that don't count). */
  Result peek(String app) {
    Bucket b = app == null ? null : buckets.get(app);
    Plan p = plan;
    if (b == null) {
      return new Result(false, 0, p.bucketSize());
    }
    return b.peek(p, System.nanoTime());
  }

  private static final class Bucket {
    private long level;
    private long last = System.nanoTime();

    synchronized Result take(Plan p, long now) {
      drain(p, now);
      long size = p.bucketSize() * UNIT;
      if (p.throttles() && level + UNIT > size) {
        return new Result(true, ceil(level), p.bucketSize());
      }
      level = Math.min(level + UNIT, size);
      return new Result(false, ceil(level), p.bucketSize());
    }

    synchronized Result peek(Plan p, long now) {
      drain(p, now);
      return new Result(false, ceil(level), p.bucketSize());
    }

    private void drain(Plan p, long now) {
      long elapsed = Math.max(0, Math.min(now - last, 3_600L * UNIT));
      level = Math.max(0, level - elapsed * p.leakPerSecond());
      level = Math.min(level, p.bucketSize() * UNIT);
      last = now;
    }

    private static long ceil(long units) {
      return (units + UNIT - 1) / UNIT;
    }
  }
}
