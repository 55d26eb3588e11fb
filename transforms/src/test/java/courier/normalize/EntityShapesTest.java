package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.fetch.ShopifyEntity;
import courier.normalize.EntityNormalizer.Normalized;
import courier.normalize.EntityNormalizer.Rejected;
import courier.schema.InlineTables;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/**
 * Entities of unexpected shape, on four small tables declared here (an entity table, an array, a
 * nested array and a split): an absent array means no rows, anything of the wrong shape rejects the
 * entity, and nothing is silently dropped or guessed.
 */
class EntityShapesTest {
  private static final String SHOP = "shapes.myshopify.com";
  private static final Instant SYNCED_AT = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<TableSchema> TABLES =
      List.of(
          InlineTables.table(
              "o",
              "orders",
              "",
              "[id]",
              "{name: id, type: int64, source: id, description: d}",
              "{name: total, type: \"decimal(10,2)\", source: total, description: d}",
              "{name: city, type: string, source: address.city, description: d}"),
          InlineTables.table(
              "o_line",
              "orders",
              "rows: {each: \"lines[]\"}",
              "[order_id, pos]",
              "{name: order_id, type: int64, source: $parent.id, description: d}",
              "{name: pos, type: int32, source: $index, description: d}",
              "{name: sku, type: string, source: sku, description: d}",
              "{name: buyer, type: string, source: $root.customer.name, description: d}"),
          InlineTables.table(
              "o_part",
              "orders",
              "rows: {each: \"lines[].parts[]\"}",
              "[id]",
              "{name: id, type: int64, source: id, description: d}",
              "{name: line_sku, type: string, source: $parent.sku, description: d}",
              "{name: pos, type: int32, source: $index, description: d}"),
          InlineTables.table(
              "o_tag",
              "orders",
              "rows: {split: tags}",
              "[order_id, value]",
              "{name: order_id, type: int64, source: $parent.id, description: d}",
              "{name: value, type: string, source: $value, description: d}"));

  @Test
  void nestedArraysSplitValuesAndScopesLandRowByRow() {
    Normalized out =
        normalized(
            "{\"id\": 5, \"total\": \"10.5\", \"address\": {\"city\": \"Lyon\"},"
                + " \"customer\": {\"name\": \"Ada\"}, \"tags\": \" b ,a,, b,\u2003c\u2003\","
                + " \"lines\": ["
                + "  {\"sku\": \"S1\", \"parts\": [{\"id\": 100}, {\"id\": 101}]},"
                + "  {\"sku\": \"S2\", \"parts\": null},"
                + "  {\"sku\": \"S3\", \"parts\": [{\"id\": 102}]}]}");

    Row order = single(out.rows().get("o"));
    assertEquals(5L, order.getInt64("id"));
    assertEquals(new BigDecimal("10.50"), order.getDecimal("total"));
    assertEquals("Lyon", order.getString("city"));
    assertEquals(SHOP, order.getString("_shop"));
    assertEquals(5L, order.getInt64("_root_id"));

    List<Row> lines = out.rows().get("o_line");
    assertEquals(List.of(0, 1, 2), values(lines, "pos"));
    assertEquals(List.of("S1", "S2", "S3"), values(lines, "sku"));
    assertEquals(List.of(5L, 5L, 5L), values(lines, "order_id"));
    assertEquals(List.of("Ada", "Ada", "Ada"), values(lines, "buyer"));

    List<Row> parts = out.rows().get("o_part");
    assertEquals(List.of(100L, 101L, 102L), values(parts, "id"));
    assertEquals(List.of("S1", "S1", "S3"), values(parts, "line_sku"));
    assertEquals(List.of(0, 1, 0), values(parts, "pos"));

    List<Row> tags = out.rows().get("o_tag");
    assertEquals(List.of("b", "a", "c"), values(tags, "value"));
    assertEquals(List.of(5L, 5L, 5L), values(tags, "order_id"));
    assertEquals(Map.of(), out.duplicateKeys());
  }

