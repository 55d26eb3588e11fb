package courier.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.junit.jupiter.api.Test;

class SchemaCatalogTest {

  /**
   * The specification's column lists, tags in brackets, verbatim from the foundation issue, except
   * the two location tags it misspells ("addresss", "addresss2"), fixed here as in the schemas.
   */
  private static final Map<String, String> SPEC = new LinkedHashMap<>();

  static {
    SPEC.put(
        "customer",
        "created_at, currency, email[email], first_name[given-name], id[ck], last_name[surname], last_order_id, last_order_name, multipass_identifier, note, orders_count, phone[phone], state, tags, tax_exempt, total_spent, updated_at, verified_email");
    SPEC.put(
        "customer_address",
        "address1[address], address2[address2], city[city], company[company], country[country], country_code, country_name, customer_id[ck], default, first_name[given-name], id, last_name[surname], phone[phone], province[state], province_code, zip[postal]");
    SPEC.put("customer_tags", "customer_id, value");
    SPEC.put("discount_allocation", "amount, discount_allocation_index, order_line_id[ck,pk]");
    SPEC.put("discount_codes", "amount, code, order_id[ck,pk], type");
    SPEC.put(
        "locations",
        "active, address1[address], address2[address2], city, country, country_code, country_name, created_at, id, legacy, localized_country_name, localized_province_name, name, phone, province, province_code, province_name, zip");
    SPEC.put(
        "order",
        "app_id, browser_ip, buyer_accepts_marketing, cancel_reason, canceled_at, cart_token, checkout_token, closed_at, created_at, currency, current_subtotal_price, current_total_discounts, current_total_price, current_total_tax, customer_id, customer_locale, email, estimated_taxes, financial_status, fulfillment_status, id, landing_site, location_id, name, note, number, order_number, phone, presentment_currency, processed_at, processing_method, referring_site, source_name, source_identifier, source_url, subtotal_price, tags, taxes_included, test, token, total_discounts, total_line_items_price, total_outstanding, total_price, total_tax, total_tip_received, total_weight, updated_at, user_id");
    SPEC.put(
        "order_line",
        "fulfillable_quantity, fulfillment_service, fulfillment_status, gift_card, grams, id, name, order_id, price, product_id, quantity, requires_shipping, sku, taxable, title, total_discount, variant_id, variant_title, vendor");
    SPEC.put(
        "order_line_refund",
        "id, line_item_id, location_id, subtotal, refund_id, restock_type, quantity, total_tax");
    SPEC.put(
        "order_address",
        "order_id, kind, first_name[given-name], last_name[surname], company[company], address1[address], address2[address2], city[city], province[state], province_code, country[country], country_code, zip[postal], phone[phone], latitude, longitude");
    SPEC.put("order_tags", "order_id[ck,pk], value");
    // Issue 15's tables; abandoned_checkout_line's "key or line index (stable)" is line_index.
    SPEC.put(
        "abandoned_checkout",
        "id, token, cart_token, email[email], phone[phone], customer_id[ck], customer_locale, currency, presentment_currency, buyer_accepts_marketing, subtotal_price, total_discounts, total_line_items_price, total_tax, total_price, total_weight, taxes_included, source_name, landing_site, referring_site, note, location_id, abandoned_checkout_url, created_at, updated_at, completed_at, closed_at");
    SPEC.put(
        "abandoned_checkout_line",
        "checkout_id[ck], line_index, product_id, variant_id, sku, title, variant_title, vendor, quantity, price, line_price, grams, requires_shipping, taxable, gift_card");
    SPEC.put(
        "abandoned_checkout_address",
        "checkout_id, kind, first_name[given-name], last_name[surname], company[company], address1[address], address2[address2], city[city], province[state], province_code, country[country], country_code, zip[postal], phone[phone], latitude, longitude");
    SPEC.put("customer_segment", "id, name, query, creation_date, last_edit_date");
    SPEC.put("customer_segment_member", "segment_id, customer_id[ck]");
    SPEC.put(
        "refund",
        "id, order_id, created_at, processed_at, note, user_id, restock, refunded_amount, currency");
    SPEC.put(
        "product",
        "body_html, created_at, handle, id[pc/product-id], product_type, published_at, published_scope, status, tags, template_suffix, title, updated_at, vendor");
    SPEC.put("product_tags", "product_id[ck,pk], value");
    SPEC.put(
        "product_variant",
        "barcode, compare_at_price, created_at, fulfillment_service, grams, id, inventory_item_id, inventory_management, inventory_policy, inventory_quantity, option1, option2, option3, position, price, product_id, requires_shipping, sku, taxable, title, updated_at, weight, weight_unit");
  }

