package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.normalize.EntityNormalizer.Normalized;
import courier.normalize.EntityNormalizer.Rejected;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * Shopify's abandoned checkout fixture (REST 2026-07) in the abandoned_checkout, its lines (keyed
 * by position) and its billing and shipping addresses, a guest checkout's included.
 */
class CheckoutRowsTest {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();
  private static final long CHECKOUT = 450789469L;

  @Test
  void theCheckoutRowHasItsMoneyTimesAndCustomer() {
    Row checkout = single(normalized(fixture()), "abandoned_checkout");
    assertEquals(CHECKOUT, checkout.getInt64("id"));
    assertEquals("2a1ace52255252df566af0faaedfbfa7", checkout.getString("token"));
    assertEquals("68778783ad298f1c80c3bafcddeea02f", checkout.getString("cart_token"));
    assertEquals("bob.norman@mail.example.com", checkout.getString("email"));
    assertNull(checkout.getString("phone"));
    assertEquals(207119551L, checkout.getInt64("customer_id"));
    assertEquals("en", checkout.getString("customer_locale"));
    assertEquals("USD", checkout.getString("currency"));
    assertEquals("USD", checkout.getString("presentment_currency"));
    assertEquals(Boolean.FALSE, checkout.getBoolean("buyer_accepts_marketing"));
    assertEquals(new BigDecimal("358.2000"), checkout.getDecimal("subtotal_price"));
    assertEquals(new BigDecimal("39.8000"), checkout.getDecimal("total_discounts"));
    assertEquals(new BigDecimal("398.0000"), checkout.getDecimal("total_line_items_price"));
    assertEquals(new BigDecimal("21.4900"), checkout.getDecimal("total_tax"));
    assertEquals(new BigDecimal("379.6900"), checkout.getDecimal("total_price"));
    assertEquals(400L, checkout.getInt64("total_weight"));
    assertEquals(Boolean.FALSE, checkout.getBoolean("taxes_included"));
    assertEquals("web", checkout.getString("source_name"));
    assertEquals(
        "https://checkout.local/548380009/checkouts/2a1ace52255252df566af0faaedfbfa7/recover",
        checkout.getString("abandoned_checkout_url"));
    // 07:05:27-04:00 is 11:05:27 UTC.
    assertEquals(
        org.joda.time.Instant.parse("2012-10-12T11:05:27Z"), checkout.getDateTime("created_at"));
    assertEquals(
        org.joda.time.Instant.parse("2012-10-12T11:05:27Z"), checkout.getDateTime("updated_at"));
    assertNull(checkout.getDateTime("completed_at"));
    assertNull(checkout.getDateTime("closed_at"));
    assertNull(checkout.getInt64("location_id"));
  }

  @Test
  void linesAreKeyedByTheirPosition() {
    List<Row> lines = normalized(fixture()).rows().get("abandoned_checkout_line");
    assertEquals(2, lines.size());
    Row first = lines.get(0);
    assertEquals(CHECKOUT, first.getInt64("checkout_id"));
    assertEquals(0, first.getInt32("line_index"));
    assertEquals(632910392L, first.getInt64("product_id"));
    assertEquals(49148385L, first.getInt64("variant_id"));
    assertEquals("IPOD2008RED", first.getString("sku"));
    assertEquals("IPod Nano - 8GB", first.getString("title"));
    assertEquals("Red", first.getString("variant_title"));
    assertEquals("Apple", first.getString("vendor"));
    assertEquals(1, first.getInt32("quantity"));
    assertEquals(new BigDecimal("199.0000"), first.getDecimal("price"));
    assertEquals(new BigDecimal("199.0000"), first.getDecimal("line_price"));
    assertEquals(200, first.getInt32("grams"));
    assertEquals(Boolean.TRUE, first.getBoolean("requires_shipping"));
    assertEquals(Boolean.TRUE, first.getBoolean("taxable"));
    assertEquals(Boolean.FALSE, first.getBoolean("gift_card"));
    assertEquals(1, lines.get(1).getInt32("line_index"));
    assertEquals(808950810L, lines.get(1).getInt64("variant_id"));
  }

  @Test
  void aGuestCheckoutLandsBothAddressesNamedByKind() {
    ObjectNode guest = fixture();
    guest.putNull("customer");
    Normalized out = normalized(guest);
    assertNull(single(out, "abandoned_checkout").getInt64("customer_id"));
    assertEquals(
        "bob.norman@mail.example.com", single(out, "abandoned_checkout").getString("email"));
    List<Row> addresses = out.rows().get("abandoned_checkout_address");
    assertEquals(2, addresses.size());
    Row billing = addresses.get(0);
    assertEquals("billing", billing.getString("kind"));
    assertEquals("shipping", addresses.get(1).getString("kind"));
    assertEquals(CHECKOUT, billing.getInt64("checkout_id"));
    assertEquals("Bob", billing.getString("first_name"));
    assertEquals("Norman", billing.getString("last_name"));
    assertEquals("Chestnut Street 92", billing.getString("address1"));
    assertEquals("Louisville", billing.getString("city"));
    assertEquals("Kentucky", billing.getString("province"));
    assertEquals("US", billing.getString("country_code"));
    assertEquals("40202", billing.getString("zip"));
    assertEquals("+1(502)-459-2181", billing.getString("phone"));
    assertEquals(0, new BigDecimal("45.41634").compareTo(billing.getDecimal("latitude")));
  }

  @Test
  void aLineWithAWrongQuantityRejectsTheCheckoutNamingTheTable() {
    ObjectNode checkout = fixture();
    ((ObjectNode) checkout.get("line_items").get(1)).put("quantity", "two");
    Rejected rejected =
        assertInstanceOf(
            Rejected.class,
            EntityNormalizer.normalize(
                Fixtures.entity(ShopifyResource.CHECKOUTS, checkout),
                TABLES,
                "run",
                Instant.EPOCH));
    assertEquals("abandoned_checkout_line", rejected.table(), rejected.reason());
  }

  private static ObjectNode fixture() {
    return Fixtures.payload(ShopifyResource.CHECKOUTS, CHECKOUT);
  }

  private static Normalized normalized(ObjectNode checkout) {
    return assertInstanceOf(
        Normalized.class,
        EntityNormalizer.normalize(
            Fixtures.entity(ShopifyResource.CHECKOUTS, checkout), TABLES, "run", Instant.EPOCH));
  }

  private static Row single(Normalized out, String table) {
    List<Row> rows = out.rows().get(table);
    assertEquals(1, rows.size(), table + " rows: " + rows);
    return rows.get(0);
  }
}
