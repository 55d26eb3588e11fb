package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A token from the client-credentials grant: client id and secret are exchanged at {@code POST
 * /admin/oauth/access_token} for a token that expires (about 24 hours). It is refreshed before it
 * expires (at 90% of its lifetime, at most 5 minutes early) and once more when Shopify answers 401.
 */
final class ClientCredentialsToken implements AccessTokenSource {
  private static final Logger LOG = LoggerFactory.getLogger(ClientCredentialsToken.class);
  static final String TOKEN_PATH = "/admin/oauth/access_token";
  private static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
  private static final Duration MAX_REFRESH_AHEAD = Duration.ofMinutes(5);

  private final ShopifyCredentials credentials;
  private final UnaryOperator<String> environment;
  private final ShopifyHttp http;
  private final Ticker ticker;
  private final String shop;

  private String token;
  private long refreshAtNanos;

  ClientCredentialsToken(
      String shop,
      ShopifyCredentials credentials,
      UnaryOperator<String> environment,
      ShopifyHttp http,
      Ticker ticker) {
    this.shop = shop;
    this.credentials = credentials;
    this.environment = environment;
    this.http = http;
    this.ticker = ticker;
  }

  @Override
  public synchronized String token() {
    if (token == null || ticker.nanoTime() - refreshAtNanos >= 0) {
      obtain(token == null ? "obtained" : "refreshed before expiry");
    }
    return token;
  }

  @Override
  public synchronized boolean renewAfterRejection(String rejected) {
    if (rejected.equals(token)) {
      obtain("renewed after a 401");
    }
    return true;
  }

  private void obtain(String why) {
    // Read the secret for every exchange: a rotated secret is picked up, and nothing keeps it
    // around.
    ShopifyCredentials.Resolved secrets = credentials.resolve(environment);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("client_id", secrets.clientId);
    form.put("client_secret", secrets.clientSecret);
    JsonNode grant =
        http.postForm(TOKEN_PATH, form, (body, headers) -> ShopifyJson.mapper().readTree(body));
    JsonNode accessToken = grant == null ? null : grant.get("access_token");
    if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isBlank()) {
      throw new ShopifyAccessException(
          shop,
          TOKEN_PATH,
          200,
          "Shopify's answer to the client-credentials exchange for "
              + shop
              + " has no access_token; check that "
              + "the credentials ("
              + credentials
              + ") are those of an app installed on the shop.");
    }
    Duration lifetime =
        grant.hasNonNull("expires_in") && grant.get("expires_in").canConvertToLong()
            ? Duration.ofSeconds(grant.get("expires_in").longValue())
            : DEFAULT_LIFETIME;
    Duration tenth = lifetime.dividedBy(10);
    Duration ahead = tenth.compareTo(MAX_REFRESH_AHEAD) < 0 ? tenth : MAX_REFRESH_AHEAD;
    token = accessToken.asText();
    refreshAtNanos = ticker.nanoTime() + lifetime.minus(ahead).toNanos();
    LOG.info(
        "Access token for {} {} with {}; valid for {} s, refreshed {} s before it expires",
        shop,
        why,
        credentials,
        lifetime.toSeconds(),
        ahead.toSeconds());
  }

  @Override
  public String describe() {
    return credentials.toString();
  }

  @Override
  public String toString() {
    return "ClientCredentialsToken[" + credentials + "]";
  }
}
