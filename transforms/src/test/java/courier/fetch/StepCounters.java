package courier.fetch;

import courier.shopify.ShopifyResource;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsEnvironment;

/**
 * The fetch's Beam counters ({@link FetchStats}' names) that a DoFn called directly on this thread
 * increments while this is open, as a runner's step would collect them for the run's figures.
 */
final class StepCounters implements AutoCloseable {
  private final MetricsContainerImpl container = new MetricsContainerImpl("fetch-step");
  private final Closeable scope = MetricsEnvironment.scopedMetricsContainer(container);

  /** e.g. {@code get(ORDERS, FetchStats.PAGES)}. */
  long get(ShopifyResource resource, String counter) {
    return container
        .getCounter(MetricName.named(FetchStats.NAMESPACE, resource.path() + "." + counter))
        .getCumulative();
  }

  @Override
  public void close() {
    try {
      scope.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
