package courier.shopify;

/**
 * A request kept failing transiently (throttling, 5xx, reset connections, timeouts, truncated or
 * unparsable bodies) for every attempt the retry policy allows. The cause is the last failure.
 */
public class ShopifyRetriesExhaustedException extends ShopifyException {
  private static final long serialVersionUID = 1L;

  private final int attempts;

  public ShopifyRetriesExhaustedException(
      String shop,
      String method,
      String endpoint,
      int status,
      int attempts,
      String lastProblem,
      Throwable cause) {
    super(
        shop,
        endpoint,
        status,
        "Gave up on "
            + method
            + " "
            + endpoint
            + " for "
            + shop
            + " after "
            + attempts
            + " attempts; last problem: "
            + lastProblem
            + ". Shopify or the network is failing; check https://www.shopifystatus.com"
            + " and re-run the window (completed runs are unaffected).",
        cause);
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }
}
