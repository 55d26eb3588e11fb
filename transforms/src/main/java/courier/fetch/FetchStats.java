package courier.fetch;

import courier.beam.MetricValues;
import courier.shopify.ShopifyResource;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The fetch's counters read back from a finished run, per resource, for the driver's summary and
 * the run manifest. Counter names are {@code <resource>.<counter>} in namespace {@value
 * #NAMESPACE}.
 */
public final class FetchStats {
  public static final String NAMESPACE = "courier.fetch";

  public static final String REQUESTS = "requests";
  public static final String RECORDS = "records";
  public static final String PAGES = "pages";
  public static final String THROTTLED = "throttled";
  public static final String RETRIES = "retries";
  public static final String WAIT_MS = "wait_ms";
  public static final String VARIANTS_POSSIBLY_TRUNCATED = "variants_possibly_truncated";
  public static final String ADDRESSES_COMPLETED = "addresses_completed";
  public static final String OVERFLOW_REQUESTS = "overflow_requests";
  public static final String POINTS_SPENT = "points_spent";
  static final List<String> COUNTERS =
      List.of(
          REQUESTS,
          RECORDS,
          PAGES,
          THROTTLED,
          RETRIES,
          WAIT_MS,
          VARIANTS_POSSIBLY_TRUNCATED,
          ADDRESSES_COMPLETED,
          OVERFLOW_REQUESTS,
          POINTS_SPENT);

  /** One resource's figures. */
  public record ResourceStats(
      long requests,
      long records,
      long pages,
      long throttled,
      long retries,
      long waitMs,
      long variantsPossiblyTruncated,
      long addressesCompleted,
      long overflowRequests,
      long pointsSpent) {

    static ResourceStats of(Map<String, Long> counters) {
      return new ResourceStats(
          counters.getOrDefault(REQUESTS, 0L),
          counters.getOrDefault(RECORDS, 0L),
          counters.getOrDefault(PAGES, 0L),
          counters.getOrDefault(THROTTLED, 0L),
          counters.getOrDefault(RETRIES, 0L),
          counters.getOrDefault(WAIT_MS, 0L),
          counters.getOrDefault(VARIANTS_POSSIBLY_TRUNCATED, 0L),
          counters.getOrDefault(ADDRESSES_COMPLETED, 0L),
          counters.getOrDefault(OVERFLOW_REQUESTS, 0L),
          counters.getOrDefault(POINTS_SPENT, 0L));
    }

    /** Counter name → value, for a manifest. */
    public Map<String, Long> asMap() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put(RECORDS, records);
      m.put(REQUESTS, requests);
      m.put(PAGES, pages);
      m.put(THROTTLED, throttled);
      m.put(RETRIES, retries);
      m.put(WAIT_MS, waitMs);
      m.put(VARIANTS_POSSIBLY_TRUNCATED, variantsPossiblyTruncated);
      m.put(ADDRESSES_COMPLETED, addressesCompleted);
      m.put(OVERFLOW_REQUESTS, overflowRequests);
      m.put(POINTS_SPENT, pointsSpent);
      return m;
    }
  }

  private final Map<ShopifyResource, ResourceStats> byResource;

  private FetchStats(Map<ShopifyResource, ResourceStats> byResource) {
    this.byResource = Collections.unmodifiableMap(byResource);
  }

  /**
   * Reads the counters of a finished (or running) pipeline; committed values where the runner has
   * them.
   */
  public static FetchStats from(PipelineResult result) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(NAMESPACE))
                    .build());
    Map<ShopifyResource, Map<String, Long>> sums = new EnumMap<>(ShopifyResource.class);
    for (MetricResult<Long> counter : metrics.getCounters()) {
      String name = counter.getName().getName();
      int dot = name.indexOf('.');
      if (dot < 0) {
        continue;
      }
      ShopifyResource resource;
      try {
        resource = ShopifyResource.fromPath(name.substring(0, dot));
      } catch (IllegalArgumentException notOurs) {
        continue;
      }
      // Summed over steps: planning and fetching both send requests.
      sums.computeIfAbsent(resource, r -> new HashMap<>())
          .merge(name.substring(dot + 1), MetricValues.of(counter), Long::sum);
    }
    Map<ShopifyResource, ResourceStats> stats = new EnumMap<>(ShopifyResource.class);
    sums.forEach((resource, counters) -> stats.put(resource, ResourceStats.of(counters)));
    return new FetchStats(stats);
  }

  /** Resources that had any activity. */
  public Map<ShopifyResource, ResourceStats> byResource() {
    return byResource;
  }

  /** A resource's figures; all zero if it was not fetched. */
  public ResourceStats of(ShopifyResource resource) {
    return byResource.getOrDefault(resource, ResourceStats.of(Map.of()));
  }

  /** One line per resource, e.g. for the driver's end-of-run summary. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    byResource.forEach(
        (resource, s) ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "%s: %,d records, %,d requests (%,d pages, %,d overflow), throttled %,d, retries %,d, waited %,.1f s%s%s%n",
                    resource.path(),
                    s.records(),
                    s.requests(),
                    s.pages(),
                    s.overflowRequests(),
                    s.throttled(),
                    s.retries(),
                    s.waitMs() / 1000.0,
                    s.addressesCompleted() > 0
                        ? String.format(
                            Locale.ROOT, ", addresses completed for %,d", s.addressesCompleted())
                        : "",
                    s.variantsPossiblyTruncated() > 0
                        ? String.format(
                            Locale.ROOT,
                            ", %,d products may have more than 100 variants",
                            s.variantsPossiblyTruncated())
                        : "")));
    return sb.toString();
  }

  @Override
  public String toString() {
    return summary();
  }
}
