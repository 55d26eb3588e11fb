package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import courier.shopify.ShopifyResource;
import java.time.Instant;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class SliceTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

  @Test
  void everyResourceSurvivesTheSchemaCoder() throws Exception {
    Coder<Slice> coder = Slice.coder();
    for (ShopifyResource resource : ShopifyResource.values()) {
      Slice slice = Slice.of("acme.myshopify.com", resource, FROM, TO, 12_345_678_901L);
      Slice decoded =
          CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, slice));
      assertEquals(slice, decoded);
      assertEquals(resource, decoded.getResource());
      assertEquals(TO, decoded.updatedTo());
    }
    coder.verifyDeterministic();
  }

  @Test
  void emptyAndFractionalBoundsAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Slice.of("acme.myshopify.com", ShopifyResource.ORDERS, TO, FROM, Slice.UNKNOWN));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Slice.of(
                "acme.myshopify.com",
                ShopifyResource.ORDERS,
                FROM.plusMillis(1),
                TO,
                Slice.UNKNOWN));
  }
}
