package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 5: hostile values fail nothing. Each either lands cleaned (NULs removed, counted)
 * or rejects the entity with a reason, quickly: no billion-digit number is ever built.
 */
class HostileValuesTest {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();
  private static final long CUSTOMER = 207119551L;

  @Test
  void nulCharactersAreRemovedAndCounted() {
    EntityNormalizer.Normalized out =
        normalized(c -> c.put("note", "VIP\u0000 customer\u0000").put("first_name", "Bo\u0000b"));
    Row customer = out.rows().get("customer").get(0);
    assertEquals("VIP customer", customer.getString("note"));
    assertEquals("Bob", customer.getString("first_name"));
    assertEquals(3, out.nulsRemoved());
  }

  @Test
  void aTenMegabyteNoteIsARejectNamingTheLimit() {
    String reason = rejected(c -> c.put("note", "x".repeat(10 * 1024 * 1024)));
    assertTrue(reason.contains("customer.note"), reason);
    assertTrue(reason.contains("10485760 characters, over the 1000000"), reason);
  }

  @Test
  void hugeExponentsAreRejectedWithoutExpandingThem() {
    // Only a guard against a hang: expanding 1e999999999 takes hours, rejecting it microseconds, so
    // a loaded CI machine is nowhere near this.
    assertTimeoutPreemptively(
        Duration.ofMinutes(2),
        () -> {
          for (String column : List.of("orders_count", "total_spent", "note", "last_order_id")) {
            ObjectNode c = Fixtures.payload(ShopifyResource.CUSTOMERS, CUSTOMER);
            c.remove(column);
            String hostile = c.toString().replaceFirst("\\{", "{\"" + column + "\":1e999999999,");
            String reason = reason(hostile);
            assertTrue(reason.contains("number out of range"), column + ": " + reason);
            String tiny = c.toString().replaceFirst("\\{", "{\"" + column + "\":1e-999999999,");
            outcome(tiny); // rejected or landed, but at once
          }
        });
  }

  @Test
  void aZeroDateIsARejectNamingTheColumn() {
    String reason = rejected(c -> c.put("created_at", "0000-00-00"));
    assertTrue(reason.contains("customer.created_at"), reason);
  }

  @Test
  void aDeeplyNestedUnknownFieldDoesNotMatter() {
    String json = customerJson();
    String nested = "{\"a\":".repeat(500) + "1" + "}".repeat(500);
    json = json.replaceFirst("\\{", "{\"deep\":" + nested + ",");
    assertInstanceOf(EntityNormalizer.Normalized.class, outcome(json));
  }

  @Test
  void aKeyTooLongForADatabaseIndexIsARejectNamingTheColumn() {
    String reason = rejected(c -> c.put("tags", "short, " + "x".repeat(3000)));
    assertTrue(reason.contains("customer_tags.value"), reason);
    assertTrue(reason.contains("3000 bytes, over the 1000 a key column holds"), reason);
    assertTrue(!reason.contains("xxxxxxxxxx"), "the value is not shown: " + reason);
    normalized(c -> c.put("note", "x".repeat(3000))); // no key: a long text lands
  }

  private static String customerJson() {
    return Fixtures.payload(ShopifyResource.CUSTOMERS, CUSTOMER).toString();
  }

  private static EntityNormalizer.Normalized normalized(Consumer<ObjectNode> edit) {
    ObjectNode c = Fixtures.payload(ShopifyResource.CUSTOMERS, CUSTOMER);
    edit.accept(c);
    return assertInstanceOf(EntityNormalizer.Normalized.class, outcome(c.toString()));
  }

  private static String rejected(Consumer<ObjectNode> edit) {
    ObjectNode c = Fixtures.payload(ShopifyResource.CUSTOMERS, CUSTOMER);
    edit.accept(c);
    return reason(c.toString());
  }

  private static String reason(String json) {
    return assertInstanceOf(EntityNormalizer.Rejected.class, outcome(json)).reason();
  }

  private static EntityNormalizer.Outcome outcome(String json) {
    return EntityNormalizer.normalize(
        new courier.fetch.ShopifyEntity(
            Fixtures.SHOP, ShopifyResource.CUSTOMERS, CUSTOMER, 0L, json),
        TABLES,
        "run",
        Instant.parse("2026-05-01T00:00:00Z"));
  }
}
