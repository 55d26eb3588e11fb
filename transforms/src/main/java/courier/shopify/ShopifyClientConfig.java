package courier.shopify;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything needed to build a {@link ShopifyClient}: shop, credentials reference, API version,
 * timeouts, retry policy and per-shop concurrency. Immutable and serializable (it holds no secret),
 * so transforms carry it to workers; each {@code withX} returns a modified copy.
 */
public final class ShopifyClientConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_API_VERSION = "2026-10";
  private static final Pattern API_VERSION = Pattern.compile("20\\d\\d-(01|04|07|10)|unstable");

  private final ShopDomain shop;
  private final ShopifyCredentials credentials;
  private final String apiVersion;
  private final String baseUrlOverride;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final int maxConcurrentRequests;

  private ShopifyClientConfig(Builder b) {
    this.shop = b.shop;
    this.credentials = b.credentials;
    this.apiVersion = b.apiVersion;
    this.baseUrlOverride = b.baseUrlOverride;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxConcurrentRequests = b.maxConcurrentRequests;
  }

  /** Defaults: API 2026-10, connect 10 s, read 60 s, 8 attempts backing off 1 s to 60 s, 8 concurrent. */
  public static ShopifyClientConfig create() {
    return new Builder().build();
  }

  public ShopifyClientConfig withShop(ShopDomain shop) {
    Builder b = toBuilder();
    b.shop = Objects.requireNonNull(shop, "shop");
    return b.build();
  }

  public ShopifyClientConfig withCredentials(ShopifyCredentials credentials) {
    Builder b = toBuilder();
    b.credentials = Objects.requireNonNull(credentials, "credentials");
    return b.build();
  }

  /** The Admin API version to ask for, e.g. "2026-10" (quarterly: YYYY-01/04/07/10, or "unstable"). */
  public ShopifyClientConfig withApiVersion(String apiVersion) {
    if (apiVersion == null || !API_VERSION.matcher(apiVersion).matches()) {
      throw new IllegalArgumentException(
          "API version '" + apiVersion + "' is not a Shopify version: use a quarterly release such as "
              + DEFAULT_API_VERSION + " (YYYY-01, -04, -07 or -10) or 'unstable'");
    }
    Builder b = toBuilder();
    b.apiVersion = apiVersion;
    return b.build();
  }

  /**
   * Sends requests to {@code baseUrl} instead of https://&lt;shop&gt;.myshopify.com; for the
   * simulator only, so anything but a loopback origin is refused here, before any request.
   */
  public ShopifyClientConfig withBaseUrl(String baseUrl) {
    Builder b = toBuilder();
    b.baseUrlOverride = baseUrl == null ? null : LoopbackBaseUrl.validate(baseUrl);
    return b.build();
  }

  public ShopifyClientConfig withConnectTimeout(Duration timeout) {
    Builder b = toBuilder();
    b.connectTimeout = positive(timeout, "connect timeout");
    return b.build();
  }

  public ShopifyClientConfig withReadTimeout(Duration timeout) {
    Builder b = toBuilder();
    b.readTimeout = positive(timeout, "read timeout");
    return b.build();
  }

  /**
   * Transient failures (5xx, resets, timeouts, truncated bodies) are retried up to {@code
   * maxAttempts} attempts in all, waiting a jittered {@code initialBackoff * 2^n}, at most {@code
   * maxBackoff}, in between.
   */
  public ShopifyClientConfig withRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 (1 = no retries), got " + maxAttempts);
    }
    positive(initialBackoff, "initial backoff");
    positive(maxBackoff, "max backoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "max backoff " + maxBackoff + " is shorter than the initial backoff " + initialBackoff + ": raise it");
    }
    Builder b = toBuilder();
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    return b.build();
  }

  /** At most this many requests in flight to the shop from this JVM, whatever the thread count. */
  public ShopifyClientConfig withMaxConcurrentRequests(int maxConcurrentRequests) {
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be at least 1, got " + maxConcurrentRequests);
    }
    Builder b = toBuilder();
    b.maxConcurrentRequests = maxConcurrentRequests;
    return b.build();
  }

  /** Fails with a message saying which setting is missing. */
  public void checkComplete() {
    if (shop == null) {
      throw new IllegalArgumentException("no shop: call withShop(\"acme\") (the --shop option)");
    }
    if (credentials == null) {
      throw new IllegalArgumentException(
          "no credentials: call withCredentials(ShopifyCredentials.accessTokenFromEnv(\""
              + ShopifyCredentials.DEFAULT_ACCESS_TOKEN_ENV + "\")) or another ShopifyCredentials factory");
    }
  }

  public ShopDomain shop() {
    return shop;
  }

  public ShopifyCredentials credentials() {
    return credentials;
  }

  public String apiVersion() {
    return apiVersion;
  }

  /** The origin requests go to: the loopback override if set, else https://&lt;shop&gt;.myshopify.com. */
  public String baseUrl() {
    return baseUrlOverride != null ? baseUrlOverride : shop.baseUrl();
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration initialBackoff() {
    return initialBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  private static Duration positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }

  @Override
  public String toString() {
    return "ShopifyClientConfig{shop=" + shop + ", baseUrl=" + (shop == null ? baseUrlOverride : baseUrl())
        + ", apiVersion=" + apiVersion + ", credentials=" + credentials + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + ", backoff=" + initialBackoff
        + ".." + maxBackoff + ", maxConcurrentRequests=" + maxConcurrentRequests + "}";
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.shop = shop;
    b.credentials = credentials;
    b.apiVersion = apiVersion;
    b.baseUrlOverride = baseUrlOverride;
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.maxConcurrentRequests = maxConcurrentRequests;
    return b;
  }

  private static final class Builder {
    private ShopDomain shop;
    private ShopifyCredentials credentials;
    private String apiVersion = DEFAULT_API_VERSION;
    private String baseUrlOverride;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(60);
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(60);
    private int maxConcurrentRequests = 8;

    private ShopifyClientConfig build() {
      return new ShopifyClientConfig(this);
    }
  }
}
