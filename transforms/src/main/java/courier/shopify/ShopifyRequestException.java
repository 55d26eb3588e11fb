package courier.shopify;

/**
 * Shopify rejected the request itself (400, or another 4xx that retrying cannot fix, such as 406 or
 * 422): that is a bug in how the courier builds requests, so the message carries the body.
 */
public class ShopifyRequestException extends ShopifyException {
  private static final long serialVersionUID = 1L;

  public ShopifyRequestException(
      String shop, String method, String endpoint, int status, String body) {
    super(
        shop,
        endpoint,
        status,
        "Shopify rejected "
            + method
            + " "
            + endpoint
            + " for "
            + shop
            + " with HTTP "
            + status
            + " (a bug in the request the courier built; please report it with this message): "
            + body,
        null);
  }

  /**
   * A GraphQL query Shopify refused with HTTP 200 and errors (validation, cost over the maximum):
   * {@code message} names the query and what to do.
   */
  ShopifyRequestException(String shop, String endpoint, String message) {
    super(shop, endpoint, 200, message, null);
  }
}
