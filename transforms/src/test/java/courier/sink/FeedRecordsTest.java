package courier.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.normalize.Deletions;
import courier.normalize.NormalizedTables;
import courier.normalize.TableRows;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.transforms.DoFn.OutputReceiver;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The Avro binary records the feeds travel as, one encoder reused for every row of a feed. */
class FeedRecordsTest {
  @Test
  void eachEncodedRowHoldsThatRowOnly() throws IOException {
    Schema avro = FeedSchema.deletions().avroSchema();
    FeedRecords.BinaryRows rows = new FeedRecords.BinaryRows(avro);
    byte[] first = rows.encode(deletion(11L, "event"));
    byte[] second = rows.encode(deletion(22L, "reconcile"));

    assertEquals(List.of(11L, "event"), decoded(avro, first));
    assertEquals(List.of(22L, "reconcile"), decoded(avro, second));
    assertEquals(first.length, second.length + "event".length() - "reconcile".length());
  }

  /**
   * The encoder remembers where each field sits in the last rows' schema: rows of another schema,
   * here the same fields in reverse order, must be read by name, each time the schema changes.
   */
  @Test
  void rowsOfAnotherFieldOrderAreReadByNameEvenWhenTheyAlternate() throws IOException {
    Schema avro = FeedSchema.deletions().avroSchema();
    List<org.apache.beam.sdk.schemas.Schema.Field> reversed =
        new ArrayList<>(Deletions.SCHEMA.getFields());
    Collections.reverse(reversed);
    org.apache.beam.sdk.schemas.Schema backwards =
        org.apache.beam.sdk.schemas.Schema.builder().addFields(reversed).build();
    FeedRecords.BinaryRows rows = new FeedRecords.BinaryRows(avro);
    Row forward = deletion(11L, "event");
    List<Object> values = new ArrayList<>(forward.getValues());
    Collections.reverse(values);
    Row reverse = Row.withSchema(backwards).addValues(values).build();

    byte[] first = rows.encode(forward);
    byte[] second = rows.encode(reverse);
    byte[] third = rows.encode(deletion(33L, "reconcile"));

    assertEquals(List.of(11L, "event"), decoded(avro, first));
    assertArrayEquals(first, second);
    assertEquals(List.of(33L, "reconcile"), decoded(avro, third));
  }

  /**
   * The feeds' step gets every normalized record, root keys included: a feed's row becomes its Avro
   * record, a root key is dropped without being decoded (these bytes would not decode, and this
   * TableRows has no schema for root keys at all).
   */
  @Test
  void aFeedsRecordBecomesItsAvroAndARootKeyIsDroppedUndecoded() throws IOException {
    Schema avro = FeedSchema.deletions().avroSchema();
    TableRows tableRows = TableRows.of(Map.of("deletions", Deletions.SCHEMA));
    FeedRecords.KeyedToAvroBinaryFn fn =
        new FeedRecords.KeyedToAvroBinaryFn(Map.of("deletions", avro), tableRows);
    fn.setup();
    List<KV<String, byte[]>> out = new ArrayList<>();
    OutputReceiver<KV<String, byte[]>> receiver =
        new OutputReceiver<>() {
          @Override
          public void output(KV<String, byte[]> record) {
            out.add(record);
          }

          @Override
          public void outputWithTimestamp(KV<String, byte[]> record, Instant timestamp) {
            out.add(record);
          }
        };

    fn.process(KV.of(NormalizedTables.ROOTS, new byte[] {(byte) 0xff, 0x7f, 0x01}), receiver);
    fn.process(tableRows.record("deletions", deletion(11L, "event")), receiver);

    assertEquals(1, out.size());
    assertEquals("deletions", out.get(0).getKey());
    assertEquals(List.of(11L, "event"), decoded(avro, out.get(0).getValue()));
  }

  private static Row deletion(long id, String detected) {
    return Row.withSchema(Deletions.SCHEMA)
        .addValues(
            "acme.myshopify.com", "orders", id, new Instant(1_775_000_000_000L), detected, "run-1")
        .build();
  }

  private static List<Object> decoded(Schema avro, byte[] bytes) throws IOException {
    GenericRecord record =
        new GenericDatumReader<GenericRecord>(avro)
            .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    return List.of(record.get(Deletions.ID), record.get(Deletions.DETECTED).toString());
  }
}
