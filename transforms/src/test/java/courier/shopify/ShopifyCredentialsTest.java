package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopifyCredentialsTest {
  private static final String SECRET = "shpat_0123456789abcdef-secret";

  @TempDir Path dir;

  private Path secretFile(String content) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, content);
    return file;
  }

  @Test
  void aTokenFileIsReadWhereTheClientIsBuiltAndTrimmed() throws Exception {
    ShopifyCredentials credentials =
        ShopifyCredentials.accessTokenFromFile(secretFile(SECRET + "\n").toString());
    assertEquals(SECRET, credentials.resolve(name -> null).accessToken);
  }

  @Test
  void environmentVariablesAreReadByName() {
    ShopifyCredentials token = ShopifyCredentials.accessTokenFromEnv("SHOPIFY_ACCESS_TOKEN");
    assertEquals(SECRET, token.resolve(Map.of("SHOPIFY_ACCESS_TOKEN", SECRET)::get).accessToken);
    ShopifyCredentials grant = ShopifyCredentials.clientCredentialsFromEnv();
    ShopifyCredentials.Resolved resolved =
        grant.resolve(Map.of("SHOPIFY_CLIENT_ID", "id-1", "SHOPIFY_CLIENT_SECRET", SECRET)::get);
    assertEquals("id-1", resolved.clientId);
    assertEquals(SECRET, resolved.clientSecret);
  }

  @Test
  void aMissingSecretSaysWhereItWasExpectedAndHowToProvideIt() {
    String env =
        assertThrows(
                IllegalStateException.class,
                () ->
                    ShopifyCredentials.accessTokenFromEnv("SHOPIFY_ACCESS_TOKEN")
                        .resolve(name -> null))
            .getMessage();
    assertTrue(
        env.contains("environment variable SHOPIFY_ACCESS_TOKEN is not set")
            && env.contains("export it"),
        env);
    String file =
        assertThrows(
                IllegalStateException.class,
                () ->
                    ShopifyCredentials.accessTokenFromFile(dir.resolve("nope").toString())
                        .resolve(name -> null))
            .getMessage();
    assertTrue(file.contains("does not exist") && file.contains("nope"), file);
  }

  @Test
  void neitherToStringNorSerializedFormEverHoldTheSecret() throws Exception {
    Path file = secretFile(SECRET);
    for (ShopifyCredentials c :
        new ShopifyCredentials[] {
          ShopifyCredentials.accessTokenFromFile(file.toString()),
          ShopifyCredentials.clientCredentials("client-1", SecretSource.file(file.toString())),
          ShopifyCredentials.clientCredentialsFromEnv()
        }) {
      c.resolve(name -> SECRET); // reading the secret must not leave it in the reference
      assertFalse(c.toString().contains(SECRET), c.toString());
      ShopifyClientConfig config =
          ShopifyClientConfig.create().withShop(ShopDomain.of("acme")).withCredentials(c);
      assertFalse(config.toString().contains(SECRET));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(config);
      }
      assertFalse(new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1).contains(SECRET));
    }
    assertEquals(
        "access token from file " + file,
        ShopifyCredentials.accessTokenFromFile(file.toString()).toString());
    assertEquals(
        "client credentials (client id from environment variable SHOPIFY_CLIENT_ID, secret from "
            + "environment variable SHOPIFY_CLIENT_SECRET)",
        ShopifyCredentials.clientCredentialsFromEnv().toString());
  }

  @Test
  void referencesAreValidatedWithTheFix() {
    String name =
        assertThrows(IllegalArgumentException.class, () -> SecretSource.env("not a name"))
            .getMessage();
    assertTrue(name.contains("'not a name' is not an environment variable name"), name);
    String path =
        assertThrows(IllegalArgumentException.class, () -> SecretSource.file(" ")).getMessage();
    assertTrue(path.contains("a secret file path is required"), path);
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> ShopifyCredentials.clientCredentials(" ", SecretSource.env("S")))
            .getMessage()
            .contains("SHOPIFY_CLIENT_ID"));
  }
}
