package courier.fetch;

import courier.shopify.RequestObserver;
import courier.shopify.ShopifyResource;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Beam counters of the fetch, per resource, in namespace {@value FetchStats#NAMESPACE} (e.g. {@code
 * orders.requests}), and the same events fed to the JVM's {@link FetchProgress}. Created by each
 * DoFn in {@code @Setup}; Beam attributes counter increments to the running step.
 */
final class FetchMetrics implements RequestObserver, ShopifyResource.CompletenessObserver {
  private final Map<ShopifyResource, Map<String, Counter>> counters =
      new EnumMap<>(ShopifyResource.class);
  private final FetchProgress progress;

  FetchMetrics(FetchProgress progress) {
    this.progress = progress;
    for (ShopifyResource resource : ShopifyResource.values()) {
      Map<String, Counter> named = new HashMap<>();
      for (String name : FetchStats.COUNTERS) {
        named.put(name, Metrics.counter(FetchStats.NAMESPACE, resource.path() + "." + name));
      }
      counters.put(resource, named);
    }
  }

  private void inc(ShopifyResource resource, String name, long n) {
    if (resource != null && n != 0) {
      counters.get(resource).get(name).inc(n);
    }
  }

  @Override
  public void requestSent(ShopifyResource resource) {
    inc(resource, FetchStats.REQUESTS, 1);
    if (resource != null) {
      progress.requestSent(resource);
    }
  }

  @Override
  public void throttled(ShopifyResource resource) {
    inc(resource, FetchStats.THROTTLED, 1);
    if (resource != null) {
      progress.throttled(resource);
    }
  }

  @Override
  public void retried(ShopifyResource resource) {
    inc(resource, FetchStats.RETRIES, 1);
  }

  @Override
  public void waited(ShopifyResource resource, long millis) {
    inc(resource, FetchStats.WAIT_MS, millis);
    if (resource != null && millis > 0) {
      progress.waited(resource, millis);
    }
  }

  @Override
  public void overflowRequested(ShopifyResource resource) {
    inc(resource, FetchStats.OVERFLOW_REQUESTS, 1);
  }

  @Override
  public void pointsSpent(ShopifyResource resource, long points) {
    inc(resource, FetchStats.POINTS_SPENT, points);
  }

  void pageRead(ShopifyResource resource) {
    inc(resource, FetchStats.PAGES, 1);
  }

  void recordsEmitted(ShopifyResource resource, int records) {
    inc(resource, FetchStats.RECORDS, records);
    progress.recordsEmitted(resource, records);
  }

  /** A bundle of the step ended: resources without a progress line yet get theirs now. */
  void bundleFinished() {
    progress.logFirstLines();
  }

  void expected(ShopifyResource resource, long records) {
    progress.expect(resource, records);
  }

  @Override
  public void addressesCompleted() {
    inc(ShopifyResource.CUSTOMERS, FetchStats.ADDRESSES_COMPLETED, 1);
  }

  @Override
  public void variantsPossiblyTruncated() {
    inc(ShopifyResource.PRODUCTS, FetchStats.VARIANTS_POSSIBLY_TRUNCATED, 1);
  }
}
