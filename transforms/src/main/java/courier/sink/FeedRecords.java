package courier.sink;

import courier.normalize.TableRows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
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

  /** The non-null branch of a ["null", T] union, or the type itself. */
  private static Schema valueSchema(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() != Schema.Type.NULL) {
        return branch;
      }
    }
    throw new IllegalArgumentException("a union of nulls only: " + schema);
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
    private final String[] fieldNames;

    /** Each field's type without its null branch, by position: worked out once, not per value. */
    private final Schema[] valueSchemas;

    private final DatumWriter<GenericRecord> writer;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private BinaryEncoder encoder;

    /**
     * Where each Avro field is in rows of {@link #rowSchema}, the schema of the rows last encoded
     * (every row of a feed has its table's). Looking each field up by name and union branch per
     * value was 2.2 % of an embedded Flink run's CPU samples (README, issue 17's fourteenth round).
     */
    private org.apache.beam.sdk.schemas.Schema rowSchema;

    private int[] rowPositions;

    BinaryRows(Schema avroSchema) {
      this.avroSchema = avroSchema;
      List<Schema.Field> fields = avroSchema.getFields();
      this.fieldNames = new String[fields.size()];
      this.valueSchemas = new Schema[fields.size()];
      for (Schema.Field field : fields) {
        fieldNames[field.pos()] = field.name();
        valueSchemas[field.pos()] = valueSchema(field.schema());
      }
      this.writer = new GenericDatumWriter<>(avroSchema);
    }

    byte[] encode(Row row) throws IOException {
      bytes.reset();
      encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
      writer.write(toRecord(row), encoder);
      encoder.flush();
      return bytes.toByteArray();
    }

    private GenericRecord toRecord(Row row) {
      int[] positions = positionsIn(row.getSchema());
      GenericData.Record record = new GenericData.Record(avroSchema);
      for (int i = 0; i < positions.length; i++) {
        Object value = row.getValue(positions[i]);
        record.put(i, value == null ? null : toAvro(value, valueSchemas[i]));
      }
      return record;
    }

    private int[] positionsIn(org.apache.beam.sdk.schemas.Schema schema) {
      if (schema != rowSchema) {
        int[] positions = new int[fieldNames.length];
        for (int i = 0; i < fieldNames.length; i++) {
          // Throws, naming the field, for a row without one of the feed's fields.
          positions[i] = schema.indexOf(fieldNames[i]);
        }
        rowPositions = positions;
        rowSchema = schema;
      }
      return rowPositions;
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
   * courier.normalize.NormalizedTables#records()}, encoded); records of other keys (root keys) are
   * dropped undecoded.
   */
  static final class KeyedToAvroBinaryFn extends DoFn<KV<String, byte[]>, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> avroSchemaJsonByFeed;
    private final TableRows tableRows;
    private transient Map<String, BinaryRows> rowsByFeed;

    KeyedToAvroBinaryFn(Map<String, Schema> avroSchemas, TableRows tableRows) {
      this.tableRows = tableRows;
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
    public void process(@Element KV<String, byte[]> record, OutputReceiver<KV<String, byte[]>> out)
        throws IOException {
      BinaryRows rows = rowsByFeed.get(record.getKey());
      if (rows != null) {
        out.output(KV.of(record.getKey(), rows.encode(tableRows.decode(record))));
      }
    }
  }
}
