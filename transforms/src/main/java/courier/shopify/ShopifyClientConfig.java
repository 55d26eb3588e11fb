package courier.shopify;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Everything needed to build a {@link ShopifyClient}: shop, credentials reference, API version,
 * timeouts, retry policy and per-shop concurrency. Immutable and serializable (it holds no secret),
 * so transforms carry it to workers; each {@code withX} returns a modified copy.
 */
@AutoValue
public abstract class ShopifyClientConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_API_VERSION = "2026-10";
  private static final Pattern API_VERSION = Pattern.compile("20\\d\\d-(01|04|07|10)|unstable");

  public abstract @Nullable ShopDomain shop();

  public abstract @Nullable ShopifyCredentials credentials();

  public abstract String apiVersion();

  abstract @Nullable String baseUrlOverride();

  public abstract Duration connectTimeout();

  public abstract Duration readTimeout();

  public abstract int maxAttempts();

  public abstract Duration initialBackoff();

  public abstract Duration maxBackoff();

  public abstract int maxConcurrentRequests();

  /** Which Admin API to read through. */
  public abstract Transport transport();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder shop(ShopDomain shop);

    abstract Builder credentials(ShopifyCredentials credentials);

    abstract Builder apiVersion(String apiVersion);

    abstract Builder baseUrlOverride(@Nullable String baseUrl);

    abstract Builder connectTimeout(Duration timeout);

    abstract Builder readTimeout(Duration timeout);

    abstract Builder maxAttempts(int maxAttempts);

    abstract Builder initialBackoff(Duration backoff);

    abstract Builder maxBackoff(Duration backoff);

    abstract Builder maxConcurrentRequests(int maxConcurrentRequests);

    abstract Builder transport(Transport transport);

    abstract ShopifyClientConfig build();
  }

  /**
   * Defaults: GraphQL, API 2026-10, connect 10 s, read 60 s, 8 attempts backing off 1 s to 60 s, 8
   * concurrent.
   */
  public static ShopifyClientConfig create() {
    return new AutoValue_ShopifyClientConfig.Builder()
        .apiVersion(DEFAULT_API_VERSION)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(60))
        .maxAttempts(8)
        .initialBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(60))
        .maxConcurrentRequests(8)
        .transport(Transport.GRAPHQL)
        .build();
  }

  public ShopifyClientConfig withTransport(Transport transport) {
    return toBuilder().transport(Objects.requireNonNull(transport, "transport")).build();
  }

  public ShopifyClientConfig withShop(ShopDomain shop) {
    return toBuilder().shop(Objects.requireNonNull(shop, "shop")).build();
  }

  public ShopifyClientConfig withCredentials(ShopifyCredentials credentials) {
    return toBuilder().credentials(Objects.requireNonNull(credentials, "credentials")).build();
  }

  /**
   * The Admin API version to ask for, e.g. "2026-10" (quarterly: YYYY-01/04/07/10, or "unstable").
   */
  public ShopifyClientConfig withApiVersion(String apiVersion) {
    if (apiVersion == null || !API_VERSION.matcher(apiVersion).matches()) {
      throw new IllegalArgumentException(
          "API version '"
              + apiVersion
              + "' is not a Shopify version: use a quarterly release such as "
              + DEFAULT_API_VERSION
              + " (YYYY-01, -04, -07 or -10) or 'unstable'");
    }
    return toBuilder().apiVersion(apiVersion).build();
  }

  /**
   * Sends requests to {@code baseUrl} instead of https://&lt;shop&gt;.myshopify.com; for the
   * simulator only, so anything but a loopback origin is refused here, before any request.
   */
  public ShopifyClientConfig withBaseUrl(String baseUrl) {
    return toBuilder()
        .baseUrlOverride(baseUrl == null ? null : LoopbackBaseUrl.validate(baseUrl))
        .build();
  }

  public ShopifyClientConfig withConnectTimeout(Duration timeout) {
    return toBuilder().connectTimeout(positive(timeout, "connect timeout")).build();
  }

  public ShopifyClientConfig withReadTimeout(Duration timeout) {
    return toBuilder().readTimeout(positive(timeout, "read timeout")).build();
  }

  /**
   * Transient failures (5xx, resets, timeouts, truncated bodies) are retried up to {@code
   * maxAttempts} attempts in all, waiting a jittered {@code initialBackoff * 2^n}, at most {@code
   * maxBackoff}, in between.
   */
  public ShopifyClientConfig withRetries(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "maxAttempts must be at least 1 (1 = no retries), got " + maxAttempts);
    }
    positive(initialBackoff, "initial backoff");
    positive(maxBackoff, "max backoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "max backoff "
              + maxBackoff
              + " is shorter than the initial backoff "
              + initialBackoff
              + ": raise it");
    }
    return toBuilder()
        .maxAttempts(maxAttempts)
        .initialBackoff(initialBackoff)
        .maxBackoff(maxBackoff)
        .build();
  }

  /** At most this many requests in flight to the shop from this JVM, whatever the thread count. */
  public ShopifyClientConfig withMaxConcurrentRequests(int maxConcurrentRequests) {
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException(
          "must be at least 1 (requests in flight), got " + maxConcurrentRequests);
    }
    return toBuilder().maxConcurrentRequests(maxConcurrentRequests).build();
  }

  /** Fails with a message saying which setting is missing. */
  public void checkComplete() {
    if (shop() == null) {
      throw new IllegalArgumentException("no shop: call withShop(\"acme\") (the --shop option)");
    }
    if (credentials() == null) {
      throw new IllegalArgumentException(
          "no credentials: call withCredentials(ShopifyCredentials.accessTokenFromEnv(\""
              + ShopifyCredentials.DEFAULT_ACCESS_TOKEN_ENV
              + "\")) or another ShopifyCredentials factory");
    }
  }

  /**
   * The origin requests go to: the loopback override if set, else
   * https://&lt;shop&gt;.myshopify.com.
   */
  public String baseUrl() {
    return baseUrlOverride() != null ? baseUrlOverride() : shop().baseUrl();
  }

  private static Duration positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }

  @Override
  public final String toString() {
    return "ShopifyClientConfig{shop="
        + shop()
        + ", baseUrl="
        + (shop() == null ? baseUrlOverride() : baseUrl())
        + ", apiVersion="
        + apiVersion()
        + ", credentials="
        + credentials()
        + ", connectTimeout="
        + connectTimeout()
        + ", readTimeout="
        + readTimeout()
        + ", maxAttempts="
        + maxAttempts()
        + ", backoff="
        + initialBackoff()
        + ".."
        + maxBackoff()
        + ", maxConcurrentRequests="
        + maxConcurrentRequests()
        + "}";
  }
}
