package courier.bench;

import courier.simulator.SimCounters;
import java.util.Map;

/**
 * A GraphQL run's totals from the simulator's counters: requests to graphql.json, THROTTLED answers
 * among them, and the cost points actually spent.
 *
 * @param throttledShare THROTTLED answers over requests: the goal is at most 1%
 */
record GraphqlCounts(long requests, long throttled, long pointsSpent, Double throttledShare) {

  static GraphqlCounts of(SimCounters counters) {
    long requests =
        counters.getRequestsByEndpoint().entrySet().stream()
            .filter(e -> e.getKey().endsWith("graphql.json"))
            .mapToLong(Map.Entry::getValue)
            .sum();
    SimCounters.GraphqlPoints points = counters.getGraphql();
    return new GraphqlCounts(
        requests,
        points.throttled(),
        points.actual(),
        requests == 0 ? null : (double) points.throttled() / requests);
  }
}