  /** Columns the schemas add on purpose beyond the specification (the issue asks for them). */
  private static final Map<String, List<String>> EXTRA =
      Map.of("discount_allocation", List.of("discount_application_index"));

  @Test
  void allThirteenTablesLoadWithExactlyTheSpecifiedColumnsAndTags() {
    SchemaCatalog catalog = SchemaCatalog.packaged();
    assertEquals(new ArrayList<>(new TreeMap<>(SPEC).keySet()), catalog.tableNames());
    for (Map.Entry<String, String> spec : SPEC.entrySet()) {
      TableSchema table = catalog.table(spec.getKey());
      Map<String, List<String>> expected = parseSpec(spec.getValue());
      for (String extra : EXTRA.getOrDefault(table.name(), List.of())) {
        expected.put(extra, List.of());
      }
      Map<String, List<String>> actual = new TreeMap<>();
      table.columns().forEach(c -> actual.put(c.name(), c.tags()));
      assertEquals(new TreeMap<>(expected), actual, "columns and tags of " + table.name());
    }
  }

  @Test
  void everyTableCarriesTheLineageColumnsLastAndNonNull() {
    for (TableSchema table : SchemaCatalog.packaged().tables()) {
      List<ColumnSpec> all = table.allColumns();
      List<String> lastFour =
          all.subList(all.size() - 4, all.size()).stream().map(ColumnSpec::name).toList();
      assertEquals(List.of("_shop", "_root_id", "_run_id", "_synced_at"), lastFour, table.name());
      all.subList(all.size() - 4, all.size()).forEach(c -> assertFalse(c.nullable(), c.name()));
    }
  }

  @Test
  void beamSchemaCarriesTagsAndDecimalScaleAsFieldOptions() {
    Schema customer = SchemaCatalog.packaged().table("customer").beamSchema();
    Schema.Field email = customer.getField("email");
    assertEquals(List.of("email"), email.getOptions().getValue(TableSchema.OPTION_TAGS));
    assertTrue(email.getType().getNullable());
    Schema.Field id = customer.getField("id");
    assertFalse(id.getType().getNullable(), "primary key columns are never null");
    assertEquals(Schema.TypeName.INT64, id.getType().getTypeName());
    Schema.Field spent = customer.getField("total_spent");
    assertEquals(Schema.TypeName.DECIMAL, spent.getType().getTypeName());
    assertEquals(Integer.valueOf(4), spent.getOptions().getValue(TableSchema.OPTION_SCALE));
    assertEquals(Schema.TypeName.DATETIME, customer.getField("updated_at").getType().getTypeName());
    assertEquals("customer", customer.getOptions().getValue(TableSchema.OPTION_TABLE));
  }

  @Test
  void sourcesFollowShopifyFieldNamesAndParents() {
    SchemaCatalog catalog = SchemaCatalog.packaged();
    assertEquals(
        "cancelled_at", catalog.table("order").column("canceled_at").sources().get(0).toString());
    assertEquals(
        "customer.id", catalog.table("order").column("customer_id").sources().get(0).toString());
    assertEquals(
        "$parent.id", catalog.table("order_line").column("order_id").sources().get(0).toString());
    assertEquals(
        "$index",
        catalog
            .table("discount_allocation")
            .column("discount_allocation_index")
            .sources()
            .get(0)
            .toString());
    assertEquals(
        List.of("line_items", "discount_allocations"),
        catalog.table("discount_allocation").rows().arrays());
    assertEquals("tags", catalog.table("order_tags").rows().splitField());
    assertEquals(2, catalog.table("customer_address").column("customer_id").sources().size());
    assertTrue(catalog.table("order").column("processing_method").note().contains("2023-04"));
  }

