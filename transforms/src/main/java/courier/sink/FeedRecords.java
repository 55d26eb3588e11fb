package courier.sink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * Converts rows to Avro records of a {@link FeedSchema}, in Avro's raw representation (decimals as
 * two's-complement bytes at the column's scale, timestamps as epoch millis), so the records encode
 * with Avro's plain generic datum writer and Parquet writes them without conversions.
 */
final class FeedRecords {
  private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

  private FeedRecords() {}

  static GenericRecord toRecord(Row row, Schema avroSchema) {
    GenericData.Record record = new GenericData.Record(avroSchema);
    for (Schema.Field field : avroSchema.getFields()) {
      Object value = row.getValue(field.name());
      record.put(field.pos(), value == null ? null : toAvro(value, valueSchema(field.schema())));
    }
    return record;
  }

  /** The non-null branch of a ["null", T] union, or the type itself. */
  private static Schema valueSchema(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    return schema.getTypes().stream()
        .filter(s -> s.getType() != Schema.Type.NULL)
        .findFirst()
        .orElseThrow();
  }

  private static Object toAvro(Object value, Schema schema) {
    if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
      // Rows hold the column's scale already; setScale only guards against a foreign row.
      BigDecimal scaled =
          ((BigDecimal) value).setScale(decimal.getScale(), RoundingMode.UNNECESSARY);
      return DECIMALS.toBytes(scaled, schema, decimal);
    }
    if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
      return ((ReadableInstant) value).getMillis();
    }
    return value;
  }

  /**
   * Encodes rows of one feed schema in Avro's binary encoding, reusing its buffers; not thread-safe
   * (one per DoFn instance or writer).
   */
  static final class BinaryRows {
    private final Schema avroSchema;
    private final DatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private BinaryEncoder encoder;

    BinaryRows(Schema avroSchema) {
      this.avroSchema = avroSchema;
      this.writer = new GenericDatumWriter<>(avroSchema);
    }

    byte[] encode(Row row) throws IOException {
      bytes.reset();
      encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
      writer.write(toRecord(row, avroSchema), encoder);
      encoder.flush();
      return bytes.toByteArray();
    }
  }

  /**
   * Converts the rows of one feed to its records in Avro's binary encoding, keyed by the feed's
   * name: every feed's records then share one small coder, {@code KvCoder<String, byte[]>}, and one
   * write ({@link ParquetFileSink} decodes them). Holds the schema as JSON because Avro schemas are
   * not serializable.
   */
  static final class ToAvroBinaryFn extends DoFn<Row, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final String feed;
    private final String avroSchemaJson;
    private transient BinaryRows rows;

    ToAvroBinaryFn(String feed, Schema avroSchema) {
      this.feed = feed;
      this.avroSchemaJson = avroSchema.toString();
    }

    @Setup
    public void setup() {
      rows = new BinaryRows(new Schema.Parser().parse(avroSchemaJson));
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<String, byte[]>> out)
        throws IOException {
      out.output(KV.of(feed, rows.encode(row)));
    }
  }

  /**
   * As {@link ToAvroBinaryFn}, for the records of several feeds keyed by their feed ({@link
   * courier.normalize.NormalizedTables#records()}); records of other keys (root keys) are dropped.
   */
  static final class KeyedToAvroBinaryFn extends DoFn<KV<String, Row>, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> avroSchemaJsonByFeed;
    private transient Map<String, BinaryRows> rowsByFeed;

    KeyedToAvroBinaryFn(Map<String, Schema> avroSchemas) {
      this.avroSchemaJsonByFeed = new HashMap<>();
      avroSchemas.forEach((feed, schema) -> avroSchemaJsonByFeed.put(feed, schema.toString()));
    }

    @Setup
    public void setup() {
      rowsByFeed = new HashMap<>();
      avroSchemaJsonByFeed.forEach(
          (feed, json) -> rowsByFeed.put(feed, new BinaryRows(new Schema.Parser().parse(json))));
    }

    @ProcessElement
    public void process(@Element KV<String, Row> record, OutputReceiver<KV<String, byte[]>> out)
        throws IOException {
      BinaryRows rows = rowsByFeed.get(record.getKey());
      if (rows != null) {
        out.output(KV.of(record.getKey(), rows.encode(record.getValue())));
      }
    }
  }
}
