package courier.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulator's notion of "now": the time mutations stamp into {@code updated_at} and the
 * reference for the 60-day order visibility rule. Fixed unless built to follow wall time, so tests
 * decide exactly when time passes. Thread-safe.
 */
public final class SimClock {
  private final boolean followsWallTime;
  private Instant anchor;
  private long anchorNanos;

  SimClock(Instant start, boolean followsWallTime) {
    this.followsWallTime = followsWallTime;
    this.anchor = start;
    this.anchorNanos = System.nanoTime();
  }

  /** The current simulated instant. */
  public synchronized Instant now() {
    if (!followsWallTime) {
      return anchor;
    }
    return anchor.plusNanos(System.nanoTime() - anchorNanos);
  }

  /** Jumps to {@code instant} (time may also go backwards). */
  public synchronized void set(Instant instant) {
    if (instant == null) {
      throw new IllegalArgumentException("instant must not be null");
    }
    anchor = instant;
    anchorNanos = System.nanoTime();
  }

  /** Moves the clock forward by {@code d} (or backwards for a negative duration). */
  public synchronized Instant advance(Duration d) {
    set(now().plus(d));
    return anchor;
  }

  /** Whether the clock moves by itself with wall time. */
  public boolean followsWallTime() {
    return followsWallTime;
  }

  /** Current simulated time in whole epoch seconds (Shopify timestamps have second resolution). */
  long nowEpochSecond() {
    return now().getEpochSecond();
  }
}
