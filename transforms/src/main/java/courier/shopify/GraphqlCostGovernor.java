package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Paces the GraphQL requests to one shop from this JVM on Shopify's cost bucket (graphql-mapping.md
 * §4.3), one per shop per JVM ({@link #forShop}), shared by every thread.
 *
 * <p>Model: the bucket as the last response reported it ({@code throttleStatus.currentlyAvailable}
 * at the time of that answer), restored at {@code restoreRate} points per second since, capped at
 * {@code maximumAvailable}. A request is sent once the bucket holds its requested cost, which is
 * then taken from it until the next answer reports the truth. Plans restore 100, 200, 1,000 or
 * 2,000 points a second; the rate and size are learned from every response, never assumed beyond
 * the first. A query's requested cost is the last {@code requestedQueryCost} Shopify reported for
 * it, else the caller's estimate. Requests from other JVMs show up in what Shopify reports.
 */
public final class GraphqlCostGovernor {
  /** The bucket assumed until Shopify reports it: room for one query of the maximum cost. */
  static final double ASSUMED_MAXIMUM = 1000;

  /** The slowest current plan's restore rate (Standard), assumed until Shopify reports it. */
  static final double ASSUMED_RESTORE_RATE = 100;

  private static final ConcurrentMap<String, GraphqlCostGovernor> PER_SHOP =
      new ConcurrentHashMap<>();

  private final Ticker ticker;

  // All guarded by this.
  private double maximum = ASSUMED_MAXIMUM;
  private double restoreRate = ASSUMED_RESTORE_RATE;
  private double available = ASSUMED_MAXIMUM;
  private long availableAtNanos;
  private final Map<String, Double> requestedCosts = new HashMap<>();

  /**
   * Points taken for requests sent and not yet answered. An answer reports the bucket as the server
   * saw it, before the other requests in flight arrived (latency, concurrent slices): those are
   * taken from the reported level again, or every answer would hand their points out twice.
   */
  private double inFlight;

  /** The points this thread took for its request in flight (requests are synchronous). */
  private final ThreadLocal<Double> takenByThisThread = new ThreadLocal<>();

  GraphqlCostGovernor(Ticker ticker) {
    this.ticker = ticker;
    this.availableAtNanos = ticker.nanoTime();
  }

  /** The governor of the shop served at {@code baseUrl}, created on first use. */
  public static GraphqlCostGovernor forShop(String baseUrl) {
    return PER_SHOP.computeIfAbsent(baseUrl, url -> new GraphqlCostGovernor(Ticker.SYSTEM));
  }

  /**
   * Blocks until the bucket holds the cost of the query {@code costKey} names (its last reported
   * requested cost, else {@code estimate}), then takes it. Returns the nanoseconds waited.
   */
  long acquire(String costKey, double estimate) throws InterruptedException {
    long start = ticker.nanoTime();
    while (true) {
      long wait;
      synchronized (this) {
        releaseThisThreads(); // a retry: the previous attempt got no answer
        long now = ticker.nanoTime();
        restoreUntil(now);
        double need = Math.min(requestedCosts.getOrDefault(costKey, estimate), maximum);
        if (available >= need) {
          available -= need;
          inFlight += need;
          takenByThisThread.set(need);
          return now - start;
        }
        wait = (long) Math.ceil((need - available) / restoreRate * 1e9);
      }
      ticker.sleepNanos(wait);
    }
  }

  /**
   * What an answer's {@code extensions.cost} said (a throttled answer included); {@code cost} may
   * be {@link Cost#NONE} when the body had none.
   */
  synchronized void answered(String costKey, Cost cost) {
    releaseThisThreads();
    if (cost.requested() != null) {
      requestedCosts.put(costKey, cost.requested());
    }
    if (cost.maximumAvailable() != null && cost.maximumAvailable() > 0) {
      maximum = cost.maximumAvailable();
    }
    if (cost.restoreRate() != null && cost.restoreRate() > 0) {
      restoreRate = cost.restoreRate();
    }
    if (cost.currentlyAvailable() != null) {
      available = Math.max(0, Math.min(maximum, cost.currentlyAvailable()) - inFlight);
      availableAtNanos = ticker.nanoTime();
    }
  }

  private void releaseThisThreads() {
    Double taken = takenByThisThread.get();
    if (taken != null) {
      inFlight = Math.max(0, inFlight - taken);
      takenByThisThread.remove();
    }
  }

  /**
   * Shopify answered THROTTLED: the bucket held less than the query's cost. Without a reported
   * level, it is taken as empty, so the retry waits for a full query's worth of restoring.
   */
  synchronized void throttled(String costKey, Cost cost) {
    answered(costKey, cost);
    if (cost.currentlyAvailable() == null) {
      restoreUntil(ticker.nanoTime());
      available = 0;
    }
  }

  private void restoreUntil(long now) {
    double seconds = (now - availableAtNanos) / 1e9;
    if (seconds > 0) {
      available = Math.min(maximum, available + seconds * restoreRate);
      availableAtNanos = now;
    }
  }

  /** Points in the bucket now, as far as this governor knows (for tests and diagnostics). */
  synchronized double available() {
    restoreUntil(ticker.nanoTime());
    return available;
  }

  synchronized double restoreRate() {
    return restoreRate;
  }

  /**
   * A response's {@code extensions.cost}; any part may be null (a THROTTLED answer has no actual
   * cost, a MAX_COST_EXCEEDED one may have no cost at all).
   */
  record Cost(
      Double requested,
      Double actual,
      Double maximumAvailable,
      Double currentlyAvailable,
      Double restoreRate) {
    static final Cost NONE = new Cost(null, null, null, null, null);

    static Cost of(JsonNode extensions) {
      JsonNode cost = extensions == null ? null : extensions.get("cost");
      if (cost == null || !cost.isObject()) {
        return NONE;
      }
      JsonNode status = cost.path("throttleStatus");
      return new Cost(
          number(cost.get("requestedQueryCost")),
          number(cost.get("actualQueryCost")),
          number(status.get("maximumAvailable")),
          number(status.get("currentlyAvailable")),
          number(status.get("restoreRate")));
    }

    private static Double number(JsonNode value) {
      return value != null && value.isNumber() ? value.doubleValue() : null;
    }
  }
}
