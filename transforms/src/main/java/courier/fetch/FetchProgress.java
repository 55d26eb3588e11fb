package courier.fetch;

import courier.shopify.ShopifyResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress line per resource every few seconds, JVM-wide, readable in a terminal and in a
 * scheduler's log (logger {@code courier.progress}):
 *
 * <pre>orders: 4,250 / ~20,000 (21%), 180 rec/s, 12 req/s, throttled 0, waited 0.0 s</pre>
 *
 * Rates are over the last interval; totals are what this JVM has seen (on a cluster, each worker
 * logs its share). The DoFns feed it; one daemon thread logs for every run in the JVM.
 */
final class FetchProgress {
  private static final Logger LOG = LoggerFactory.getLogger("courier.progress");
  private static final ConcurrentMap<String, FetchProgress> RUNS = new ConcurrentHashMap<>();

  /** A run that has been quiet this long is finished (or elsewhere); its tracker is dropped. */
  private static final long FORGET_AFTER_NANOS = TimeUnit.MINUTES.toNanos(2);

  private static ScheduledExecutorService reporter;

  private final long intervalNanos;
  private final Map<ShopifyResource, Tally> tallies = new EnumMap<>(ShopifyResource.class);
  private long lastReportNanos;
  private long lastActivityNanos;

  FetchProgress(Duration interval, long nowNanos) {
    this.intervalNanos = interval.toNanos();
    for (ShopifyResource r : ShopifyResource.values()) {
      tallies.put(r, new Tally(nowNanos));
    }
    this.lastReportNanos = nowNanos;
    this.lastActivityNanos = nowNanos;
  }

  /**
   * The tracker of run {@code runKey}, reporting every {@code interval}; starts the reporter
   * thread.
   */
  static FetchProgress forRun(String runKey, Duration interval) {
    FetchProgress progress =
        RUNS.computeIfAbsent(runKey, k -> new FetchProgress(interval, System.nanoTime()));
    ensureReporter();
    return progress;
  }

  private static synchronized void ensureReporter() {
    if (reporter == null) {
      reporter =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "courier-progress");
                t.setDaemon(true);
                return t;
              });
      reporter.scheduleWithFixedDelay(FetchProgress::reportAll, 1, 1, TimeUnit.SECONDS);
    }
  }

  private static void reportAll() {
    long now = System.nanoTime();
    RUNS.forEach(
        (key, progress) -> {
          progress.dueLines(now).forEach(LOG::info);
          if (progress.idleSince(now) > FORGET_AFTER_NANOS) {
            RUNS.remove(key, progress);
          }
        });
  }

  void expect(ShopifyResource resource, long records) {
    tallies.get(resource).expected.add(records);
    touch();
  }

  void recordsEmitted(ShopifyResource resource, long records) {
    tallies.get(resource).records.add(records);
    touch();
  }

  void requestSent(ShopifyResource resource) {
    tallies.get(resource).requests.increment();
    touch();
  }

  void throttled(ShopifyResource resource) {
    tallies.get(resource).throttled.increment();
  }

  void waited(ShopifyResource resource, long millis) {
    tallies.get(resource).waitedMillis.add(millis);
  }

  private void touch() {
    lastActivityNanos = System.nanoTime();
  }

  private long idleSince(long now) {
    return now - lastActivityNanos;
  }

  /** The lines to log at {@code now}: one per resource that moved, once per interval. */
  synchronized List<String> dueLines(long now) {
    List<String> lines = new ArrayList<>();
    if (now - lastReportNanos < intervalNanos) {
      return lines;
    }
    lastReportNanos = now;
    tallies.forEach(
        (resource, tally) -> {
          String line = tally.lineIfMoved(resource, now);
          if (line != null) {
            lines.add(line);
          }
          // Every resource's rates start afresh at each interval, moved or not.
          tally.reportedAtNanos = now;
        });
    return lines;
  }

  /**
   * The line of each resource that moved but has not had one yet: logged when a fetch bundle ends,
   * so a run shorter than the interval still says what it fetched (once per resource; the lines
   * every interval go on as before).
   */
  synchronized List<String> firstLines(long now) {
    List<String> lines = new ArrayList<>();
    tallies.forEach(
        (resource, tally) -> {
          if (!tally.everReported) {
            String line = tally.lineIfMoved(resource, now);
            if (line != null) {
              lines.add(line);
            }
          }
        });
    return lines;
  }

  /** Logs {@link #firstLines} now. */
  void logFirstLines() {
    firstLines(System.nanoTime()).forEach(LOG::info);
  }

  private static final class Tally {
    final LongAdder expected = new LongAdder();
    final LongAdder records = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder throttled = new LongAdder();
    final LongAdder waitedMillis = new LongAdder();
    long reportedRecords;
    long reportedRequests;
    long reportedAtNanos;
    boolean everReported;

    Tally(long nowNanos) {
      this.reportedAtNanos = nowNanos;
    }

    /** Its line if it moved since its last line; the rates are over the span since then. */
    String lineIfMoved(ShopifyResource resource, long now) {
      long recordsNow = records.sum();
      long requestsNow = requests.sum();
      if (recordsNow == reportedRecords && requestsNow == reportedRequests) {
        return null;
      }
      double seconds = (now - reportedAtNanos) / 1e9;
      reportedAtNanos = now;
      everReported = true;
      double recordRate = seconds > 0 ? (recordsNow - reportedRecords) / seconds : 0;
      double requestRate = seconds > 0 ? (requestsNow - reportedRequests) / seconds : 0;
      reportedRecords = recordsNow;
      reportedRequests = requestsNow;
      return format(
          resource,
          recordsNow,
          expected.sum(),
          recordRate,
          requestRate,
          throttled.sum(),
          waitedMillis.sum());
    }
  }

  static String format(
      ShopifyResource resource,
      long records,
      long expected,
      double recordRate,
      double requestRate,
      long throttled,
      long waitedMillis) {
    String total =
        expected > 0
            ? String.format(
                Locale.ROOT, " / ~%,d (%d%%)", expected, Math.min(100, records * 100 / expected))
            : "";
    return String.format(
        Locale.ROOT,
        "%s: %,d%s, %,.0f rec/s, %,.0f req/s, throttled %,d, waited %,.1f s",
        resource.path(),
        records,
        total,
        recordRate,
        requestRate,
        throttled,
        waitedMillis / 1000.0);
  }
}
