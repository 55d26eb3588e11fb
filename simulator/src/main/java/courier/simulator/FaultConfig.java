package courier.simulator;

import java.util.Locale;

/**
 * How often API requests fail, and how. Each rate is the probability that one API request gets that
 * fault; which request gets which fault is a seeded function of the simulator's request counter, so
 * a run with the same seed and request sequence sees the same faults. Immutable.
 *
 * <p>{@code serverErrorRate} is spread evenly over 500, 502, 503 and 504.
 */
public final class FaultConfig {
  /** Default delay of a {@link FaultKind#SLOW} response. */
  public static final int DEFAULT_SLOW_MS = 2_000;

  private static final FaultConfig NONE = builder().build();

  private final double serverErrorRate;
  private final double resetRate;
  private final double truncateRate;
  private final double slowRate;
  private final int slowMs;

  private FaultConfig(Builder b) {
    this.serverErrorRate = b.serverErrorRate;
    this.resetRate = b.resetRate;
    this.truncateRate = b.truncateRate;
    this.slowRate = b.slowRate;
    this.slowMs = b.slowMs;
  }

  /** No faults. */
  public static FaultConfig none() {
    return NONE;
  }

  /**
   * Shorthand that spreads {@code rate} over the kinds: half server errors, a fifth connection
   * resets, a fifth truncated bodies, a tenth slow responses (of {@link #DEFAULT_SLOW_MS}).
   */
  public static FaultConfig faultRate(double rate) {
    check("faultRate", rate);
    return builder()
        .serverErrorRate(rate * 0.5)
        .resetRate(rate * 0.2)
        .truncateRate(rate * 0.2)
        .slowRate(rate * 0.1)
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public double serverErrorRate() {
    return serverErrorRate;
  }

  public double resetRate() {
    return resetRate;
  }

  public double truncateRate() {
    return truncateRate;
  }

  public double slowRate() {
    return slowRate;
  }

  public int slowMs() {
    return slowMs;
  }

  /** Sum of all rates: the probability that a request gets some fault. */
  public double totalRate() {
    return serverErrorRate + resetRate + truncateRate + slowRate;
  }

  /**
   * Maps a uniform number in [0,1) to a fault, or null for "no fault". The ranges are laid out one
   * after the other, so each kind occurs with its configured probability.
   */
  FaultKind pick(double u) {
    double edge = serverErrorRate / 4;
    if (u < edge) {
      return FaultKind.HTTP_500;
    }
    if (u < (edge += serverErrorRate / 4)) {
      return FaultKind.HTTP_502;
    }
    if (u < (edge += serverErrorRate / 4)) {
      return FaultKind.HTTP_503;
    }
    if (u < (edge += serverErrorRate / 4)) {
      return FaultKind.HTTP_504;
    }
    if (u < (edge += resetRate)) {
      return FaultKind.RESET;
    }
    if (u < (edge += truncateRate)) {
      return FaultKind.TRUNCATE;
    }
    if (u < edge + slowRate) {
      return FaultKind.SLOW;
    }
    return null;
  }

  public Builder toBuilder() {
    return builder()
        .serverErrorRate(serverErrorRate)
        .resetRate(resetRate)
        .truncateRate(truncateRate)
        .slowRate(slowRate)
        .slowMs(slowMs);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "FaultConfig{serverErrorRate=%s, resetRate=%s, truncateRate=%s, slowRate=%s, slowMs=%d}",
        serverErrorRate,
        resetRate,
        truncateRate,
        slowRate,
        slowMs);
  }

  private static void check(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1, was " + rate);
    }
  }

  /** Builder; every rate defaults to 0. */
  public static final class Builder {
    private double serverErrorRate;
    private double resetRate;
    private double truncateRate;
    private double slowRate;
    private int slowMs = DEFAULT_SLOW_MS;

    private Builder() {}

    /** Probability of a 5xx answer, spread evenly over 500, 502, 503 and 504. */
    public Builder serverErrorRate(double rate) {
      check("serverErrorRate", rate);
      this.serverErrorRate = rate;
      return this;
    }

    /** Probability that the connection is closed without a response. */
    public Builder resetRate(double rate) {
      check("resetRate", rate);
      this.resetRate = rate;
      return this;
    }

    /** Probability that a 200 body is cut mid-JSON and the connection closed. */
    public Builder truncateRate(double rate) {
      check("truncateRate", rate);
      this.truncateRate = rate;
      return this;
    }

    /** Probability that a response is delayed by {@link #slowMs(int)}. */
    public Builder slowRate(double rate) {
      check("slowRate", rate);
      this.slowRate = rate;
      return this;
    }

    /**
     * Spreads {@code rate} over the kinds as {@link FaultConfig#faultRate(double)} does (keeps
     * slowMs).
     */
    public Builder faultRate(double rate) {
      FaultConfig f = FaultConfig.faultRate(rate);
      return serverErrorRate(f.serverErrorRate)
          .resetRate(f.resetRate)
          .truncateRate(f.truncateRate)
          .slowRate(f.slowRate);
    }

    /** Delay of a slow response, in milliseconds. */
    public Builder slowMs(int ms) {
      if (ms < 0) {
        throw new IllegalArgumentException("slowMs must be >= 0, was " + ms);
      }
      this.slowMs = ms;
      return this;
    }

    public FaultConfig build() {
      double total = serverErrorRate + resetRate + truncateRate + slowRate;
      if (total > 1.0 + 1e-9) {
        throw new IllegalArgumentException("fault rates add up to " + total + ", more than 1");
      }
      return new FaultConfig(this);
    }
  }
}
