package courier.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopifyResource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every part of a schema file reaches the table it declares, and every rule of the format refuses a
 * file that breaks it. Parses text each time: {@link SchemaCatalog#packaged()} is loaded once per
 * JVM, so a test through it alone would not see a change to the parser.
 */
class SchemaFileParsingTest {
  private static final String ALLOCATION =
      String.join(
          "\n",
          "table: allocation",
          "version: 3",
          "description: One row per allocation.",
          "resource: orders",
          "rows:",
          "  each: line_items[].discount_allocations[]",
          "primaryKey: [line_id, position]",
          "columns:",
          "  - {name: amount, type: \"decimal(20,4)\", source: [amount, $root.total_discounts],"
              + " tags: [money], description: Amount., note: Shop currency.}",
          "  - {name: position, type: int32, source: $index, description: Position.}",
          "  - {name: line_id, type: int64, source: $parent.id, tags: [ck, pk/line-id],"
              + " description: Line.}",
          "  - {name: placed_at, type: timestamp, source: $root.created_at, description: When.}",
          "  - {name: taxable, type: boolean, source: target.tax.applies, description: Taxable.}",
          "  - {name: label, type: string, source: label, description: Label.}",
          "");

  @Test
  void everyPartOfAFileReachesTheTable() {
    TableSchema t = parse("allocation.yaml", ALLOCATION);

    assertEquals("allocation", t.name());
    assertEquals(3, t.version());
    assertEquals("One row per allocation.", t.description());
    assertEquals(ShopifyResource.ORDERS, t.resource());
    assertEquals(RowSource.Kind.ARRAY, t.rows().kind());
    assertEquals(List.of("line_items", "discount_allocations"), t.rows().arrays());
    assertEquals("line_items[].discount_allocations[]", t.rows().toString());
    assertEquals(List.of("line_id", "position"), t.primaryKey());

    List<ColumnSpec> columns = t.columns();
    assertEquals(
        List.of("amount", "position", "line_id", "placed_at", "taxable", "label"),
        columns.stream().map(ColumnSpec::name).toList());
    assertEquals(
        List.of("decimal(20,4)", "int32", "int64", "timestamp", "boolean", "string"),
        columns.stream().map(c -> c.type().toString()).toList());
    assertEquals(ColumnType.decimal(20, 4), columns.get(0).type());
    // Only key columns are NOT NULL.
    assertEquals(
        List.of(true, false, false, true, true, true),
        columns.stream().map(ColumnSpec::nullable).toList());

    ColumnSpec amount = columns.get(0);
    assertEquals(List.of("amount", "$root.total_discounts"), texts(amount.sources()));
    assertEquals(SourceRef.Scope.ELEMENT, amount.sources().get(0).scope());
    assertEquals(SourceRef.Scope.ROOT, amount.sources().get(1).scope());
    assertEquals(List.of("total_discounts"), amount.sources().get(1).path());
    assertEquals(List.of("money"), amount.tags());
    assertEquals("Amount.", amount.description());
    assertEquals("Shop currency.", amount.note());
    assertNull(columns.get(1).note());

    assertEquals(SourceRef.Scope.INDEX, columns.get(1).sources().get(0).scope());
    assertEquals(List.of(), columns.get(1).sources().get(0).path());
    assertEquals(SourceRef.Scope.PARENT, columns.get(2).sources().get(0).scope());
    assertEquals(List.of("id"), columns.get(2).sources().get(0).path());
    assertEquals(List.of("ck", "pk/line-id"), columns.get(2).tags());
    assertEquals(List.of("target", "tax", "applies"), columns.get(4).sources().get(0).path());
    assertEquals(List.of(), columns.get(5).tags());

    assertEquals(
        Map.of("amount", List.of("money"), "line_id", List.of("ck", "pk/line-id")),
        t.tagsByColumn());
    assertEquals(
        List.of(
            "amount",
            "position",
            "line_id",
            "placed_at",
            "taxable",
            "label",
            "_shop",
            "_root_id",
            "_run_id",
            "_synced_at"),
        List.copyOf(t.columnsByName().keySet()));
    assertEquals(columns.get(2), t.columnsByName().get("line_id"));
    assertEquals(columns.get(3), t.column("placed_at"));
    assertEquals("_run_id", t.column("_run_id").name());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> t.column("nope"));
    assertEquals("table allocation has no column nope", unknown.getMessage());
    assertTrue(
        t.toString().startsWith("allocation v3 [amount decimal(20,4) [money], "), t.toString());
  }

  @Test
  void theBeamSchemaCarriesTypesNullabilityTagsScaleAndTable() {
    Schema s = parse("allocation.yaml", ALLOCATION).beamSchema();

    assertEquals(10, s.getFieldCount());
    assertEquals(FieldType.DECIMAL.withNullable(true), s.getField("amount").getType());
    assertEquals(FieldType.INT32.withNullable(false), s.getField("position").getType());
    assertEquals(FieldType.INT64.withNullable(false), s.getField("line_id").getType());
    assertEquals(FieldType.DATETIME.withNullable(true), s.getField("placed_at").getType());
    assertEquals(FieldType.BOOLEAN.withNullable(true), s.getField("taxable").getType());
    assertEquals(FieldType.STRING.withNullable(true), s.getField("label").getType());
    assertEquals(FieldType.STRING.withNullable(false), s.getField("_shop").getType());
    assertEquals(FieldType.INT64.withNullable(false), s.getField("_root_id").getType());
    assertEquals(FieldType.DATETIME.withNullable(false), s.getField("_synced_at").getType());

    Schema.Options amount = s.getField("amount").getOptions();
    assertEquals(List.of("money"), amount.getValue(TableSchema.OPTION_TAGS));
    assertEquals(20, (int) amount.getValue(TableSchema.OPTION_PRECISION));
    assertEquals(4, (int) amount.getValue(TableSchema.OPTION_SCALE));
    assertEquals("Amount.", s.getField("amount").getDescription());
    Schema.Options label = s.getField("label").getOptions();
    assertFalse(label.hasOption(TableSchema.OPTION_TAGS));
    assertFalse(label.hasOption(TableSchema.OPTION_PRECISION));
    assertFalse(label.hasOption(TableSchema.OPTION_SCALE));

    assertEquals("allocation", s.getOptions().getValue(TableSchema.OPTION_TABLE));
    assertEquals(3, (int) s.getOptions().getValue(TableSchema.OPTION_VERSION));
  }

  @Test
  void splitRowsTakeTheValueAndEntityRowsAreTheDefault() {
    TableSchema tags =
        parse(
            "tags.yaml",
            table("tags", "rows: {split: tags}\nprimaryKey: [id, value]")
                + column("id", "int64", "$parent.id")
                + column("value", "string", "$value"));
    assertEquals(RowSource.Kind.SPLIT, tags.rows().kind());
    assertEquals("tags", tags.rows().splitField());
    assertEquals("split(tags)", tags.rows().toString());
    assertEquals(SourceRef.Scope.VALUE, tags.columns().get(1).sources().get(0).scope());

    for (String rows : List.of("", "rows: null\n")) {
      TableSchema t = parse("t.yaml", table("t", rows + "primaryKey: [id]") + idColumn());
      assertEquals(RowSource.Kind.ENTITY, t.rows().kind());
      assertEquals("entity", t.rows().toString());
    }
  }

  @Test
  void eachRuleOfTheFormatRefusesTheFileThatBreaksIt() {
    String pk = "primaryKey: [id]";
    refused("- a\n- b\n", "must be a YAML mapping");
    refused("", "must be a YAML mapping");
    refused(table("t", pk + "\nowner: me") + idColumn(), "unknown key 'owner'");
    refused(table("t", pk).replace("table: t", "table: T") + idColumn(), "table name 'T' must be");
    refused(table("t", pk).replace("table: t\n", "") + idColumn(), "table is required");
    for (String version : List.of("0", "-1", "x", "[1]")) {
      refused(
          table("t", pk).replace("version: 1", "version: " + version) + idColumn(),
          "version must be a positive integer");
    }
    refused(table("t", pk).replace("version: 1\n", "") + idColumn(), "version must be");
    refused(
        table("t", pk).replace("description: d", "description: \" \"") + idColumn(),
        "description is required");
    refused(
        table("t", pk).replace("description: d", "description: [a]") + idColumn(),
        "description is required");
    refused(
        table("t", "rows: {each: \"line_items[]\", split: tags}\n" + pk) + idColumn(),
        "rows must be");
    refused(table("t", "rows: {every: \"line_items[]\"}\n" + pk) + idColumn(), "rows must be");
    refused(table("t", "rows: line_items[]\n" + pk) + idColumn(), "rows must be");
    refused(table("t", "rows: {split: \"a b\"}\n" + pk) + idColumn(), "bad split field 'a b'");
    refused(table("t", "primaryKey: []") + idColumn(), "primaryKey must be a non-empty list");
    refused(table("t", "primaryKey: id") + idColumn(), "primaryKey must be a non-empty list");
    refused(table("t", "x: 1").replace("x: 1\n", "") + idColumn(), "primaryKey must be");
    refused(table("t", pk).replace("columns:\n", "columns: []\n"), "columns must be");
    refused(table("t", pk).replace("columns:\n", "columns: {id: 1}\n"), "columns must be");
    refused(table("t", pk).replace("columns:\n", ""), "columns must be");
    refused(table("t", pk) + idColumn() + "  - just text\n", "column #2: must be a mapping");
    refused(table("t", pk) + idColumn() + "  - {type: int64, source: x}\n", "name is required");
    refused(table("t", pk) + idColumn() + column("_x", "int64", "x"), "column _x: name must be");
    refused(table("t", pk) + idColumn() + column("id", "int64", "x"), "column id: declared twice");
    refused(table("t", pk) + idColumn() + column("x", "int8", "x"), "column x: unknown type");
    refused(
        table("t", pk) + idColumn() + "  - {name: x, type: int64, source: [], description: d}\n",
        "column x: source list is empty");
    refused(
        table("t", pk) + idColumn() + column("x", "int64", "a..b"), "column x: bad source 'a..b'");
    refused(
        table("t", pk) + idColumn() + column("x", "string", "$value"),
        "column x: $value only exists for rows: {split: ...}");
    refused(
        table("t", "rows: {split: tags}\n" + pk) + idColumn() + column("x", "int32", "$index"),
        "column x: $index only exists for rows: {each: ...}");
    refused(
        table("t", pk) + idColumn() + column("x", "int64", "$parent.id"),
        "column x: $parent does not exist when rows are whole entities");
    refused(
        table("t", pk) + idColumn() + column("x", "string", "$key"),
        "column x: $key only exists for rows: {objects: ...}");
    refused(
        table("t", pk) + idColumn() + column("x", "int64", "\"$sum(t[].amount)\""),
        "column x: $sum(...) gives a decimal");
    refused(
        table("t", pk) + idColumn() + column("x", "\"decimal(20,4)\"", "\"$sum(t[kind].amount)\""),
        "column x: bad source '$sum(t[kind].amount)': 'kind' is not field=value");
    refused(
        table("t", "rows: {objects: {Billing: billing_address}}\n" + pk) + idColumn(),
        "bad rows objects entry 'Billing: billing_address'");
    refused(table("t", "rows: {objects: {}}\n" + pk) + idColumn(), "names no object field");
    refused(
        table("t", pk)
            + idColumn()
            + "  - {name: x, type: string, source: x, tags: email, description: d}\n",
        "column x: tags must be a list");
    refused(
        table("t", pk)
            + idColumn()
            + "  - {name: x, type: string, source: x, tags: [Email], description: d}\n",
        "column x: tag 'Email' must be");
    refused(
        table("t", pk) + idColumn() + "  - {name: x, type: string, source: x}\n",
        "column x: description is required");
  }

  @Test
  void splitAndArrayRowsAllowTheirOwnSources() {
    // Each of these is refused for entity rows, and is exactly what these row kinds are for.
    parse(
        "t.yaml",
        table("t", "rows: {split: tags}\nprimaryKey: [id]") + column("id", "int64", "$parent.id"));
    parse(
        "t.yaml",
        table("t", "rows: {each: \"lines[]\"}\nprimaryKey: [id]")
            + column("id", "int64", "$parent.id")
            + column("n", "int32", "$index"));
    TableSchema t =
        parse(
            "t.yaml",
            table(
                    "t",
                    "rows: {objects: {billing: billing_address, shipping: ship}}\nprimaryKey: [id, k]")
                + column("id", "int64", "$parent.id")
                + column("k", "string", "$key")
                + column(
                    "s", "\"decimal(20,4)\"", "\"$sum(transactions[status=success].amount)\""));
    assertEquals(
        java.util.Map.of("billing", "billing_address", "shipping", "ship"), t.rows().objects());
    SourceRef sum = t.column("s").sources().get(0);
    assertEquals("transactions", sum.sumArray());
    assertEquals(java.util.Map.of("status", "success"), sum.sumWhere());
    assertEquals(List.of("amount"), sum.path());
  }

  @Test
  void aFolderOfFilesLoadsInNameOrderIgnoringOtherFiles(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("b.yaml"), table("b", "primaryKey: [id]") + idColumn());
    Files.writeString(dir.resolve("a.yaml"), table("a", "primaryKey: [id]") + idColumn());
    Files.writeString(dir.resolve("README.md"), "not a schema");
    Files.writeString(dir.resolve("c.yaml.bak"), "table: [broken");

    SchemaCatalog catalog = SchemaCatalog.fromDirectory(dir);
    assertEquals(List.of("a", "b"), catalog.tableNames());
    assertEquals(List.of("a", "b"), catalog.tables().stream().map(TableSchema::name).toList());
    assertEquals("b", catalog.table("b").name());

    assertThrows(
        UncheckedIOException.class, () -> SchemaCatalog.fromDirectory(dir.resolve("missing")));
  }

  @Test
  void thePackagedFilesParseAgainIntoThePackagedTables() throws IOException {
    SchemaCatalog loaded = SchemaCatalog.loadPackaged();
    assertEquals(SchemaCatalog.packaged().tableNames(), loaded.tableNames());
    // The 13 of the specification; refund, order_address; the abandoned checkout's 3; segments' 2.
    assertEquals(20, loaded.tableNames().size());
    for (TableSchema table : loaded.tables()) {
      String file = table.name() + ".yaml";
      try (InputStream in =
          SchemaCatalog.class.getClassLoader().getResourceAsStream("schemas/" + file)) {
        TableSchema again = SchemaCatalog.parse(file, in);
        assertEquals(table.toString(), again.toString());
        assertEquals(table.beamSchema(), again.beamSchema());
        assertEquals(table.primaryKey(), again.primaryKey());
        assertEquals(table.rows().toString(), again.rows().toString());
      }
    }
  }

  @Test
  void columnTypesParseEverySpellingAndRefuseImpossibleDecimals() {
    assertEquals(ColumnType.of(ColumnType.Kind.INT64), ColumnType.parse("int64"));
    assertEquals(ColumnType.of(ColumnType.Kind.INT32), ColumnType.parse(" INT32 "));
    assertEquals(ColumnType.of(ColumnType.Kind.STRING), ColumnType.parse("String"));
    assertEquals(ColumnType.of(ColumnType.Kind.BOOLEAN), ColumnType.parse("boolean"));
    assertEquals(ColumnType.of(ColumnType.Kind.TIMESTAMP), ColumnType.parse("timestamp"));
    assertEquals(ColumnType.decimal(12, 2), ColumnType.parse("Decimal( 12 , 2 )"));
    assertEquals(
        new ColumnType(ColumnType.Kind.DECIMAL, 38, 38), ColumnType.parse("decimal(38,38)"));
    assertEquals(new ColumnType(ColumnType.Kind.DECIMAL, 1, 0), ColumnType.parse("decimal(1,0)"));
    assertEquals("decimal(12,2)", ColumnType.decimal(12, 2).toString());
    assertEquals("timestamp", ColumnType.of(ColumnType.Kind.TIMESTAMP).toString());
    assertEquals(12, ColumnType.decimal(12, 2).precision());
    assertEquals(2, ColumnType.decimal(12, 2).scale());

    for (int[] ps : new int[][] {{0, 0}, {39, 2}, {10, 11}, {10, -1}}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ColumnType.decimal(ps[0], ps[1]));
      assertTrue(e.getMessage().startsWith("decimal(" + ps[0] + "," + ps[1] + ") is invalid"));
    }
    assertThrows(IllegalArgumentException.class, () -> new ColumnType(ColumnType.Kind.INT64, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new ColumnType(ColumnType.Kind.STRING, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> ColumnType.of(ColumnType.Kind.DECIMAL));
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> ColumnType.parse(null));
    assertTrue(unknown.getMessage().startsWith("unknown type 'null'"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ColumnType.parse("decimal(12)"));
  }

  private static String table(String name, String rowsAndKey) {
    return "table: "
        + name
        + "\nversion: 1\ndescription: d\nresource: orders\n"
        + rowsAndKey
        + "\ncolumns:\n";
  }

  private static String idColumn() {
    return column("id", "int64", "id");
  }

  private static String column(String name, String type, String source) {
    return "  - {name: " + name + ", type: " + type + ", source: " + source + ", description: d}\n";
  }

  private static List<String> texts(List<SourceRef> sources) {
    return sources.stream().map(SourceRef::toString).toList();
  }

  private static TableSchema parse(String file, String yaml) {
    return SchemaCatalog.parse(
        file, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  private static void refused(String yaml, String expected) {
    String file = "t.yaml";
    SchemaException e = assertThrows(SchemaException.class, () -> parse(file, yaml), yaml);
    assertTrue(
        e.getMessage().startsWith("schema file t.yaml: ") && e.getMessage().contains(expected),
        "message was: " + e.getMessage());
  }
}
