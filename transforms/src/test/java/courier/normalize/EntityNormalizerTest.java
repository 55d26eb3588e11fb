package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.fetch.ShopifyEntity;
import courier.normalize.EntityNormalizer.Normalized;
import courier.normalize.EntityNormalizer.Outcome;
import courier.normalize.EntityNormalizer.Rejected;
import courier.schema.ColumnSpec;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class EntityNormalizerTest {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();
  private static final String RUN = "run-test-1";
  private static final Instant SYNCED_AT = Instant.parse("2026-11-28T06:00:00Z");

  @Test
  void customerBecomesCustomerAndAddressRowsValueByValue() {
    Normalized out =
        normalized(
            ShopifyResource.CUSTOMERS, Fixtures.payload(ShopifyResource.CUSTOMERS, 1073339462L));

    assertColumns(
        "customer",
        single(out, "customer"),
        "created_at",
        utc("2025-07-02T16:27:00Z"),
        "currency",
        "USD",
        "email",
        "steve.lastnameson@example.com",
        "first_name",
        "Steve",
        "id",
        1073339462L,
        "last_name",
        "Lastnameson",
        "last_order_id",
        null,
        "last_order_name",
        null,
        "multipass_identifier",
        null,
        "note",
        null,
        "orders_count",
        0,
        "phone",
        "+15142546011",
        "state",
        "disabled",
        "tags",
        "",
        "tax_exempt",
        false,
        "total_spent",
        new BigDecimal("0.0000"),
        "updated_at",
        utc("2025-07-02T16:27:00Z"),
        "verified_email",
        true);
    assertColumns(
        "customer_address",
        single(out, "customer_address"),
        "address1",
        "123 Oak St",
        "address2",
        null,
        "city",
        "Ottawa",
        "company",
        null,
        "country",
        "Canada",
        "country_code",
        "CA",
        "country_name",
        "Canada",
        "customer_id",
        1073339462L,
        "default",
        true,
        "first_name",
        "Mother",
        "id",
        1053317292L,
        "last_name",
        "Lastnameson",
        "phone",
        "555-1212",
        "province",
        "Ontario",
        "province_code",
        "ON",
        "zip",
        "123 ABC");
    assertEquals(List.of(), out.rows().get("customer_tags"), "empty tags give no tag rows");
    assertLineage(single(out, "customer"), 1073339462L);
    assertLineage(single(out, "customer_address"), 1073339462L);
  }

  @Test
  void customerTagsAreSplitKeepingUnicode() {
    Normalized out =
        normalized(
            ShopifyResource.CUSTOMERS, Fixtures.payload(ShopifyResource.CUSTOMERS, 207119551L));
    assertEquals(List.of("Léon", "Noël"), column(out.rows().get("customer_tags"), "value"));
    assertEquals(
        List.of(207119551L, 207119551L), column(out.rows().get("customer_tags"), "customer_id"));
  }

  @Test
  void orderBecomesRowsOfEveryOrderTableValueByValue() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, 450789469L);
    order.put("tags", " Rush, wholesale ,, Rush ,Noël 🎁 ,\u2003");
    Normalized out = normalized(ShopifyResource.ORDERS, order);

    assertColumns(
        "order",
        single(out, "order"),
        "app_id",
        null,
        "browser_ip",
        "0.0.0.0",
        "buyer_accepts_marketing",
        false,
        "cancel_reason",
        null,
        "canceled_at",
        null,
        "cart_token",
        "68778783ad298f1c80c3bafcddeea02f",
        "checkout_token",
        "bd5a8aa1ecd019dd3520ff791ee3a24c",
        "closed_at",
        null,
        "created_at",
        utc("2008-01-10T16:00:00Z"),
        "currency",
        "USD",
        "current_subtotal_price",
        new BigDecimal("195.6700"),
        "current_total_discounts",
        new BigDecimal("3.3300"),
        "current_total_price",
        new BigDecimal("199.6500"),
        "current_total_tax",
        new BigDecimal("3.9800"),
        "customer_id",
        207119551L,
        "customer_locale",
        null,
        "email",
        "bob.norman@mail.example.com",
        "estimated_taxes",
        false,
        "financial_status",
        "partially_refunded",
        "fulfillment_status",
        null,
        "id",
        450789469L,
        "landing_site",
        "http://www.example.com?source=abc",
        "location_id",
        null,
        "name",
        "#1001",
        "note",
        null,
        "number",
        1L,
        "order_number",
        1001L,
        "phone",
        "+557734881234",
        "presentment_currency",
        "USD",
        "processed_at",
        utc("2008-01-10T16:00:00Z"),
        "processing_method",
        null,
        "referring_site",
        "http://www.otherexample.com",
        "source_name",
        "web",
        "source_identifier",
        "fhwdgads",
        "source_url",
        null,
        "subtotal_price",
        new BigDecimal("597.0000"),
        "tags",
        " Rush, wholesale ,, Rush ,Noël 🎁 ,\u2003",
        "taxes_included",
        false,
        "test",
        false,
        "token",
        "b1946ac92492d2347c6235b4d2611184",
        "total_discounts",
        new BigDecimal("10.0000"),
        "total_line_items_price",
        new BigDecimal("597.0000"),
        "total_outstanding",
        new BigDecimal("0.0000"),
        "total_price",
        new BigDecimal("598.9400"),
        "total_tax",
        new BigDecimal("11.9400"),
        "total_tip_received",
        new BigDecimal("0.0000"),
        "total_weight",
        0L,
        "updated_at",
        utc("2008-01-10T16:00:00Z"),
        "user_id",
        null);

    List<Row> lines = out.rows().get("order_line");
    assertEquals(List.of(466157049L, 518995019L, 703073504L), column(lines, "id"));
    assertColumns(
        "order_line",
        lines.get(1),
        "fulfillable_quantity",
        1,
        "fulfillment_service",
        "manual",
        "fulfillment_status",
        null,
        "gift_card",
        false,
        "grams",
        200,
        "id",
        518995019L,
        "name",
        "IPod Nano - 8gb - red",
        "order_id",
        450789469L,
        "price",
        new BigDecimal("199.0000"),
        "product_id",
        632910392L,
        "quantity",
        1,
        "requires_shipping",
        true,
        "sku",
        "IPOD2008RED",
        "taxable",
        true,
        "title",
        "IPod Nano - 8gb",
        "total_discount",
        new BigDecimal("0.0000"),
        "variant_id",
        49148385L,
        "variant_title",
        "red",
        "vendor",
        null);

    List<Row> allocations = out.rows().get("discount_allocation");
    assertEquals(3, allocations.size());
    assertColumns(
        "discount_allocation",
        allocations.get(0),
        "amount",
        new BigDecimal("3.3400"),
        "discount_allocation_index",
        0,
        "order_line_id",
        466157049L,
        "discount_application_index",
        0);
    assertEquals(List.of(466157049L, 518995019L, 703073504L), column(allocations, "order_line_id"));
    assertEquals(
        List.of(new BigDecimal("3.3400"), new BigDecimal("3.3300"), new BigDecimal("3.3300")),
        column(allocations, "amount"));

    assertColumns(
        "discount_codes",
        single(out, "discount_codes"),
        "amount",
        new BigDecimal("10.0000"),
        "code",
        "TENOFF",
        "order_id",
        450789469L,
        "type",
        "fixed_amount");

    List<Row> refunds = out.rows().get("order_line_refund");
    assertEquals(2, refunds.size());
    assertColumns(
        "order_line_refund",
        refunds.get(0),
        "id",
        104689539L,
        "line_item_id",
        703073504L,
        "location_id",
        487838322L,
        "subtotal",
        new BigDecimal("195.6600"), // a JSON number in the payload, read exactly
        "refund_id",
        509562969L,
        "restock_type",
        "legacy_restock",
        "quantity",
        1,
        "total_tax",
        new BigDecimal("3.9800"));
    assertEquals(new BigDecimal("195.6700"), refunds.get(1).getDecimal("subtotal"));

    // Trimmed (Unicode white space too), empty ones dropped, duplicates once, order kept.
    assertEquals(
        List.of("Rush", "wholesale", "Noël 🎁"), column(out.rows().get("order_tags"), "value"));
    assertEquals(
        List.of(450789469L, 450789469L, 450789469L),
        column(out.rows().get("order_tags"), "order_id"));
    out.rows().values().forEach(rows -> rows.forEach(row -> assertLineage(row, 450789469L)));
  }

  @Test
  void productBecomesProductVariantAndTagRowsValueByValue() {
    Normalized out =
        normalized(
            ShopifyResource.PRODUCTS, Fixtures.payload(ShopifyResource.PRODUCTS, 632910392L));

    assertColumns(
        "product",
        single(out, "product"),
        "body_html",
        Fixtures.payload(ShopifyResource.PRODUCTS, 632910392L).get("body_html").asText(),
        "created_at",
        utc("2025-10-02T16:29:59Z"),
        "handle",
        "ipod-nano",
        "id",
        632910392L,
        "product_type",
        "Cult Products",
        "published_at",
        utc("2008-01-01T00:00:00Z"),
        "published_scope",
        "web",
        "status",
        "active",
        "tags",
        "Emotive, Flash Memory, MP3, Music",
        "template_suffix",
        null,
        "title",
        "IPod Nano - 8GB",
        "updated_at",
        utc("2025-10-02T16:29:59Z"),
        "vendor",
        "Apple");
    List<Row> variants = out.rows().get("product_variant");
    assertEquals(List.of(808950810L, 49148385L, 39072856L, 457924702L), column(variants, "id"));
    assertColumns(
        "product_variant",
        variants.get(0),
        "barcode",
        "1234_pink",
        "compare_at_price",
        null,
        "created_at",
        utc("2025-10-02T16:29:59Z"),
        "fulfillment_service",
        "manual",
        "grams",
        567,
        "id",
        808950810L,
        "inventory_item_id",
        808950810L,
        "inventory_management",
        "shopify",
        "inventory_policy",
        "continue",
        "inventory_quantity",
        10,
        "option1",
        "Pink",
        "option2",
        null,
        "option3",
        null,
        "position",
        1,
        "price",
        new BigDecimal("199.0000"),
        "product_id",
        632910392L,
        "requires_shipping",
        true,
        "sku",
        "IPOD2008PINK",
        "taxable",
        true,
        "title",
        "Pink",
        "updated_at",
        utc("2025-10-02T16:29:59Z"),
        "weight",
        new BigDecimal("1.2500"), // JSON number
        "weight_unit",
        "lb");
    assertEquals(
        List.of("Emotive", "Flash Memory", "MP3", "Music"),
        column(out.rows().get("product_tags"), "value"));
  }

  @Test
  void everyFixturePayloadNormalizesWithoutReject() {
    int entities = 0;
    for (Fixtures.Payload payload : Fixtures.payloads()) {
      Normalized out = normalized(payload.resource(), payload.json());
      String own = EntityNormalizer.entityTable(payload.resource(), TABLES);
      assertEquals(
          1, out.rows().get(own).size(), "one " + own + " row for " + payload.json().get("id"));
      entities++;
    }
    assertTrue(entities >= 40, "the fixtures hold " + entities + " entity payloads");
    // Variant endpoints are not an entity of their own; inside their product they are rows.
    List<ObjectNode> variants = Fixtures.variants();
    ObjectNode product = JsonValues.MAPPER.createObjectNode().put("id", 632910392L);
    product.putArray("variants").addAll(variants);
    Normalized out = normalized(ShopifyResource.PRODUCTS, product);
    assertEquals(
        variants.size(),
        out.rows().get("product_variant").size()
            + out.duplicateKeys().getOrDefault("product_variant", 0));
    assertTrue(
        out.duplicateKeys().get("product_variant") > 0,
        "variants.json repeats variants across its requests");
  }

  /**
   * The normalizer attaches its values to rows without Beam's checks (they cost 6.9 % of a Flink
   * run): every row of every fixture must be what Row.Builder#build(), which checks each value
   * against its field's type and nullability, makes of the same values, value class by value class.
   */
  @Test
  void everyFixtureRowHoldsWhatBeamsCheckedBuilderWouldHold() {
    int rows = 0;
    for (Fixtures.Payload payload : Fixtures.payloads()) {
      for (List<Row> table : normalized(payload.resource(), payload.json()).rows().values()) {
        for (Row row : table) {
          Row checked = Row.withSchema(row.getSchema()).addValues(row.getValues()).build();
          assertEquals(checked, row);
          for (int i = 0; i < row.getFieldCount(); i++) {
            Object value = row.getValue(i);
            Object expected = checked.getValue(i);
            assertEquals(
                expected == null ? null : expected.getClass(),
                value == null ? null : value.getClass(),
                row.getSchema().getField(i).getName() + " of " + payload.json().get("id"));
          }
          rows++;
        }
      }
    }
    assertTrue(rows >= 200, "the fixtures make " + rows + " rows");
  }

  @Test
  void aMissingRunIdFailsAtOnceInsteadOfMakingRowsWithoutIt() {
    ObjectNode customer = Fixtures.payloads().get(0).json();
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                EntityNormalizer.normalize(
                    Fixtures.entity(Fixtures.payloads().get(0).resource(), customer),
                    TABLES,
                    null,
                    SYNCED_AT));
    assertEquals("the run id", e.getMessage());
  }

  @Test
  void locationsNormalize() {
    Normalized out =
        normalized(
            ShopifyResource.LOCATIONS, Fixtures.payload(ShopifyResource.LOCATIONS, 655441491L));
    Row location = single(out, "locations");
    assertEquals("50 Rideau Street", location.getString("address1"));
    assertEquals(true, location.getBoolean("active"));
    assertNull(location.getString("province_name"), "absent field gives null");
    assertEquals(utc("2025-07-02T16:09:43Z"), location.getDateTime("created_at"));
  }

  @Test
  void idsBeyondTwoToTheFiftyThirdStayExact() {
    long big = 9_007_199_254_740_993L; // 2^53 + 1: a double would make it ...992
    ObjectNode order = JsonValues.MAPPER.createObjectNode().put("id", big);
    order.putArray("line_items").addObject().put("id", Long.MAX_VALUE).put("product_id", big);
    Normalized out = normalized(ShopifyResource.ORDERS, order);
    assertEquals(big, single(out, "order").getInt64("id"));
    assertEquals(Long.MAX_VALUE, single(out, "order_line").getInt64("id"));
    assertEquals(big, single(out, "order_line").getInt64("product_id"));
    assertEquals(big, single(out, "order_line").getInt64("order_id"));
  }

  @Test
  void wrongTypeRejectsTheWholeEntityNamingColumnAndValue() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, 450789469L);
    ((ObjectNode) order.get("line_items").get(1)).put("quantity", "lots");
    Rejected rejected = rejected(ShopifyResource.ORDERS, order);
    assertEquals("order_line", rejected.table());
    assertTrue(rejected.reason().contains("order_line.quantity"), rejected.reason());
    assertTrue(rejected.reason().contains("line_items[1]"), rejected.reason());
    assertTrue(rejected.reason().contains("\"lots\""), rejected.reason());

    ObjectNode customer = Fixtures.payload(ShopifyResource.CUSTOMERS, 1073339462L);
    customer.putObject("email").put("address", "x@example.com");
    Rejected objectForString = rejected(ShopifyResource.CUSTOMERS, customer);
    assertEquals("customer", objectForString.table());
    assertTrue(objectForString.reason().contains("customer.email"), objectForString.reason());
    assertTrue(
        objectForString.reason().contains("{\"address\":\"x@example.com\"}"),
        objectForString.reason());

    ObjectNode flag =
        Fixtures.payload(ShopifyResource.CUSTOMERS, 1073339462L).put("verified_email", "yes");
    assertTrue(
        rejected(ShopifyResource.CUSTOMERS, flag).reason().contains("customer.verified_email"));
    ObjectNode time =
        Fixtures.payload(ShopifyResource.CUSTOMERS, 1073339462L)
            .put("created_at", "2025-07-02 11:27:00");
    assertTrue(rejected(ShopifyResource.CUSTOMERS, time).reason().contains("ISO-8601"));
    ObjectNode notArray =
        Fixtures.payload(ShopifyResource.CUSTOMERS, 1073339462L).put("addresses", "none");
    assertTrue(
        rejected(ShopifyResource.CUSTOMERS, notArray)
            .reason()
            .contains("addresses is not an array"));
  }

  @Test
  void decimalsAreExactAndNeverRounded() {
    ObjectNode customer = JsonValues.MAPPER.createObjectNode().put("id", 1L);
    customer.put("total_spent", "12");
    assertEquals(
        new BigDecimal("12.0000"),
        single(normalized(ShopifyResource.CUSTOMERS, customer), "customer")
            .getDecimal("total_spent"));
    customer.put("total_spent", new BigDecimal("0.1"));
    assertEquals(
        new BigDecimal("0.1000"),
        single(normalized(ShopifyResource.CUSTOMERS, customer), "customer")
            .getDecimal("total_spent"));
    customer.put("total_spent", "9999999999999999.9999"); // decimal(20,4) at its limit
    assertEquals(
        new BigDecimal("9999999999999999.9999"),
        single(normalized(ShopifyResource.CUSTOMERS, customer), "customer")
            .getDecimal("total_spent"));

    customer.put("total_spent", "1.23456");
    assertTrue(
        rejected(ShopifyResource.CUSTOMERS, customer)
            .reason()
            .contains("more than 4 fraction digits"));
    customer.put("total_spent", "99999999999999999");
    assertTrue(
        rejected(ShopifyResource.CUSTOMERS, customer).reason().contains("more than 20 digits"));
    customer.put("total_spent", "12,50");
    assertTrue(
        rejected(ShopifyResource.CUSTOMERS, customer).reason().contains("customer.total_spent"));
  }

  @Test
  void int32IsRangeChecked() {
    ObjectNode customer =
        JsonValues.MAPPER.createObjectNode().put("id", 1L).put("orders_count", 2_147_483_648L);
    assertTrue(
        rejected(ShopifyResource.CUSTOMERS, customer).reason().contains("out of the int32 range"));
    customer.put("orders_count", 2_147_483_647L);
    assertEquals(
        Integer.MAX_VALUE,
        single(normalized(ShopifyResource.CUSTOMERS, customer), "customer")
            .getInt32("orders_count"));
    customer.put("orders_count", 1.5);
    assertTrue(
        rejected(ShopifyResource.CUSTOMERS, customer).reason().contains("expected an integer"));
  }

  @Test
  void malformedEntitiesAreRejectedInTheirOwnTable() {
    ShopifyEntity badJson =
        new ShopifyEntity(Fixtures.SHOP, ShopifyResource.ORDERS, 5L, 0L, "{\"id\": 5, \"name\": ");
    Rejected rejected =
        assertInstanceOf(
            Rejected.class, EntityNormalizer.normalize(badJson, TABLES, RUN, SYNCED_AT));
    assertEquals("order", rejected.table());
    assertTrue(rejected.reason().startsWith("malformed JSON"), rejected.reason());

    ObjectNode nullId = Fixtures.payload(ShopifyResource.ORDERS, 450789469L).putNull("id");
    Rejected nullKey = rejected(ShopifyResource.ORDERS, nullId);
    assertEquals("order", nullKey.table());
    assertTrue(
        nullKey.reason().contains("order.id") && nullKey.reason().contains("primary key"),
        nullKey.reason());

    ObjectNode lineWithoutId = Fixtures.payload(ShopifyResource.ORDERS, 450789469L);
    ((ObjectNode) lineWithoutId.get("line_items").get(2)).remove("id");
    Rejected lineRejected = rejected(ShopifyResource.ORDERS, lineWithoutId);
    assertTrue(
        lineRejected.reason().contains("line_items[2]")
            && lineRejected.reason().contains("primary key"),
        lineRejected.reason());
  }

  @Test
  void missingFieldsAreNulls() {
    ObjectNode customer = JsonValues.MAPPER.createObjectNode().put("id", 42L);
    Normalized out = normalized(ShopifyResource.CUSTOMERS, customer);
    Row row = single(out, "customer");
    TableSchema table = SchemaCatalog.packaged().table("customer");
    for (ColumnSpec column : table.columns()) {
      if (!column.name().equals("id")) {
        assertNull(row.getValue(column.name()), column.name());
      }
    }
    assertEquals(List.of(), out.rows().get("customer_address"));
    assertEquals(List.of(), out.rows().get("customer_tags"));
  }

  @Test
  void firstPresentSourceWinsAndParentFillsIn() {
    ObjectNode customer = JsonValues.MAPPER.createObjectNode().put("id", 7L);
    ArrayNode addresses = customer.putArray("addresses");
    addresses.addObject().put("id", 70L); // no customer_id: taken from $parent.id
    addresses.addObject().put("id", 71L).put("customer_id", 8L); // present: wins
    addresses.addObject().put("id", 72L).putNull("customer_id"); // null: falls through
    Normalized out = normalized(ShopifyResource.CUSTOMERS, customer);
    assertEquals(List.of(7L, 8L, 7L), column(out.rows().get("customer_address"), "customer_id"));
  }

  @Test
  void stringsAcceptNumbersAndBooleansAsText() {
    ObjectNode customer =
        JsonValues.MAPPER
            .createObjectNode()
            .put("id", 1L)
            .put("note", new BigDecimal("12.50"))
            .put("phone", true);
    Row row = single(normalized(ShopifyResource.CUSTOMERS, customer), "customer");
    assertEquals("12.50", row.getString("note"));
    assertEquals("true", row.getString("phone"));
  }

  @Test
  void duplicatePrimaryKeysInsideAnEntityKeepTheFirstAndAreCounted() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, 450789469L);
    ArrayNode codes = (ArrayNode) order.get("discount_codes");
    codes.addObject().put("code", "TENOFF").put("amount", "99.00").put("type", "percentage");
    order.put("tags", "a, a, b");
    Normalized out = normalized(ShopifyResource.ORDERS, order);
    Row code = single(out, "discount_codes");
    assertEquals(new BigDecimal("10.0000"), code.getDecimal("amount"), "the first one is kept");
    assertEquals(
        Map.of("discount_codes", 1),
        out.duplicateKeys(),
        "tags are deduplicated by the split, not counted");
  }

  @Test
  void timestampsAreConvertedFromTheShopOffsetToUtc() {
    ObjectNode customer =
        JsonValues.MAPPER
            .createObjectNode()
            .put("id", 1L)
            .put("created_at", "2008-01-10T11:00:00-05:00")
            .put("updated_at", "2024-03-31T02:30:00+02:00");
    Row row = single(normalized(ShopifyResource.CUSTOMERS, customer), "customer");
    assertEquals(utc("2008-01-10T16:00:00Z"), row.getDateTime("created_at"));
    assertEquals(utc("2024-03-31T00:30:00Z"), row.getDateTime("updated_at"));
  }

  // ---------------------------------------------------------------------------------------------

  private static Normalized normalized(ShopifyResource resource, ObjectNode json) {
    Outcome outcome =
        EntityNormalizer.normalize(Fixtures.entity(resource, json), TABLES, RUN, SYNCED_AT);
    if (outcome instanceof Rejected rejected) {
      throw new AssertionError("unexpected reject: " + rejected);
    }
    return (Normalized) outcome;
  }

  private static Rejected rejected(ShopifyResource resource, ObjectNode json) {
    return assertInstanceOf(
        Rejected.class,
        EntityNormalizer.normalize(Fixtures.entity(resource, json), TABLES, RUN, SYNCED_AT));
  }

  private static Row single(Normalized out, String table) {
    List<Row> rows = out.rows().get(table);
    assertEquals(1, rows.size(), table + " rows: " + rows);
    return rows.get(0);
  }

  private static List<Object> column(List<Row> rows, String name) {
    List<Object> values = new ArrayList<>();
    rows.forEach(r -> values.add(r.getValue(name)));
    return values;
  }

  private static org.joda.time.Instant utc(String instant) {
    return org.joda.time.Instant.parse(instant);
  }

  /** Checks every own column of the table: the expectation must name each one. */
  private static void assertColumns(String tableName, Row row, Object... namesAndValues) {
    Map<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      expected.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    TableSchema table = SchemaCatalog.packaged().table(tableName);
    assertEquals(
        table.columns().stream().map(ColumnSpec::name).sorted().toList(),
        expected.keySet().stream().sorted().toList(),
        "the expectation covers every column of " + tableName);
    Map<String, Object> actual = new LinkedHashMap<>();
    expected.keySet().forEach(name -> actual.put(name, row.getValue(name)));
    assertEquals(expected, actual, tableName);
  }

  private static void assertLineage(Row row, long rootId) {
    assertEquals(Fixtures.SHOP, row.getString("_shop"));
    assertEquals(rootId, row.getInt64("_root_id"));
    assertEquals(RUN, row.getString("_run_id"));
    assertEquals(
        new org.joda.time.Instant(SYNCED_AT.toEpochMilli()), row.getDateTime("_synced_at"));
  }
}
