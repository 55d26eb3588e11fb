package courier.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The checks an Admin API request meets before any data, each answered as Shopify does: shop gone
 * or version malformed (404), token unknown (401), shop frozen or locked (402/423), bucket full
 * (429). Every answer carries the call-limit header; only an admitted request fills the bucket.
 */
final class AccessGate {
  private static final Pattern VERSION = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
  private static final String CALL_LIMIT = "X-Shopify-Shop-Api-Call-Limit";

  private final SimSettings settings;
  private final TokenRegistry tokens;
  private final RateLimiter limiter;

  AccessGate(SimSettings settings, TokenRegistry tokens, RateLimiter limiter) {
    this.settings = settings;
    this.tokens = tokens;
    this.limiter = limiter;
  }

  /** True, having answered 404, when the shop does not exist or the version is malformed. */
  boolean answeredNotFound(ApiPath path, ApiResponse response) throws IOException {
    if (settings.shopState() != ShopState.NOT_FOUND && VERSION.matcher(path.version()).matches()) {
      return false;
    }
    response.header(CALL_LIMIT, limiter.peek(null).header());
    response.sendErrors(404, "Not Found");
    return true;
  }

  /**
   * The caller's credential once its token is known, the shop open and a call taken from its
   * bucket; null when one of these failed and has been answered.
   */
  TokenRegistry.Credential admit(HttpExchange exchange, ApiResponse response) throws IOException {
    return admit(exchange, response, true);
  }

  /**
   * As {@link #admit(HttpExchange, ApiResponse)}; {@code restBucket} false for GraphQL, whose
   * requests are limited by cost points instead of the REST request bucket.
   */
  TokenRegistry.Credential admit(HttpExchange exchange, ApiResponse response, boolean restBucket)
      throws IOException {
    TokenRegistry.Credential credential =
        tokens.authenticate(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"));
    if (credential == null) {
      response.header(CALL_LIMIT, limiter.peek(null).header());
      response.sendErrors(
          401, "[API] Invalid API key or access token (unrecognized login or wrong password)");
      return null;
    }
    if (answeredShopClosed(credential, response)
        || (restBucket && answeredThrottled(credential, response))) {
      return null;
    }
    return credential;
  }

  private boolean answeredShopClosed(TokenRegistry.Credential credential, ApiResponse response)
      throws IOException {
    ShopState state = settings.shopState();
    if (state != ShopState.FROZEN && state != ShopState.LOCKED) {
      return false;
    }
    response.header(CALL_LIMIT, limiter.peek(credential.app()).header());
    if (state == ShopState.FROZEN) {
      response.sendErrors(402, "Unavailable Shop");
    } else {
      response.sendErrors(423, "This shop is locked. Contact the shop owner or Shopify support.");
    }
    return true;
  }

  private boolean answeredThrottled(TokenRegistry.Credential credential, ApiResponse response)
      throws IOException {
    RateLimiter.Result limit = limiter.take(credential.app());
    response.header(CALL_LIMIT, limit.header());
    if (!limit.throttled()) {
      return false;
    }
    response.header("Retry-After", "1.0");
    response.sendErrors(
        429,
        "Exceeded "
            + limiter.plan().leakPerSecond()
            + " calls per second for api client. Reduce request rates to resume uninterrupted"
            + " service.");
    return true;
  }
}
