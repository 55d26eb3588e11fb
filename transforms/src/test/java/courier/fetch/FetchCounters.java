package courier.fetch;

import courier.shopify.ShopifyResource;
import java.io.Closeable;
import java.io.IOException;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsEnvironment;

/**
 * The fetch's Beam counters as a runner collects them, for a DoFn called directly: while open, what
 * the calling thread counts goes to one step's container, read back by resource and name.
 */
final class FetchCounters implements Closeable {
  private final MetricsContainerImpl container = new MetricsContainerImpl("fetch-under-test");
  private final Closeable scope = MetricsEnvironment.scopedMetricsContainer(container);

  /**
   * The counter {@code name} of {@code resource} ({@code orders.records}); 0 when never counted.
   */
  long get(ShopifyResource resource, String name) {
    return container
        .getCounter(MetricName.named(FetchStats.NAMESPACE, resource.path() + "." + name))
        .getCumulative();
  }

  @Override
  public void close() throws IOException {
    scope.close();
  }
}