  @Test
  void moneyIsDecimalTimeIsTimestampIdsAre64Bit() {
    for (TableSchema table : SchemaCatalog.packaged().tables()) {
      for (ColumnSpec c : table.columns()) {
        if (c.name().equals("id") || c.name().endsWith("_id")) {
          assertEquals(ColumnType.Kind.INT64, c.type().kind(), table.name() + "." + c.name());
        }
        if (c.name().endsWith("_at")) {
          assertEquals(ColumnType.Kind.TIMESTAMP, c.type().kind(), table.name() + "." + c.name());
        }
        if (c.name().contains("price")
            || c.name().startsWith("total_") && !c.name().equals("total_weight")) {
          assertEquals(ColumnType.Kind.DECIMAL, c.type().kind(), table.name() + "." + c.name());
        }
      }
    }
  }

  @Test
  void unknownTableNamesTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> SchemaCatalog.packaged().table("orders"));
    assertTrue(e.getMessage().contains("order_line"), e.getMessage());
  }

  @Test
  void malformedFilesFailWithFileColumnAndProblem() {
    assertMalformed(
        "t.yaml",
        "table: t\nversion: 1\ndescription: d\nresource: orders\nprimaryKey: [id]\ncolumns:\n  - {name: id, type: int128, source: id, description: x}\n",
        "schema file t.yaml: column id: unknown type 'int128'");
    assertMalformed(
        "t.yaml",
        "table: t\nversion: 1\ndescription: d\nresource: orders\nprimaryKey: [id]\ncolumns:\n  - {name: id, type: int64, description: x}\n",
        "schema file t.yaml: column id: source is required");
    assertMalformed(
        "t.yaml",
        "table: t\nversion: 1\ndescription: d\nresource: orders\nprimaryKey: [key]\ncolumns:\n  - {name: id, type: int64, source: id, description: x}\n",
        "primaryKey names 'key', which is not a column");
    assertMalformed(
        "t.yaml",
        "table: t\nversion: 1\ndescription: d\nresource: orders\nprimaryKey: [id]\ncolumns:\n  - {name: id, type: int64, source: $grandparent.id, description: x}\n",
        "column id: unknown source '$grandparent.id'");
    assertMalformed(
        "t.yaml",
        "table: t\nversion: 1\ndescription: d\nresource: orders\nprimaryKey: [id]\ncolumns:\n  - {name: id, type: int64, source: id, description: x, tag: [ck]}\n",
        "column id: unknown key 'tag'");
    assertMalformed(
        "t.yaml",
        "table: t\nversion: 1\ndescription: d\nresource: orders\nrows: {each: line_items}\nprimaryKey: [id]\ncolumns:\n  - {name: id, type: int64, source: id, description: x}\n",
        "bad rows path 'line_items'");
    assertMalformed(
        "u.yaml",
        "table: t\nversion: 1\ndescription: d\nresource: orders\nprimaryKey: [id]\ncolumns:\n  - {name: id, type: int64, source: id, description: x}\n",
        "the file must be named t.yaml");
    assertMalformed(
        "t.yaml",
        "table: t\nversion: 1\ndescription: d\nresource: carts\nprimaryKey: [id]\ncolumns:\n  - {name: id, type: int64, source: id, description: x}\n",
        "resource 'carts' is not one of");
    assertMalformed("t.yaml", "table: [oops", "not valid YAML");
  }

  private static void assertMalformed(String file, String yaml, String expectedMessagePart) {
    SchemaException e =
        assertThrows(
            SchemaException.class,
            () ->
                SchemaCatalog.parse(
                    file, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().contains(expectedMessagePart), "message was: " + e.getMessage());
  }

  private static Map<String, List<String>> parseSpec(String spec) {
    Map<String, List<String>> columns = new LinkedHashMap<>();
    for (String entry : spec.split(",\\s*(?![^\\[]*\\])")) {
      String e = entry.trim();
      int bracket = e.indexOf('[');
      if (bracket < 0) {
        columns.put(e, List.of());
      } else {
        columns.put(
            e.substring(0, bracket), List.of(e.substring(bracket + 1, e.length() - 1).split(",")));
      }
    }
    return columns;
  }
}
