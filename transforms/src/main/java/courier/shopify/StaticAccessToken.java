package courier.shopify;

import java.util.function.UnaryOperator;

/**
 * An Admin API access token that does not expire. After a 401 the source is read again, so a token
 * rotated in its file (or secret mount) is picked up without restarting the run.
 */
final class StaticAccessToken implements AccessTokenSource {
  private final ShopifyCredentials credentials;
  private final UnaryOperator<String> environment;
  private String token;

  StaticAccessToken(ShopifyCredentials credentials, UnaryOperator<String> environment) {
    this.credentials = credentials;
    this.environment = environment;
    this.token = credentials.resolve(environment).accessToken;
  }

  @Override
  public synchronized String token() {
    return token;
  }

  @Override
  public synchronized boolean renewAfterRejection(String rejected) {
    if (!rejected.equals(token)) {
      return true; // another thread already picked up a new token
    }
    String reread = credentials.resolve(environment).accessToken;
    boolean changed = !reread.equals(token);
    token = reread;
    return changed;
  }

  @Override
  public String describe() {
    return credentials.toString();
  }

  @Override
  public String toString() {
    return "StaticAccessToken[" + credentials + "]";
  }
}
