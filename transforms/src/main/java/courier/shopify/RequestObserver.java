package courier.shopify;

/**
 * What the client reports about its requests, per resource, so the fetch can keep Beam counters and
 * the progress display without the client depending on Beam. Implementations must be thread-safe;
 * calls happen on the requesting thread.
 */
public interface RequestObserver {
  /** An HTTP request went out (retries included). */
  default void requestSent(ShopifyResource resource) {}

  /** Shopify answered 429. */
  default void throttled(ShopifyResource resource) {}

  /** A transient failure (5xx, I/O, bad body) is being retried. */
  default void retried(ShopifyResource resource) {}

  /** Time spent waiting before a request: pacing, Retry-After or backoff. */
  default void waited(ShopifyResource resource, long millis) {}

  RequestObserver NONE = new RequestObserver() {};
}
