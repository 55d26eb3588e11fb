package courier.simulator;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Access tokens: the configured static token, plus tokens issued by the client-credentials grant,
 * which expire after a TTL (measured in wall time, so a short TTL really runs out during a test),
 * and an optional grace: how long a token keeps working past the {@code expires_in} it was issued
 * with. Tokens never appear in logs or exception messages.
 */
final class TokenRegistry {
  /** Every read scope a connector may need. */
  static final Set<String> ALL_SCOPES =
      Set.of("read_customers", "read_orders", "read_all_orders", "read_products", "read_locations");

  /** Who is calling: the rate-limit bucket key and the granted scopes. */
  record Credential(String app, Set<String> scopes) {
    /** Whether a scope is granted; a write scope implies the read one. */
    boolean has(String scope) {
      return scopes.contains(scope) || scopes.contains(scope.replace("read_", "write_"));
    }
  }

  /** A newly issued token and its lifetime in seconds. */
  record Issued(String token, String scope, long expiresIn) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] staticToken;
  private final String clientId;
  private final byte[] clientSecret;
  private final Duration ttl;
  private final Duration grace;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Long> issued = new ConcurrentHashMap<>();
  private volatile Set<String> scopes;

  /**
   * {@code nanoTime} is the clock issued tokens expire on: {@code System::nanoTime}, or a test's
   * own.
   */
  TokenRegistry(
      String staticToken,
      Set<String> scopes,
      String clientId,
      String clientSecret,
      Duration ttl,
      Duration grace,
      LongSupplier nanoTime) {
    this.staticToken = staticToken.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.scopes = Set.copyOf(scopes);
    this.clientId = clientId;
    this.clientSecret =
        clientSecret == null
            ? null
            : clientSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.ttl = ttl;
    this.grace = grace;
    this.nanoTime = nanoTime;
  }

  static String randomToken() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return "shpat_" + HexFormat.of().formatHex(b);
  }

  Set<String> scopes() {
    return scopes;
  }

  void setScopes(Set<String> scopes) {
    this.scopes = Set.copyOf(scopes);
  }

  /** Scopes as Shopify lists them in a token response: comma-separated. */
  String scopeString() {
    return String.join(",", new TreeSet<>(scopes));
  }

  boolean clientCredentialsEnabled() {
    return clientId != null;
  }

  /** The credential for a presented token, or null when it is unknown or expired. */
  Credential authenticate(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    byte[] presented = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(presented, staticToken)) {
      return new Credential("static", scopes);
    }
    Long expiry = issued.get(token);
    if (expiry == null) {
      return null;
    }
    if (nanoTime.getAsLong() - expiry >= 0) {
      issued.remove(token);
      return null;
    }
    // All tokens issued to one client are one app to Shopify: they share a rate-limit bucket.
    return new Credential("client:" + clientId, scopes);
  }

  /** Issues a token for correct client credentials; null when they are wrong. */
  Issued issue(String id, String secret) {
    if (clientId == null || id == null || secret == null) {
      return null;
    }
    boolean ok =
        MessageDigest.isEqual(
                id.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            & MessageDigest.isEqual(
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), clientSecret);
    if (!ok) {
      return null;
    }
    String token = randomToken();
    issued.put(token, nanoTime.getAsLong() + ttl.plus(grace).toNanos());
    return new Issued(token, scopeString(), ttl.getSeconds());
  }
}
