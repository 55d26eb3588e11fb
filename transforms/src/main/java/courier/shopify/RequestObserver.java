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

  /**
   * A request that drained a nested connection beyond its first page (GraphQL: an order's line
   * items, a product's variants...), counted on top of {@link #requestSent}.
   */
  default void overflowRequested(ShopifyResource resource) {}

  /** GraphQL cost points a request actually spent (its {@code actualQueryCost}). */
  default void pointsSpent(ShopifyResource resource, long points) {}

  RequestObserver NONE = new RequestObserver() {};
}
