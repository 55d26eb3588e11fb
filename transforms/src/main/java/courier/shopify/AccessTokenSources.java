package courier.shopify;

import com.google.api.client.http.javanet.NetHttpTransport;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One token source per shop origin and credentials reference per JVM, shared by every client, so
 * the many DoFn instances of a run exchange client credentials once, not once each.
 */
final class AccessTokenSources {
  private static final ConcurrentMap<String, AccessTokenSource> SHARED = new ConcurrentHashMap<>();

  private AccessTokenSources() {}

  static AccessTokenSource shared(ShopifyClientConfig config) {
    String key = config.baseUrl() + "|" + config.credentials();
    return SHARED.computeIfAbsent(key, k -> create(config));
  }

  private static AccessTokenSource create(ShopifyClientConfig config) {
    ShopifyCredentials credentials = config.credentials();
    if (!credentials.isClientCredentialsGrant()) {
      return new StaticAccessToken(credentials, System::getenv);
    }
    // The exchange itself is neither authenticated nor paced: /admin/oauth is outside the REST
    // bucket.
    ShopifyHttp exchange =
        new ShopifyHttp(
            config, new NetHttpTransport(), null, null, RequestObserver.NONE, Ticker.SYSTEM);
    return new ClientCredentialsToken(
        config.shop().domain(), credentials, System::getenv, exchange, Ticker.SYSTEM);
  }
}
