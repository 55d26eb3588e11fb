package courier.simulator;

import java.util.List;

/**
 * A tiny deterministic random stream (SplitMix64). Every generated entity draws from its own stream
 * seeded by (simulator seed, purpose, index), so an entity can be regenerated on demand, alone and
 * in any order, and always comes out the same.
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** The stream for one (seed, purpose, index) triple. */
  static Rng of(long seed, long purpose, long index) {
    return new Rng(hash(seed, purpose, index));
  }

  /** A well-mixed 64-bit hash of three values. */
  static long hash(long seed, long purpose, long index) {
    return mix(seed ^ mix(purpose * GOLDEN + mix(index + GOLDEN)));
  }

  /**
   * A uniform double in [0,1) from a hash of three values (used for per-request fault decisions).
   */
  static double unit(long seed, long purpose, long index) {
    return (hash(seed, purpose, index) >>> 11) * 0x1.0p-53;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += GOLDEN;
    return mix(state);
  }

  /** Uniform in [0, bound); bound must be positive. */
  int nextInt(int bound) {
    return (int) nextLong((long) bound);
  }

  /** Uniform in [0, bound); bound must be positive. */
  long nextLong(long bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    return Long.remainderUnsigned(nextLong(), bound);
  }

  /** Uniform in [lo, hi], both inclusive. */
  int between(int lo, int hi) {
    return lo + nextInt(hi - lo + 1);
  }

  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  boolean chance(double p) {
    return nextDouble() < p;
  }

  <T> T pick(T[] values) {
    return values[nextInt(values.length)];
  }

  <T> T pick(List<T> values) {
    return values.get(nextInt(values.size()));
  }

  /** {@code n} lowercase hex digits, e.g. for cart and checkout tokens. */
  String hex(int n) {
    StringBuilder sb = new StringBuilder(n);
    long bits = 0;
    for (int i = 0; i < n; i++) {
      if (i % 16 == 0) {
        bits = nextLong();
      }
      sb.append(Character.forDigit((int) (bits & 0xF), 16));
      bits >>>= 4;
    }
    return sb.toString();
  }
}