  @Test
  void absentArraysAndFieldsGiveNoRowsAndNulls() {
    for (String json :
        List.of("{\"id\": 6}", "{\"id\": 6, \"lines\": null, \"tags\": null, \"address\": null}")) {
      Normalized out = normalized(json);
      Row order = single(out.rows().get("o"));
      assertNull(order.getValue("city"), json);
      assertNull(order.getValue("total"), json);
      assertEquals(List.of(), out.rows().get("o_line"), json);
      assertEquals(List.of(), out.rows().get("o_part"), json);
      assertEquals(List.of(), out.rows().get("o_tag"), json);
    }
    Normalized emptyLines =
        normalized("{\"id\": 6, \"lines\": [{\"sku\": \"S\"}], \"tags\": \"\"}");
    assertEquals(1, emptyLines.rows().get("o_line").size());
    assertEquals(List.of(), emptyLines.rows().get("o_part"));
    assertEquals(List.of(), emptyLines.rows().get("o_tag"));
  }

  @Test
  void wrongShapesRejectTheEntityNamingWhere() {
    assertRejected(
        "{\"id\": 7, \"lines\": {\"sku\": \"S\"}}",
        "o_line",
        "o_line rows: lines is not an array, got {\"sku\":\"S\"}");
    assertRejected(
        "{\"id\": 7, \"lines\": [{\"sku\": \"S\"}, 5]}",
        "o_line",
        "o_line rows: lines[1] is not an object, got 5");
    assertRejected(
        "{\"id\": 7, \"lines\": [{\"sku\": \"S\", \"parts\": [\"p\"]}]}",
        "o_part",
        "o_part rows: lines[0].parts[0] is not an object, got \"p\"");
    assertRejected(
        "{\"id\": 7, \"address\": \"12 rue X, Lyon\"}",
        "o",
        "column o.city: cannot read city of address.city, the value before it is not an object"
            + " but \"12 rue X, Lyon\"");
    assertRejected(
        "{\"id\": 7, \"customer\": [\"Ada\"], \"lines\": [{\"sku\": \"S\"}]}",
        "o_line",
        "column o_line.buyer (at lines[0]): cannot read name of $root.customer.name");
    assertRejected(
        "{\"id\": 7, \"tags\": [\"a\", \"b\"]}",
        "o_tag",
        "o_tag rows: tags must be a comma-separated string, got [\"a\",\"b\"]");
    assertRejected(
        "{\"id\": 7, \"total\": \"ten\"}",
        "o",
        "column o.total: expected decimal(10,2), got string \"ten\"");
    assertRejected(
        "{\"id\": 7, \"lines\": [{\"sku\": \"S\", \"parts\": [{\"id\": 1}, {}]}]}",
        "o_part",
        "column o_part.id (at lines[0].parts[1]): primary key column is null or absent");
    assertRejected("[1, 2]", "o", "the entity is not a JSON object");
  }

  private static Normalized normalized(String json) {
    return assertInstanceOf(Normalized.class, outcome(json), json);
  }

  private static void assertRejected(String json, String table, String reason) {
    Rejected rejected = assertInstanceOf(Rejected.class, outcome(json), json);
    assertEquals(table, rejected.table(), json);
    assertTrue(rejected.reason().startsWith(reason), "reason was: " + rejected.reason());
  }

  /** The entity of {@code json}, its id (the lineage's root id) read from the JSON. */
  private static EntityNormalizer.Outcome outcome(String json) {
    long id;
    try {
      id = JsonValues.parse(json).path("id").asLong(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    ShopifyEntity entity = new ShopifyEntity(SHOP, ShopifyResource.ORDERS, id, 0L, json);
    return EntityNormalizer.normalize(entity, TABLES, "run-shapes", SYNCED_AT);
  }

  private static Row single(List<Row> rows) {
    assertEquals(1, rows.size(), String.valueOf(rows));
    return rows.get(0);
  }

  private static List<Object> values(List<Row> rows, String column) {
    return rows.stream().map(r -> (Object) r.getValue(column)).toList();
  }
}
