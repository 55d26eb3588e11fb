package courier.simulator;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live, thread-safe counters behind {@link SimCounters}. */
final class Counters {
  private final LongAdder total = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder graphqlThrottled = new LongAdder();
  private final LongAdder graphqlRequestedPoints = new LongAdder();
  private final LongAdder graphqlActualPoints = new LongAdder();
  private final LongAdder bulkOperationsStarted = new LongAdder();
  private final LongAdder gzipped = new LongAdder();
  private final EnumMap<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  /**
   * Never reset: drives fault decisions and request ids, so resetCounters() keeps runs
   * reproducible.
   */
  private final AtomicLong sequence = new AtomicLong();

  Counters() {
    for (FaultKind k : FaultKind.values()) {
      faults.put(k, new LongAdder());
    }
  }

  /** Records an arriving request; returns its sequence number (0, 1, 2, ...). */
  long arrived(String endpoint) {
    total.increment();
    byEndpoint.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
    return sequence.getAndIncrement();
  }

  void enter() {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
  }

  void exit() {
    inFlight.decrementAndGet();
  }

  void responded(int status) {
    byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    if (status == 429) {
      throttled.increment();
    }
  }

  /** A GraphQL request's operation, counted under {@code graphql:<operation>} too. */
  void graphqlOperation(String operation) {
    byEndpoint.computeIfAbsent("graphql:" + operation, k -> new LongAdder()).increment();
  }

  /** Points a GraphQL query was charged: requested up front, actual after the refund. */
  void graphqlPoints(int requested, int actual) {
    graphqlRequestedPoints.add(requested);
    graphqlActualPoints.add(actual);
  }

  /** A GraphQL query refused with THROTTLED (HTTP 200, so not in {@code throttled}). */
  void graphqlThrottled() {
    graphqlThrottled.increment();
  }

  /** A bulk query operation accepted by bulkOperationRunQuery. */
  void bulkOperationStarted() {
    bulkOperationsStarted.increment();
  }

  /** An API answer sent gzipped. */
  void gzipped() {
    gzipped.increment();
  }

  void fault(FaultKind kind) {
    faults.get(kind).increment();
  }

  void reset() {
    total.reset();
    byEndpoint.clear();
    byStatus.clear();
    throttled.reset();
    graphqlThrottled.reset();
    graphqlRequestedPoints.reset();
    graphqlActualPoints.reset();
    bulkOperationsStarted.reset();
    gzipped.reset();
    faults.values().forEach(LongAdder::reset);
    maxInFlight.set(inFlight.get());
  }

  SimCounters snapshot() {
    Map<String, Long> endpoints = new HashMap<>();
    byEndpoint.forEach((k, v) -> endpoints.put(k, v.sum()));
    Map<Integer, Long> statuses = new HashMap<>();
    byStatus.forEach((k, v) -> statuses.put(k, v.sum()));
    Map<FaultKind, Long> f = new EnumMap<>(FaultKind.class);
    faults.forEach((k, v) -> f.put(k, v.sum()));
    return new SimCounters(
        total.sum(),
        endpoints,
        statuses,
        throttled.sum(),
        f,
        maxInFlight.get(),
        new SimCounters.GraphqlPoints(
            graphqlRequestedPoints.sum(), graphqlActualPoints.sum(), graphqlThrottled.sum()),
        bulkOperationsStarted.sum(),
        gzipped.sum());
  }
}
