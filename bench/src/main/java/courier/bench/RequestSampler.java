package courier.bench;

import courier.simulator.ShopifySimulator;
import courier.simulator.SimCounters;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls the simulator's counters every few milliseconds while a run is going and keeps each change,
 * so request times are known to the polling interval without a request log in the simulator. REST
 * runs are sampled in requests (the REST bucket counts requests), GraphQL runs in cost points spent
 * (the GraphQL bucket counts points).
 */
final class RequestSampler implements AutoCloseable {
  static final long INTERVAL_MILLIS = 5;

  private final ShopifySimulator sim;

  /** GraphQL: sample the cost points actually spent instead of requests and 429s. */
  private final boolean points;

  private final List<RateFigures.Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private int maxInFlight;

  RequestSampler(ShopifySimulator sim, boolean points) {
    this.sim = sim;
    this.points = points;
    sim.resetCounters();
    this.thread = new Thread(this::poll, "bench-request-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void poll() {
    RateFigures.Sample previous = null;
    while (running) {
      previous = sample(previous);
      try {
        Thread.sleep(INTERVAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private RateFigures.Sample sample(RateFigures.Sample previous) {
    SimCounters c = sim.counters();
    // A THROTTLED answer spends no points, so a points sample has nothing to subtract.
    RateFigures.Sample s =
        points
            ? new RateFigures.Sample(System.nanoTime(), c.getGraphql().actual(), 0)
            : new RateFigures.Sample(System.nanoTime(), c.getTotalRequests(), c.getThrottled());
    synchronized (this) {
      maxInFlight = c.getMaxInFlight();
      if (previous == null
          || s.requests() != previous.requests()
          || s.throttled() != previous.throttled()) {
        samples.add(s);
        return s;
      }
    }
    return previous;
  }

  /** Stops polling (after one last sample) and returns every change seen. */
  List<RateFigures.Sample> stop() {
    running = false;
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      RateFigures.Sample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
      sample(last);
      return List.copyOf(samples);
    }
  }

  /** Most requests the simulator was handling at once during the run. */
  synchronized int maxInFlight() {
    return maxInFlight;
  }

  @Override
  public void close() {
    running = false;
  }
}
