package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.normalize.Deletions;
import courier.normalize.NormalizedTables;
import courier.normalize.TableRows;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn.OutputReceiver;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The records of the feeds: rows' bytes to the write, Avro records of the feed's schema there. */
class FeedRecordsTest {
  @Test
  void eachAvroRecordHoldsItsRowInAvrosRawRepresentation() {
    FeedRecords.AvroRecords records =
        new FeedRecords.AvroRecords(FeedSchema.deletions().avroSchema());
    GenericRecord first = records.toRecord(deletion(11L, "event"));
    GenericRecord second = records.toRecord(deletion(22L, "reconcile"));

    assertEquals(List.of(11L, "event", 1_775_000_000_000L), values(first));
    assertEquals(List.of(22L, "reconcile", 1_775_000_000_000L), values(second));
  }

  /**
   * The converter remembers where each field sits in the last rows' schema: rows of another schema,
   * here the same fields in reverse order, must be read by name, each time the schema changes.
   */
  @Test
  void rowsOfAnotherFieldOrderAreReadByNameEvenWhenTheyAlternate() {
    FeedRecords.AvroRecords records =
        new FeedRecords.AvroRecords(FeedSchema.deletions().avroSchema());
    Row forward = deletion(11L, "event");
    Row reverse = reversed(forward);

    GenericRecord first = records.toRecord(forward);
    GenericRecord second = records.toRecord(reverse);
    GenericRecord third = records.toRecord(deletion(33L, "reconcile"));

    assertEquals(List.of(11L, "event", 1_775_000_000_000L), values(first));
    assertEquals(first, second);
    assertEquals(List.of(33L, "reconcile", 1_775_000_000_000L), values(third));
  }

  /**
   * The feeds' step gets every normalized record, root keys included: a feed's record goes on as it
   * is (its sink decodes it), a root key is dropped without being decoded (these bytes would not
   * decode).
   */
  @Test
  void aFeedsRecordGoesOnAsItIsAndARootKeyIsDroppedUndecoded() {
    TableRows tableRows = TableRows.of(Map.of(Deletions.FEED, Deletions.SCHEMA));
    FeedRecords.FeedRecordsFn fn = new FeedRecords.FeedRecordsFn(Set.of(Deletions.FEED));
    List<KV<String, byte[]>> out = new ArrayList<>();
    OutputReceiver<KV<String, byte[]>> receiver = collectInto(out);
    KV<String, byte[]> record = tableRows.record(Deletions.FEED, deletion(11L, "event"));

    fn.process(KV.of(NormalizedTables.ROOTS, new byte[] {(byte) 0xff, 0x7f, 0x01}), receiver);
    fn.process(record, receiver);

    assertEquals(1, out.size());
    assertSame(record, out.get(0));
    assertEquals(deletion(11L, "event"), tableRows.decode(out.get(0)));
  }

  @Test
  void theDeletionsAreEncodedAsTheNormalizedRecordsAre() {
    TableRows tableRows = TableRows.of(Map.of(Deletions.FEED, Deletions.SCHEMA));
    List<KV<String, byte[]>> out = new ArrayList<>();
    FeedRecords.EncodeFn encode = new FeedRecords.EncodeFn(Deletions.FEED, tableRows);
    encode.process(deletion(22L, "reconcile"), collectInto(out));

    assertEquals(Deletions.FEED, out.get(0).getKey());
    assertEquals(deletion(22L, "reconcile"), tableRows.decode(out.get(0)));

    // By position: the same fields in another order would swap values between string columns.
    Row reverse = reversed(deletion(33L, "event"));
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> encode.process(reverse, collectInto(out)));
    assertTrue(
        refused.getMessage().startsWith("rows of _deletions need the fields"),
        refused.getMessage());
    assertEquals(1, out.size());
  }

  private static OutputReceiver<KV<String, byte[]>> collectInto(List<KV<String, byte[]>> out) {
    return new OutputReceiver<>() {
      @Override
      public void output(KV<String, byte[]> record) {
        out.add(record);
      }

      @Override
      public void outputWithTimestamp(KV<String, byte[]> record, Instant timestamp) {
        out.add(record);
      }
    };
  }

  /** The same values under the same fields, in reverse order. */
  private static Row reversed(Row row) {
    List<org.apache.beam.sdk.schemas.Schema.Field> fields =
        new ArrayList<>(row.getSchema().getFields());
    Collections.reverse(fields);
    List<Object> values = new ArrayList<>(row.getValues());
    Collections.reverse(values);
    return Row.withSchema(org.apache.beam.sdk.schemas.Schema.builder().addFields(fields).build())
        .addValues(values)
        .build();
  }

  private static Row deletion(long id, String detected) {
    return Row.withSchema(Deletions.SCHEMA)
        .addValues(
            "acme.myshopify.com", "orders", id, new Instant(1_775_000_000_000L), detected, "run-1")
        .build();
  }

  private static List<Object> values(GenericRecord record) {
    return List.of(
        record.get(Deletions.ID),
        record.get(Deletions.DETECTED).toString(),
        record.get(Deletions.DELETED_AT));
  }
}
