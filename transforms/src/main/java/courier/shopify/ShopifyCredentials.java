package courier.shopify;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How the client authenticates, as a reference to where the secrets live (see {@link
 * SecretSource}); the secrets themselves are read where the client is built. Both kinds Shopify has
 * today:
 *
 * <ul>
 *   <li>a static Admin API access token ({@code shpat_...}) of an app created in the shop admin;
 *   <li>the client-credentials grant of a Dev Dashboard app: client id and secret are exchanged at
 *       {@code /admin/oauth/access_token} for a token that expires after about 24 hours.
 * </ul>
 */
@AutoValue
public abstract class ShopifyCredentials implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_ACCESS_TOKEN_ENV = "SHOPIFY_ACCESS_TOKEN";
  public static final String DEFAULT_CLIENT_ID_ENV = "SHOPIFY_CLIENT_ID";
  public static final String DEFAULT_CLIENT_SECRET_ENV = "SHOPIFY_CLIENT_SECRET";

  /** Null for the client-credentials grant. */
  abstract @Nullable SecretSource accessToken();

  /** Given, or null when it comes from {@link #clientIdSource}. */
  abstract @Nullable String clientId();

  abstract @Nullable SecretSource clientIdSource();

  abstract @Nullable SecretSource clientSecret();

  private static ShopifyCredentials create(
      SecretSource accessToken,
      String clientId,
      SecretSource clientIdSource,
      SecretSource clientSecret) {
    return new AutoValue_ShopifyCredentials(accessToken, clientId, clientIdSource, clientSecret);
  }

  /** A static access token read from {@code variable}, e.g. SHOPIFY_ACCESS_TOKEN. */
  public static ShopifyCredentials accessTokenFromEnv(String variable) {
    return accessToken(SecretSource.env(variable));
  }

  /** A static access token read from the file at {@code path}. */
  public static ShopifyCredentials accessTokenFromFile(String path) {
    return accessToken(SecretSource.file(path));
  }

  public static ShopifyCredentials accessToken(SecretSource token) {
    return create(Objects.requireNonNull(token, "token source"), null, null, null);
  }

  /** The client-credentials grant with a given client id (not a secret) and a secret source. */
  public static ShopifyCredentials clientCredentials(String clientId, SecretSource secret) {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException(
          "a client id is required for the client-credentials grant: copy it from the app's settings "
              + "in the Dev Dashboard, or leave it out to read "
              + DEFAULT_CLIENT_ID_ENV);
    }
    return create(null, clientId.strip(), null, Objects.requireNonNull(secret, "secret source"));
  }

  /** The client-credentials grant with the client id read from a source too. */
  public static ShopifyCredentials clientCredentials(SecretSource clientId, SecretSource secret) {
    return create(
        null,
        null,
        Objects.requireNonNull(clientId, "client id source"),
        Objects.requireNonNull(secret, "secret source"));
  }

  /** The client-credentials grant from SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET. */
  public static ShopifyCredentials clientCredentialsFromEnv() {
    return clientCredentials(
        SecretSource.env(DEFAULT_CLIENT_ID_ENV), SecretSource.env(DEFAULT_CLIENT_SECRET_ENV));
  }

  public boolean isClientCredentialsGrant() {
    return accessToken() == null;
  }

  /**
   * Fails now, with a message naming the missing variable or file, if a secret cannot be read; for
   * the driver, so a misconfigured run stops before it starts. The secrets are read and dropped.
   */
  public void checkReadable() {
    resolve(System::getenv);
  }

  /** Reads the secrets (package-private: only the client's token sources hold them). */
  Resolved resolve(UnaryOperator<String> environment) {
    if (accessToken() != null) {
      return new Resolved(accessToken().resolve(environment), null, null);
    }
    String id = clientId() != null ? clientId() : clientIdSource().resolve(environment);
    return new Resolved(null, id, clientSecret().resolve(environment));
  }

  /** Where the credentials come from, never their values. */
  @Override
  public final String toString() {
    if (accessToken() != null) {
      return "access token from " + accessToken();
    }
    return "client credentials (client id "
        + (clientId() != null ? clientId() : "from " + clientIdSource())
        + ", secret from "
        + clientSecret()
        + ")";
  }

  /** Secrets as read; toString never shows them. */
  static final class Resolved {
    final String accessToken;
    final String clientId;
    final String clientSecret;

    private Resolved(String accessToken, String clientId, String clientSecret) {
      this.accessToken = accessToken;
      this.clientId = clientId;
      this.clientSecret = clientSecret;
    }

    @Override
    public String toString() {
      return "ShopifyCredentials.Resolved[redacted]";
    }
  }
}
