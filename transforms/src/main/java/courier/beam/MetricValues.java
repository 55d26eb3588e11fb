package courier.beam;

import org.apache.beam.sdk.metrics.MetricResult;

/** Reading a counter's value the same way on every runner. */
public final class MetricValues {
  private MetricValues() {}

  /** The committed value where the runner has one, else the attempted value; 0 when neither. */
  public static long of(MetricResult<Long> counter) {
    try {
      Long committed = counter.getCommitted();
      if (committed != null) {
        return committed;
      }
    } catch (UnsupportedOperationException committedNotSupported) {
      // Flink reports attempted values only
    }
    Long attempted = counter.getAttempted();
    return attempted == null ? 0 : attempted;
  }
}
