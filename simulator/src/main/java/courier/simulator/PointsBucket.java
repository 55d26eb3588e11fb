package courier.simulator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Shopify's GraphQL leaky bucket, one per API client: it holds up to the plan's maximum points and
 * restores its restore rate per second; a query takes its requested cost up front (THROTTLED when
 * that is more than is available) and gets back the difference to its actual cost afterwards.
 * Points are kept in milli-points, restored by elapsed nanoseconds from {@code nanoClock}
 * (System::nanoTime, or a test's fake clock).
 */
final class PointsBucket {
  private static final long MILLI = 1_000;

  /** The bucket after one take: whether it refused, and what is available now (points). */
  record Status(boolean throttled, long currentlyAvailable, int maximum, int restoreRate) {}

  private final ConcurrentHashMap<String, Level> levels = new ConcurrentHashMap<>();
  private final Supplier<Plan> plan;
  private final LongSupplier nanoClock;

  PointsBucket(Supplier<Plan> plan, LongSupplier nanoClock) {
    this.plan = plan;
    this.nanoClock = nanoClock;
  }

  /** Takes {@code requested} points from the app's bucket, or refuses when too few are left. */
  Status take(String app, int requested) {
    return level(app).change(plan.get(), nanoClock.getAsLong(), -requested, true);
  }

  /** Gives back {@code points} (requested minus actual) after a query ran. */
  Status refund(String app, int points) {
    return level(app).change(plan.get(), nanoClock.getAsLong(), points, false);
  }

  private Level level(String app) {
    return levels.computeIfAbsent(app, k -> new Level(plan.get(), nanoClock.getAsLong()));
  }

  private static final class Level {
    private long available;
    private long last;

    Level(Plan p, long now) {
      this.available = p.graphqlMaximum() * MILLI;
      this.last = now;
    }

    synchronized Status change(Plan p, long now, long points, boolean mayRefuse) {
      long max = p.graphqlMaximum() * MILLI;
      long elapsed = Math.max(0, now - last);
      // restoreRate points/s = restoreRate milli-points per ms; capped elapsed avoids overflow.
      long restored = Math.min(elapsed, 3_600_000_000_000L) / 1_000_000 * p.graphqlRestoreRate();
      available = Math.min(max, available + restored);
      last = now - elapsed % 1_000_000;
      if (!p.throttles()) {
        // No limit at all: the bucket stays full, so a client pacing on it never waits.
        available = max;
        return new Status(false, max / MILLI, p.graphqlMaximum(), p.graphqlRestoreRate());
      }
      boolean throttled = mayRefuse && available + points * MILLI < 0;
      if (!throttled) {
        available = Math.min(max, Math.max(0, available + points * MILLI));
      }
      return new Status(throttled, available / MILLI, p.graphqlMaximum(), p.graphqlRestoreRate());
    }
  }
}
