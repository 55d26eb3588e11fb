package courier.shopify;

/**
 * Supplies the {@code X-Shopify-Access-Token} value; implementations hold the secret in memory
 * only.
 */
interface AccessTokenSource {
  /** The token to send now, obtained or refreshed first if needed. */
  String token();

  /**
   * Shopify answered 401 to {@code rejected}: obtain a fresh token if the credentials allow it.
   * Returns whether a different token is now current (worth one more try).
   */
  boolean renewAfterRejection(String rejected);

  /** Where the credentials come from, for messages (never the secret). */
  String describe();
}
