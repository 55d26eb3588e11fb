package courier.simulator;

import java.util.Locale;

/**
 * Shopify plans as far as rate limits go. REST: a leaky bucket of {@link #bucketSize()} requests
 * that drains {@link #leakPerSecond()} requests per second (every real plan leaks size/20 per
 * second). GraphQL: a bucket of {@link #graphqlMaximum()} cost points that restores {@link
 * #graphqlRestoreRate()} points per second (shopify.dev "GraphQL Admin API rate limits").
 */
public enum Plan {
  STANDARD(40, 2, 2_000, 100),
  ADVANCED(80, 4, 4_000, 200),
  PLUS(400, 20, 20_000, 1_000),
  /** Commerce Components: REST limits as Plus, GraphQL twice Plus. */
  ENTERPRISE(400, 20, 40_000, 2_000),
  /**
   * No throttling at all. The call-limit header and the GraphQL cost extension still report a
   * bucket so a client that reads them keeps working (the GraphQL bucket is always full); the
   * simulator never throttles on this plan.
   */
  UNLIMITED(10_000, 500, 40_000, 2_000);

  private final int bucketSize;
  private final int leakPerSecond;
  private final int graphqlMaximum;
  private final int graphqlRestoreRate;

  Plan(int bucketSize, int leakPerSecond, int graphqlMaximum, int graphqlRestoreRate) {
    this.bucketSize = bucketSize;
    this.leakPerSecond = leakPerSecond;
    this.graphqlMaximum = graphqlMaximum;
    this.graphqlRestoreRate = graphqlRestoreRate;
  }

  /** GraphQL: the points a full bucket holds ({@code throttleStatus.maximumAvailable}). */
  public int graphqlMaximum() {
    return graphqlMaximum;
  }

  /** GraphQL: the points restored per second ({@code throttleStatus.restoreRate}). */
  public int graphqlRestoreRate() {
    return graphqlRestoreRate;
  }

  public int bucketSize() {
    return bucketSize;
  }

  public int leakPerSecond() {
    return leakPerSecond;
  }

  /** True when a full bucket answers 429 or THROTTLED (every plan except {@link #UNLIMITED}). */
  public boolean throttles() {
    return this != UNLIMITED;
  }

  /** Parses {@code standard}, {@code ADVANCED}, ... case-insensitively. */
  public static Plan parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown plan '" + s + "' (standard, advanced, plus, enterprise, unlimited)");
    }
  }
}
