package courier.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small statistics over repeated runs. */
final class Stats {
  private Stats() {}

  /** The median (mean of the middle two for an even count); null for no values. */
  static Double median(List<? extends Number> values) {
    List<Double> sorted = new ArrayList<>();
    for (Number v : values) {
      if (v != null) {
        sorted.add(v.doubleValue());
      }
    }
    if (sorted.isEmpty()) {
      return null;
    }
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** a / b, or null when either is missing or b is 0. */
  static Double ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? null : a / b;
  }

  /** Rounded to {@code digits} decimals, for JSON a person reads; null stays null. */
  static Double round(Double v, int digits) {
    if (v == null || v.isNaN() || v.isInfinite()) {
      return null;
    }
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
