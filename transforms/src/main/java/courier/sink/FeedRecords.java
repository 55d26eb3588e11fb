package courier.sink;

import courier.normalize.TableRows;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * The records of the feeds: normalized rows travel to the write still encoded (see {@link
 * TableRows}), and each feed's sink converts them to Avro records of its {@link FeedSchema} in
 * Avro's raw representation (decimals as two's-complement bytes at the column's scale, timestamps
 * as epoch millis), so Parquet writes them without conversions.
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
   * Builds the Avro records of one feed schema from rows, as parquet-avro writes them; not
   * thread-safe (one per sink or writer).
   */
  static final class AvroRecords {
    private final Schema avroSchema;
    private final String[] fieldNames;

    /** Each field's type without its null branch, by position: worked out once, not per value. */
    private final Schema[] valueSchemas;

    /**
     * Where each Avro field is in rows of {@link #rowSchema}, the schema of the rows last converted
     * (every row of a feed has its table's). Looking each field up by name and union branch per
     * value was 2.2 % of an embedded Flink run's CPU samples (README, issue 17's fourteenth round).
     */
    private org.apache.beam.sdk.schemas.Schema rowSchema;

    private int[] rowPositions;

    AvroRecords(Schema avroSchema) {
      this.avroSchema = avroSchema;
      List<Schema.Field> fields = avroSchema.getFields();
      this.fieldNames = new String[fields.size()];
      this.valueSchemas = new Schema[fields.size()];
      for (Schema.Field field : fields) {
        fieldNames[field.pos()] = field.name();
        valueSchemas[field.pos()] = valueSchema(field.schema());
      }
    }

    GenericRecord toRecord(Row row) {
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
   * Keeps the normalized records that belong to a feed (every table's rows and the rejects), still
   * encoded: the feed's sink decodes them ({@link ParquetFileSink}). Root keys are dropped without
   * being decoded.
   */
  static final class FeedRecordsFn extends DoFn<KV<String, byte[]>, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final HashSet<String> feeds;

    FeedRecordsFn(Set<String> feeds) {
      this.feeds = new HashSet<>(feeds);
    }

    @ProcessElement
    public void process(
        @Element KV<String, byte[]> record, OutputReceiver<KV<String, byte[]>> out) {
      if (feeds.contains(record.getKey())) {
        out.output(record);
      }
    }
  }

  /**
   * Rows of one feed as its records, {@code KV<feed, row bytes>}, as the normalized tables'. The
   * encoding is by position, so a row whose fields are in another order is refused, naming the
   * fields (the Avro conversion used to read them by name).
   */
  static final class EncodeFn extends DoFn<Row, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final String feed;
    private final TableRows tableRows;

    /** The schema of the last row whose fields were checked: every row of a run shares one. */
    private transient org.apache.beam.sdk.schemas.Schema checked;

    EncodeFn(String feed, TableRows tableRows) {
      this.feed = feed;
      this.tableRows = tableRows;
    }

    @ProcessElement
    public void process(@Element Row row, OutputReceiver<KV<String, byte[]>> out) {
      if (row.getSchema() != checked) {
        org.apache.beam.sdk.schemas.Schema schema = tableRows.schema(feed);
        if (!row.getSchema().getFieldNames().equals(schema.getFieldNames())) {
          throw new IllegalArgumentException(
              "rows of "
                  + feed
                  + " need the fields "
                  + schema.getFieldNames()
                  + " in that order, not "
                  + row.getSchema().getFieldNames());
        }
        checked = row.getSchema();
      }
      out.output(tableRows.record(feed, row));
    }
  }
}
