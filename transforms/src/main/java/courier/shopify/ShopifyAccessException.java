package courier.shopify;

/**
 * Shopify refused access in a way retrying cannot fix: 401 (credentials), 402 (frozen shop), 403
 * (missing scope or protected customer data not approved), 404 on a shop-level endpoint (no such
 * shop) and 423 (locked shop). The run stops at once; the message tells the operator what to do.
 */
public class ShopifyAccessException extends ShopifyException {
  private static final long serialVersionUID = 1L;

  public ShopifyAccessException(String shop, String endpoint, int status, String message) {
    super(shop, endpoint, status, message, null);
  }
}
