package courier.simulator;

import java.util.Locale;

/**
 * Shopify plans as far as REST rate limits go: a leaky bucket of {@link #bucketSize()} requests
 * that drains {@link #leakPerSecond()} requests per second (every real plan leaks size/20 per
 * second).
 */
public enum Plan {
  STANDARD(40, 2),
  ADVANCED(80, 4),
  PLUS(400, 20),
  /**
   * No throttling at all. The call-limit header still reports a bucket (10000, leaking 500/s) so a
   * client that reads the header keeps working; the simulator never answers 429 on this plan.
   */
  UNLIMITED(10_000, 500);

  private final int bucketSize;
  private final int leakPerSecond;

  Plan(int bucketSize, int leakPerSecond) {
    this.bucketSize = bucketSize;
    this.leakPerSecond = leakPerSecond;
  }

  public int bucketSize() {
    return bucketSize;
  }

  public int leakPerSecond() {
    return leakPerSecond;
  }

  /** True when a full bucket answers 429 (every plan except {@link #UNLIMITED}). */
  public boolean throttles() {
    return this != UNLIMITED;
  }

  /** Parses {@code standard}, {@code ADVANCED}, ... case-insensitively. */
  public static Plan parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown plan '" + s + "' (standard, advanced, plus, unlimited)");
    }
  }
}
