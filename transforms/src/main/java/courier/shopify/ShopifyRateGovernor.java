package courier.shopify;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Paces the requests to one shop from this JVM so that the shop's leaky bucket stays near full
 * without overflowing: 429s are rare events, not the pacing mechanism. One per shop per JVM, shared
 * by every thread and client ({@link #forShop}).
 *
 * <p>Model: an estimated bucket level that leaks at the plan's rate (size/20 per second), +1 per
 * request sent. Each answer's {@code X-Shopify-Shop-Api-Call-Limit} (used r, size) corrects it: the
 * requests r does not count were processed after this one, so they are still in flight or were
 * answered while this one was (answers arrive out of order); with n of those, the true level lies
 * in [r, r + n] (less what leaked since), and the estimate is clamped into that range. Requests
 * from other JVMs of the same run show up in r, which is how workers coordinate through the server.
 * A request is sent only once level + 1 ≤ size − margin, the margin (one second of leak) absorbing
 * what other workers send between our answers. A 429 sets the level to full and blocks everyone for
 * its Retry-After. Until the first answer only one request is in flight, so a run that starts
 * against an already full bucket does not burst into 429s.
 */
public final class ShopifyRateGovernor {
  /** The smallest plan's bucket; assumed until the server reports the real size. */
  static final int ASSUMED_BUCKET_SIZE = 40;

  private static final ConcurrentMap<String, ShopifyRateGovernor> PER_SHOP =
      new ConcurrentHashMap<>();

  private final Ticker ticker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition slotFreed = lock.newCondition();

  // All guarded by lock.
  private int maxConcurrentRequests;
  private int slotsTaken; // admitted requests: waiting for room in the bucket, or on the wire
  private int onTheWire; // sent, not yet answered
  private long answers; // answers received so far, to tell which arrived while a request was out
  private boolean calibrated; // an answer has arrived
  private int bucketSize = ASSUMED_BUCKET_SIZE;
  private double level;
  private long levelAtNanos;
  private long blockedUntilNanos;

  ShopifyRateGovernor(Ticker ticker, int maxConcurrentRequests) {
    this.ticker = ticker;
    this.maxConcurrentRequests = maxConcurrentRequests;
    this.levelAtNanos = ticker.nanoTime();
    this.blockedUntilNanos = levelAtNanos;
  }

  /**
   * The governor of the shop served at {@code baseUrl}, created on first use. The concurrency limit
   * is a per-shop setting; the latest value asked for applies.
   */
  public static ShopifyRateGovernor forShop(String baseUrl, int maxConcurrentRequests) {
    ShopifyRateGovernor governor =
        PER_SHOP.computeIfAbsent(
            baseUrl, url -> new ShopifyRateGovernor(Ticker.SYSTEM, maxConcurrentRequests));
    governor.setMaxConcurrentRequests(maxConcurrentRequests);
    return governor;
  }

  void setMaxConcurrentRequests(int maxConcurrentRequests) {
    lock.lock();
    try {
      this.maxConcurrentRequests = maxConcurrentRequests;
      slotFreed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until a request may be sent, then counts it as sent. The caller must report the answer
   * on the permit and close it (try-with-resources).
   */
  public Permit acquire() throws InterruptedException {
    long start = ticker.nanoTime();
    lock.lockInterruptibly();
    try {
      while (slotsTaken >= maxConcurrentRequests || (!calibrated && slotsTaken > 0)) {
        slotFreed.await();
      }
      slotsTaken++;
      boolean sent = false;
      try {
        waitForRoom();
        level += 1;
        onTheWire++;
        sent = true;
        return new Permit(ticker.nanoTime() - start, answers);
      } finally {
        if (!sent) {
          releaseSlot();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sleeps (without the lock) until the bucket has room and no Retry-After is pending. */
  private void waitForRoom() throws InterruptedException {
    while (true) {
      long now = ticker.nanoTime();
      leakUntil(now);
      long wait = Math.max(blockedUntilNanos - now, nanosUntilRoomForOneMore());
      if (wait <= 0) {
        return;
      }
      lock.unlock();
      try {
        ticker.sleepNanos(wait);
      } finally {
        lock.lock();
      }
    }
  }

  private long nanosUntilRoomForOneMore() {
    double excess = level + 1 - (bucketSize - margin());
    return excess <= 0 ? 0 : (long) Math.ceil(excess / CallLimit.leakPerSecond(bucketSize) * 1e9);
  }

  /** One second of leak (2 on the standard plan, 20 on Plus), at least one request. */
  private int margin() {
    return Math.max(1, bucketSize / 20);
  }

  private void leakUntil(long now) {
    double elapsedSeconds = (now - levelAtNanos) / 1e9;
    if (elapsedSeconds > 0) {
      level = Math.max(0, level - elapsedSeconds * CallLimit.leakPerSecond(bucketSize));
      levelAtNanos = now;
    }
  }

  private void releaseSlot() {
    slotsTaken--;
    slotFreed.signalAll();
  }

  /** Estimated bucket level now (for tests and diagnostics). */
  double estimatedLevel() {
    lock.lock();
    try {
      leakUntil(ticker.nanoTime());
      return level;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a thread is blocked on the concurrency limit (for tests). */
  boolean hasWaiters() {
    lock.lock();
    try {
      return lock.hasWaiters(slotFreed);
    } finally {
      lock.unlock();
    }
  }

  /** Bucket size last reported by the server (or assumed). */
  public int bucketSize() {
    lock.lock();
    try {
      return bucketSize;
    } finally {
      lock.unlock();
    }
  }

  /** One admitted request: report what the server said, then close. */
  public final class Permit implements AutoCloseable {
    private final long waitedNanos;
    private final long answersBeforeSending;
    private boolean answered;
    private boolean closed;

    private Permit(long waitedNanos, long answersBeforeSending) {
      this.waitedNanos = waitedNanos;
      this.answersBeforeSending = answersBeforeSending;
    }

    /** How long acquire() blocked (pacing, Retry-After of others, concurrency limit). */
    public long waitedMillis() {
      return waitedNanos / 1_000_000;
    }

    /** The server answered; {@code limit} is its call-limit header, or null if it had none. */
    void answered(CallLimit limit) {
      lock.lock();
      try {
        if (answered || closed) {
          return;
        }
        answered = true;
        onTheWire--;
        long answeredMeanwhile = answers - answersBeforeSending;
        answers++;
        calibrated = true;
        if (limit != null) {
          bucketSize = limit.size;
          leakUntil(ticker.nanoTime());
          // Requests r may not count: those still in flight, and those answered while this one was.
          double uncounted = onTheWire + answeredMeanwhile;
          level = Math.min(Math.max(level, limit.used), limit.used + uncounted);
        }
        slotFreed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    /** The answer was a 429: the bucket is full and nothing may be sent for {@code retryAfter}. */
    void throttled(Duration retryAfter) {
      lock.lock();
      try {
        long now = ticker.nanoTime();
        leakUntil(now);
        level = Math.max(level, bucketSize);
        blockedUntilNanos = Math.max(blockedUntilNanos, now + retryAfter.toNanos());
      } finally {
        lock.unlock();
      }
    }

    /**
     * Frees the concurrency slot; without an answer (I/O failure) the request stays counted as
     * sent.
     */
    @Override
    public void close() {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        closed = true;
        if (!answered) {
          onTheWire--;
        }
        releaseSlot();
      } finally {
        lock.unlock();
      }
    }
  }
}
