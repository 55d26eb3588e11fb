package courier.shopify;

import java.util.ArrayList;
import java.util.List;

/**
 * Time that moves only when the test advances it; a thread that sleeps stays asleep until then. For
 * several threads at once, where {@link FakeTicker} (each sleep moves time itself) would let one
 * thread's sleep wake the others.
 */
final class ManualTicker implements Ticker {
  private long now = 1_000_000_000L;
  private final List<Long> deadlines = new ArrayList<>(); // of the threads in sleepNanos

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void sleepNanos(long nanos) throws InterruptedException {
    Long until = now + nanos;
    deadlines.add(until);
    try {
      while (now - until < 0) {
        wait();
      }
    } finally {
      deadlines.remove(until);
    }
  }

  /** Moves time forward and wakes the sleepers whose deadline it reaches. */
  synchronized void advanceMillis(long millis) {
    now += millis * 1_000_000;
    notifyAll();
  }

  /**
   * Threads asleep until a time still ahead: they stay asleep until the test advances time, so once
   * a test has seen them it knows where every other thread is.
   */
  synchronized int sleepers() {
    return (int) deadlines.stream().filter(until -> now - until < 0).count();
  }
}
