package courier.fetch;

import courier.shopify.RequiredScopes;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link PlanSlicesFn} called as a runner would (setup, one element, teardown), and the figures it
 * reported to its run's progress read back.
 */
final class PlanRun {
  private static final Duration PROGRESS_INTERVAL = Duration.ofMinutes(10);

  /** Each read of the progress looks further ahead, so that every read is due. */
  private static final AtomicLong READS = new AtomicLong();

  /** Every window paged, whatever its size. */
  static final BulkSettings PAGED =
      new BulkSettings(FetchMode.PAGED, Long.MAX_VALUE, 5, Duration.ofHours(1), null);

  private PlanRun() {}

  /** Settings of a run of its own, so its progress holds this plan's figures only. */
  static FetchSettings settings(
      ShopifyClientConfig client, long targetSliceRecords, BulkSettings bulk) {
    return new FetchSettings(
        client, 50, targetSliceRecords, PROGRESS_INTERVAL, "plan-test-" + UUID.randomUUID(), bulk);
  }

  /** Plans {@code windows} into {@code out}; the DoFn is torn down whatever happens. */
  static TaggedOutputs plan(
      FetchSettings settings,
      List<ShopifyResource> readWhole,
      List<Slice> windows,
      TaggedOutputs out) {
    List<ShopifyResource> all = new ArrayList<>(readWhole);
    windows.forEach(window -> all.add(window.getResource()));
    PlanSlicesFn fn =
        new PlanSlicesFn(
            settings, RequiredScopes.of(all, Map.of(), settings.client().transport()), readWhole);
    fn.setup();
    try {
      fn.process(windows, out);
      return out;
    } finally {
      fn.teardown();
    }
  }

  /**
   * The progress line of each resource whose requests reached the run's metrics since the last
   * call, by path (e.g. {@code orders: 0 / ~200 (0%), ...}, the total being the plan's expected
   * count).
   */
  static Map<String, String> progressLines(FetchSettings settings) {
    FetchProgress progress = FetchProgress.forRun(settings.runKey(), PROGRESS_INTERVAL);
    Map<String, String> lines = new HashMap<>();
    for (String line :
        progress.dueLines(
            System.nanoTime() + (READS.incrementAndGet() + 1) * PROGRESS_INTERVAL.toNanos())) {
      lines.put(line.substring(0, line.indexOf(':')), line);
    }
    return lines;
  }
}
