package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * The order's refunds and addresses: {@code rows: {objects: ...}} with {@code $key}, and the {@code
 * $sum(...)} source that adds a refund's successful refund transactions.
 */
class RefundAndAddressRowsTest {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();
  private static final long ORDER = 450789469L;

  @Test
  void aRefundRowCarriesTheSumOfItsSuccessfulRefundTransactions() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, ORDER);
    ArrayNode transactions =
        (ArrayNode) order.get("refunds").get(0).get("transactions"); // one refund success 209.00
    transactions.addObject().put("kind", "refund").put("status", "failure").put("amount", "5.00");
    transactions.addObject().put("kind", "capture").put("status", "success").put("amount", "7.00");
    transactions.addObject().put("kind", "refund").put("status", "success").put("amount", 1.5);

    Row refund = single(normalized(order), "refund");
    assertEquals(509562969L, refund.getInt64("id"));
    assertEquals(ORDER, refund.getInt64("order_id"));
    assertEquals(new BigDecimal("210.5000"), refund.getDecimal("refunded_amount"));
    assertEquals("USD", refund.getString("currency"));
    assertEquals("it broke during shipping", refund.getString("note"));
    assertEquals(548380009L, refund.getInt64("user_id"));
    assertEquals(Boolean.TRUE, refund.getBoolean("restock"));
    assertEquals(
        org.joda.time.Instant.parse("2025-07-02T16:27:13Z"), refund.getDateTime("processed_at"));
    // Every refund line item finds its refund.
    for (Row line : normalized(order).rows().get("order_line_refund")) {
      assertEquals(refund.getInt64("id"), line.getInt64("refund_id"));
    }
  }

  @Test
  void withoutTransactionsTheGraphqlTotalStandsInAndNoMatchIsZero() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, ORDER);
    ObjectNode refund = (ObjectNode) order.get("refunds").get(0);
    refund.remove("transactions");
    refund.putObject("total_refunded_set").putObject("shop_money").put("amount", "12.30");
    assertEquals(
        new BigDecimal("12.3000"),
        single(normalized(order), "refund").getDecimal("refunded_amount"));

    refund.remove("total_refunded_set");
    refund.putArray("transactions").addObject().put("kind", "refund").put("status", "pending");
    assertEquals(
        new BigDecimal("0.0000"),
        single(normalized(order), "refund").getDecimal("refunded_amount"));
  }

  @Test
  void aWrongAmountRejectsTheOrderInTheRefundTable() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, ORDER);
    ((ObjectNode) order.get("refunds").get(0).get("transactions").get(0)).put("amount", "lots");
    Rejected rejected =
        assertInstanceOf(
            Rejected.class,
            EntityNormalizer.normalize(
                Fixtures.entity(ShopifyResource.ORDERS, order), TABLES, "run", Instant.EPOCH));
    assertEquals("refund", rejected.table(), rejected.reason());
  }

  @Test
  void billingAndShippingAddressesAreOneRowEachNamedByKind() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, ORDER);
    List<Row> addresses = normalized(order).rows().get("order_address");
    assertEquals(2, addresses.size());
    assertEquals("billing", addresses.get(0).getString("kind"));
    assertEquals("shipping", addresses.get(1).getString("kind"));
    Row billing = addresses.get(0);
    assertEquals(ORDER, billing.getInt64("order_id"));
    assertEquals("Bob", billing.getString("first_name"));
    assertEquals("Norman", billing.getString("last_name"));
    assertNull(billing.getString("company"));
    assertEquals("Chestnut Street 92", billing.getString("address1"));
    assertEquals("KY", billing.getString("province_code"));
    assertEquals("40202", billing.getString("zip"));
    assertEquals(0, new BigDecimal("45.41634").compareTo(billing.getDecimal("latitude")));
    assertEquals(0, new BigDecimal("-75.6868").compareTo(billing.getDecimal("longitude")));
  }

  @Test
  void aMissingOrNullAddressGivesNoRowAndAGuestOrderKeepsItsAddresses() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, ORDER);
    order.putNull("customer");
    order.remove("billing_address");
    order.putNull("shipping_address");
    assertEquals(List.of(), normalized(order).rows().get("order_address"));

    ObjectNode guest = Fixtures.payload(ShopifyResource.ORDERS, ORDER);
    guest.putNull("customer");
    List<Row> addresses = normalized(guest).rows().get("order_address");
    assertEquals(2, addresses.size());
    assertNull(single(normalized(guest), "order").getInt64("customer_id"));
  }

  private static Normalized normalized(ObjectNode order) {
    return assertInstanceOf(
        Normalized.class,
        EntityNormalizer.normalize(
            Fixtures.entity(ShopifyResource.ORDERS, order), TABLES, "run", Instant.EPOCH));
  }

  private static Row single(Normalized out, String table) {
    List<Row> rows = out.rows().get(table);
    assertEquals(1, rows.size(), table + " rows: " + rows);
    return rows.get(0);
  }
}
