package courier.shopify;

/**
 * Base of every failure the Shopify client reports. It always says which shop and endpoint (path
 * and query, never the host's credentials) and, when Shopify answered, the HTTP status, so an
 * operator can act on the message alone. The pipeline maps the subtypes to exit codes, finding them
 * in the cause chain of Beam's wrapping exceptions; keep the types meaningful.
 */
public class ShopifyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@link #status()} when the request never got an HTTP answer (timeout, reset, ...). */
  public static final int NO_STATUS = 0;

  private final String shop;
  private final String endpoint;
  private final int status;

  public ShopifyException(
      String shop, String endpoint, int status, String message, Throwable cause) {
    super(message, cause);
    this.shop = shop;
    this.endpoint = endpoint;
    this.status = status;
  }

  /** Shop domain, e.g. acme.myshopify.com. */
  public String shop() {
    return shop;
  }

  /** Path with query, no host, e.g. "/admin/api/2026-10/orders.json?since_id=0". */
  public String endpoint() {
    return endpoint;
  }

  /** HTTP status of the last answer, or {@link #NO_STATUS}. */
  public int status() {
    return status;
  }

  /** The first ShopifyException in {@code t}'s cause chain (Beam wraps DoFn failures), or null. */
  public static ShopifyException findIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ShopifyException) {
        return (ShopifyException) c;
      }
    }
    return null;
  }
}
