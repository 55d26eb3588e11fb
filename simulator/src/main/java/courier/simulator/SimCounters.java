package courier.simulator;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of what the simulator has seen since start or the last {@link
 * ShopifySimulator#resetCounters()}. Only Shopify-facing requests are counted (API and OAuth), not
 * {@code /_sim/} control calls.
 *
 * <p>Endpoint keys are the path below {@code /admin/api/{version}/} with ids replaced by {@code
 * {id}}: {@code "orders.json"}, {@code "orders/count.json"}, {@code
 * "customers/{id}/addresses.json"}, {@code "products/{id}/variants.json"}; plus {@code
 * "oauth/access_token"} and {@code "unknown"} for paths that matched nothing. GraphQL requests
 * count under {@code "graphql.json"} and, once their operation is known, {@code
 * "graphql:<operationName>"} ({@code graphql:anonymous} without a name).
 */
public final class SimCounters {
  private final long totalRequests;
  private final Map<String, Long> requestsByEndpoint;
  private final Map<Integer, Long> responsesByStatus;
  private final long throttled;
  private final Map<FaultKind, Long> faults;
  private final int maxInFlight;
  private final GraphqlPoints graphql;
  private final long bulkOperationsStarted;
  private final long gzippedResponses;

  /**
   * GraphQL cost points charged (requested up front, actual after the refund) and queries refused
   * with THROTTLED.
   */
  public record GraphqlPoints(long requested, long actual, long throttled) {}

  SimCounters(
      long totalRequests,
      Map<String, Long> requestsByEndpoint,
      Map<Integer, Long> responsesByStatus,
      long throttled,
      Map<FaultKind, Long> faults,
      int maxInFlight,
      GraphqlPoints graphql,
      long bulkOperationsStarted,
      long gzippedResponses) {
    this.bulkOperationsStarted = bulkOperationsStarted;
    this.gzippedResponses = gzippedResponses;
    this.totalRequests = totalRequests;
    this.requestsByEndpoint = Collections.unmodifiableMap(new TreeMap<>(requestsByEndpoint));
    this.responsesByStatus = Collections.unmodifiableMap(new TreeMap<>(responsesByStatus));
    this.throttled = throttled;
    EnumMap<FaultKind, Long> f = new EnumMap<>(FaultKind.class);
    for (FaultKind k : FaultKind.values()) {
      f.put(k, faults.getOrDefault(k, 0L));
    }
    this.faults = Collections.unmodifiableMap(f);
    this.maxInFlight = maxInFlight;
    this.graphql = graphql;
  }

  /** GraphQL points and THROTTLED answers since start or reset. */
  public GraphqlPoints getGraphql() {
    return graphql;
  }

  /** Bulk query operations accepted (bulkOperationRunQuery without a userError). */
  public long getBulkOperationsStarted() {
    return bulkOperationsStarted;
  }

  /** API answers sent gzipped (the request accepted gzip; see Builder#gzip). */
  public long getGzippedResponses() {
    return gzippedResponses;
  }

  /** All API and OAuth requests received. */
  public long getTotalRequests() {
    return totalRequests;
  }

  /** Requests per endpoint key (see class comment). */
  public Map<String, Long> getRequestsByEndpoint() {
    return requestsByEndpoint;
  }

  /** Requests to one endpoint key, 0 if none. */
  public long getRequests(String endpoint) {
    return requestsByEndpoint.getOrDefault(endpoint, 0L);
  }

  /**
   * Responses per HTTP status code (resets and truncations are not responses and not counted here).
   */
  public Map<Integer, Long> getResponsesByStatus() {
    return responsesByStatus;
  }

  /** Number of 429 answers sent. */
  public long getThrottled() {
    return throttled;
  }

  /** Faults injected, per kind (every kind present, 0 when none). */
  public Map<FaultKind, Long> getFaults() {
    return faults;
  }

  /** Faults of one kind injected. */
  public long getFaults(FaultKind kind) {
    return faults.get(kind);
  }

  /** All faults injected. */
  public long getTotalFaults() {
    long sum = 0;
    for (long v : faults.values()) {
      sum += v;
    }
    return sum;
  }

  /** Highest number of requests that were being handled at the same moment. */
  public int getMaxInFlight() {
    return maxInFlight;
  }

  @Override
  public String toString() {
    return "SimCounters{total="
        + totalRequests
        + ", byEndpoint="
        + requestsByEndpoint
        + ", byStatus="
        + responsesByStatus
        + ", throttled="
        + throttled
        + ", faults="
        + faults
        + ", maxInFlight="
        + maxInFlight
        + ", graphql="
        + graphql
        + ", bulkOperationsStarted="
        + bulkOperationsStarted
        + ", gzippedResponses="
        + gzippedResponses
        + "}";
  }
}
