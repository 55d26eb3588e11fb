package courier.sink;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs of one shop for the sink's tests: orders and customers over the day before the start. */
final class TestRuns {
  private TestRuns() {}

  /**
   * Run {@code id} of {@code shop}, started at {@code startedAt}, window [start - 1 day, start).
   */
  static RunInfo run(String id, String shop, Instant startedAt) {
    return builder(id, shop, startedAt).build();
  }

  /** As {@link #run}, to change a part before building. */
  static RunInfo.Builder builder(String id, String shop, Instant startedAt) {
    return RunInfo.builder()
        .runId(id)
        .shop(shop)
        .resources(List.of("orders", "customers"))
        .window(startedAt.minus(Duration.ofDays(1)), startedAt)
        .loadMode("window")
        .startedAt(startedAt);
  }
}
