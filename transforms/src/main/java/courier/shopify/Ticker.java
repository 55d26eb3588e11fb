package courier.shopify;

import java.util.concurrent.TimeUnit;

/**
 * Monotonic time and sleeping; injectable so pacing and backoff are tested without wall-clock
 * waits.
 */
interface Ticker {
  long nanoTime();

  void sleepNanos(long nanos) throws InterruptedException;

  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          TimeUnit.NANOSECONDS.sleep(nanos);
        }
      };
}
