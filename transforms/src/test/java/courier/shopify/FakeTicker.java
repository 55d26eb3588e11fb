package courier.shopify;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that moves only when someone sleeps (or the test advances it): no wall-clock waits, no
 * flakes.
 */
final class FakeTicker implements Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicLong slept = new AtomicLong();

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleepNanos(long nanos) {
    slept.addAndGet(nanos);
    now.addAndGet(nanos);
  }

  void advanceMillis(long millis) {
    now.addAndGet(millis * 1_000_000);
  }

  double seconds() {
    return now.get() / 1e9;
  }

  long sleptNanos() {
    return slept.get();
  }
}
