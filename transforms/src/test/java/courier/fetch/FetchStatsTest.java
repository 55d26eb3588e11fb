package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.shopify.ShopifyResource;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricKey;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How a finished run's counters become the per-resource figures of the summary and the manifest:
 * summed over steps, committed values where the runner has them, other counters ignored. The run's
 * counters are given as a runner would report them, without running a pipeline.
 */
class FetchStatsTest {
  private static MetricResult<Long> committed(String step, String name, long value) {
    return MetricResult.create(key(step, name), value, value + 1_000);
  }

  private static MetricResult<Long> attemptedOnly(String step, String name, long value) {
    return MetricResult.attempted(key(step, name), value);
  }

  private static MetricKey key(String step, String name) {
    return MetricKey.create(step, MetricName.named(FetchStats.NAMESPACE, name));
  }

  /** A finished run whose metrics are {@code counters}. */
  private static PipelineResult finished(List<MetricResult<Long>> counters) {
    MetricResults metrics =
        new MetricResults() {
          @Override
          public MetricQueryResults queryMetrics(MetricsFilter filter) {
            return MetricQueryResults.create(counters, List.of(), List.of(), List.of());
          }
        };
    return new PipelineResult() {
      @Override
      public State getState() {
        return State.DONE;
      }

      @Override
      public State cancel() {
        return State.DONE;
      }

      @Override
      public State waitUntilFinish(Duration duration) {
        return State.DONE;
      }

      @Override
      public State waitUntilFinish() {
        return State.DONE;
      }

      @Override
      public MetricResults metrics() {
        return metrics;
      }
    };
  }

  @Test
  void countersAreSummedPerResourceOverSteps() {
    FetchStats stats =
        FetchStats.from(
            finished(
                List.of(
                    committed("PlanSlices", "orders.requests", 3),
                    committed("FetchSlices", "orders.requests", 40),
                    committed("FetchSlices", "orders.records", 1_000),
                    committed("FetchSlices", "orders.pages", 4),
                    committed("FetchSlices", "orders.throttled", 2),
                    committed("FetchSlices", "orders.retries", 1),
                    committed("FetchSlices", "orders.wait_ms", 2_500),
                    committed("FetchSlices", "orders.overflow_requests", 5),
                    committed("FetchSlices", "orders.points_spent", 900),
                    attemptedOnly("FetchSlices", "customers.records", 7),
                    committed("FetchSlices", "customers.addresses_completed", 2),
                    committed("FetchSlices", "products.variants_possibly_truncated", 1),
                    committed("FetchSlices", "undotted", 99),
                    committed("FetchSlices", "refunds.records", 99))));
    FetchStats.ResourceStats orders = stats.of(ShopifyResource.ORDERS);
    assertEquals(new FetchStats.ResourceStats(43, 1_000, 4, 2, 1, 2_500, 0, 0, 5, 900), orders);
    assertEquals(7, stats.of(ShopifyResource.CUSTOMERS).records(), "attempted when not committed");
    assertEquals(
        List.of(ShopifyResource.CUSTOMERS, ShopifyResource.ORDERS, ShopifyResource.PRODUCTS),
        List.copyOf(stats.byResource().keySet()));
    assertEquals(
        new FetchStats.ResourceStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        stats.of(ShopifyResource.LOCATIONS));
    assertEquals(
        "customers: 7 records, 0 requests (0 pages, 0 overflow), throttled 0, retries 0, waited"
            + " 0.0 s, addresses completed for 2\n"
            + "orders: 1,000 records, 43 requests (4 pages, 5 overflow), throttled 2, retries 1,"
            + " waited 2.5 s\n"
            + "products: 0 records, 0 requests (0 pages, 0 overflow), throttled 0, retries 0,"
            + " waited 0.0 s, 1 products may have more than 100 variants\n",
        stats.summary().replace(System.lineSeparator(), "\n"));
    assertEquals(stats.summary(), stats.toString());
    assertEquals(
        Map.of(
            "records", 1_000L,
            "requests", 43L,
            "pages", 4L,
            "throttled", 2L,
            "retries", 1L,
            "wait_ms", 2_500L,
            "variants_possibly_truncated", 0L,
            "addresses_completed", 0L,
            "overflow_requests", 5L,
            "points_spent", 900L),
        orders.asMap());
    assertEquals(FetchStats.COUNTERS.size(), orders.asMap().size());
  }
}
