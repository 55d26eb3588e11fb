package courier.fetch;

import courier.shopify.EntityPage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Pages that were fetched but could not be claimed because a checkpoint ended the call meanwhile
 * (the DirectRunner checkpoints on a timer, while a request is in flight). The residual, which
 * starts exactly where that page starts, takes it from here instead of spending another
 * rate-limited request. Best effort and JVM-local: on a miss the residual fetches the page again,
 * so correctness never depends on it. Small and short-lived to bound memory.
 */
final class UnclaimedPages {
  private static final int CAPACITY = 16;
  private static final long TIME_TO_LIVE_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final Map<Key, Entry> PAGES = new LinkedHashMap<>();

  private UnclaimedPages() {}

  static synchronized void keep(String runKey, Slice slice, long afterId, EntityPage page) {
    PAGES.put(new Key(runKey, slice, afterId), new Entry(page, System.nanoTime()));
    Iterator<Map.Entry<Key, Entry>> oldestFirst = PAGES.entrySet().iterator();
    while (PAGES.size() > CAPACITY && oldestFirst.hasNext()) {
      oldestFirst.next();
      oldestFirst.remove();
    }
  }

  /**
   * The page after {@code afterId} of {@code slice} in this run if one was kept recently; removes
   * it.
   */
  static synchronized EntityPage take(String runKey, Slice slice, long afterId) {
    Entry entry = PAGES.remove(new Key(runKey, slice, afterId));
    if (entry == null || System.nanoTime() - entry.keptAtNanos() > TIME_TO_LIVE_NANOS) {
      return null;
    }
    return entry.page();
  }

  private record Key(String runKey, Slice slice, long afterId) {}

  private record Entry(EntityPage page, long keptAtNanos) {}
}
