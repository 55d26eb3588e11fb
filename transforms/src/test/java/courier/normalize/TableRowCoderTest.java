package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class TableRowCoderTest {
  private static final Schema NOTE =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("note", Schema.FieldType.STRING)
          .build();
  private static final Schema PRICE =
      Schema.builder().addStringField("sku").addDecimalField("price").build();

  private static KV<String, Row> roundTrip(TableRowCoder coder, KV<String, Row> record)
      throws CoderException {
    return CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, record));
  }

  @Test
  void eachRecordComesBackWithItsKeyAndItsTablesSchema() throws CoderException {
    TableRowCoder coder = new TableRowCoder(Map.of("notes", NOTE, "prices", PRICE));
    KV<String, Row> note = KV.of("notes", Row.withSchema(NOTE).addValues(7L, null).build());
    KV<String, Row> price =
        KV.of("prices", Row.withSchema(PRICE).addValues("A-1", new BigDecimal("12.50")).build());

    assertEquals(note, roundTrip(coder, note));
    assertEquals(price, roundTrip(coder, price));
    assertEquals(PRICE, roundTrip(coder, price).getValue().getSchema());
  }

  @Test
  void aKeyWithoutASchemaFailsNamingTheKnownOnes() {
    TableRowCoder coder = new TableRowCoder(Map.of("notes", NOTE));
    KV<String, Row> stray = KV.of("prices", Row.withSchema(NOTE).addValues(1L, "x").build());
    CoderException e =
        assertThrows(CoderException.class, () -> CoderUtils.encodeToByteArray(coder, stray));
    assertTrue(e.getMessage().contains("'prices'") && e.getMessage().contains("[notes]"));
  }

  @Test
  void theRecordCoderOfTheCatalogKnowsEveryTableTheRejectsAndTheRootKeys() throws Exception {
    List<TableSchema> tables = SchemaCatalog.packaged().tables();
    TableRowCoder coder = NormalizedTables.recordCoder(tables);
    Row root =
        Row.withSchema(RootKeys.SCHEMA)
            .addValues("acme.myshopify.com", "orders", 450789469L, "run-1")
            .build();
    assertEquals(KV.of(NormalizedTables.ROOTS, root), roundTrip(coder, KV.of("_roots", root)));

    // The runner ships the coder with the graph: a copy must code alike and equal the original.
    TableRowCoder copy = SerializableUtils.clone(coder);
    assertEquals(coder, copy);
    assertEquals(coder.hashCode(), copy.hashCode());
    assertEquals(KV.of(NormalizedTables.ROOTS, root), roundTrip(copy, KV.of("_roots", root)));
    assertNotEquals(coder, NormalizedTables.recordCoder(tables.subList(0, 1)));
  }
}
