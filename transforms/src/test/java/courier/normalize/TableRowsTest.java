package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class TableRowsTest {
  private static final Schema NOTE =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("note", Schema.FieldType.STRING)
          .build();
  private static final Schema PRICE =
      Schema.builder().addStringField("sku").addDecimalField("price").build();

  @Test
  void eachRecordComesBackWithItsKeysSchema() {
    TableRows rows = TableRows.of(Map.of("notes", NOTE, "prices", PRICE));
    Row note = Row.withSchema(NOTE).addValues(7L, null).build();
    Row price = Row.withSchema(PRICE).addValues("A-1", new BigDecimal("12.50")).build();

    KV<String, byte[]> noteRecord = rows.record("notes", note);
    assertEquals("notes", noteRecord.getKey());
    assertEquals(note, rows.decode(noteRecord));
    assertEquals(price, rows.decode(rows.record("prices", price)));
    assertEquals(PRICE, rows.decode(rows.record("prices", price)).getSchema());
  }

  @Test
  void aKeyWithoutASchemaFailsNamingTheKnownOnesAndBrokenBytesNameTheTableNotTheValues() {
    TableRows rows = TableRows.of(Map.of("notes", NOTE));
    Row secret = Row.withSchema(NOTE).addValues(1L, "jane@example.com").build();
    UncheckedIOException unknown =
        assertThrows(UncheckedIOException.class, () -> rows.record("prices", secret));
    assertTrue(
        unknown.getCause().getMessage().contains("'prices'")
            && unknown.getCause().getMessage().contains("[notes]"),
        unknown.getCause().getMessage());

    byte[] bytes = rows.record("notes", secret).getValue();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    UncheckedIOException broken =
        assertThrows(UncheckedIOException.class, () -> rows.decode(KV.of("notes", truncated)));
    assertEquals("cannot decode a row of notes", broken.getMessage());
    assertFalse(String.valueOf(broken.getCause()).contains("jane"));
  }

  @Test
  void withAddsAKeyAndLeavesTheOriginalAsItWas() {
    TableRows notes = TableRows.of(Map.of("notes", NOTE));
    TableRows both = notes.with("prices", PRICE);
    Row price = Row.withSchema(PRICE).addValues("A-1", new BigDecimal("12.50")).build();
    Row note = Row.withSchema(NOTE).addValues(7L, "n").build();

    assertEquals(price, both.decode(both.record("prices", price)));
    assertEquals(note, both.decode(notes.record("notes", note)));
    assertThrows(UncheckedIOException.class, () -> notes.record("prices", price));
  }

  @Test
  void theRowsOfTheCatalogKnowEveryTableTheRejectsAndTheRootKeys() {
    List<TableSchema> tables = SchemaCatalog.packaged().tables();
    TableRows rows = NormalizedTables.tableRows(tables);
    Row root =
        Row.withSchema(RootKeys.SCHEMA)
            .addValues("acme.myshopify.com", "orders", 450789469L, "run-1")
            .build();
    assertEquals(root, rows.decode(rows.record(NormalizedTables.ROOTS, root)));

    // The runner ships it with the graph: a copy must decode alike and equal the original.
    TableRows copy = SerializableUtils.clone(rows);
    assertEquals(rows, copy);
    assertEquals(rows.hashCode(), copy.hashCode());
    assertEquals(root, copy.decode(rows.record(NormalizedTables.ROOTS, root)));
    assertNotEquals(rows, NormalizedTables.tableRows(tables.subList(0, 1)));
  }
}
