package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopifyCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

/**
 * Builder validation, and what a configured read carries to workers (no secrets). No server needed.
 */
class ShopifyIOReadTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");
  private static final String SECRET = "shpat_never_serialized_9e8d";

  private static ShopifyIO.Read configured() {
    Path token = TestShop.writeSecret("token", SECRET);
    return ShopifyIO.read()
        .withShop("acme")
        .withBaseUrl("http://127.0.0.1:9")
        .withCredentials(ShopifyCredentials.accessTokenFromFile(token.toString()))
        .withUpdatedWindow(FROM, TO);
  }

  private static String expandFailure(ShopifyIO.Read read) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    return assertThrows(IllegalArgumentException.class, () -> pipeline.apply(read)).getMessage();
  }

  @Test
  void missingSettingsAreReportedWhenThePipelineIsBuiltWithTheFix() {
    assertTrue(expandFailure(ShopifyIO.read()).contains("withShop(\"acme\")"));
    assertTrue(expandFailure(ShopifyIO.read().withShop("acme")).contains("withCredentials("));
    String noWindow =
        expandFailure(
            ShopifyIO.read()
                .withShop("acme")
                .withCredentials(
                    ShopifyCredentials.accessTokenFromFile(
                        TestShop.writeSecret("t", SECRET).toString())));
    assertTrue(
        noWindow.contains("withUpdatedWindow(from, to)") && noWindow.contains("LOCATIONS"),
        noWindow);
  }

  @Test
  void aMissingSecretFailsOnTheDriverNamingIt() {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                pipeline.apply(
                    configured()
                        .withCredentials(
                            ShopifyCredentials.accessTokenFromFile("/nonexistent/courier-token"))));
    assertTrue(
        e.getMessage().contains("/nonexistent/courier-token does not exist"), e.getMessage());
  }

  @Test
  void valuesAreValidatedWithTheFix() {
    ShopifyIO.Read read = ShopifyIO.read();
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> read.withUpdatedWindow(FROM.plusMillis(1), TO))
            .getMessage()
            .contains("whole seconds"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> read.withUpdatedWindow(TO, FROM))
            .getMessage()
            .contains("'from' must be before 'to'"));
    assertThrows(IllegalArgumentException.class, () -> read.withPageSize(251));
    assertThrows(IllegalArgumentException.class, () -> read.withPageSize(0));
    assertThrows(IllegalArgumentException.class, () -> read.withTargetSliceRecords(0));
    assertThrows(IllegalArgumentException.class, () -> read.withResources());
    assertThrows(IllegalArgumentException.class, () -> read.withBaseUrl("https://example.com"));
  }

  @Test
  void whatTravelsToWorkersHoldsOnlyWhereTheSecretLives() {
    ShopifyIO.Read read = configured();
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline.apply(read);
    byte[] serialized = SerializableUtils.serializeToByteArray(read);
    assertFalse(new String(serialized, StandardCharsets.ISO_8859_1).contains(SECRET));
    String display = DisplayData.from(read).toString();
    assertTrue(display.contains("access token from file"), display);
    assertFalse(display.contains(SECRET));
  }
}
