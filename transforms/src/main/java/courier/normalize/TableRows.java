package courier.normalize;

import courier.beam.Frozen;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * The rows of every normalized table as bytes, keyed by their table: a record of {@link
 * NormalizedTables#records()} is {@code KV<table, row encoded with its table's RowCoder>}, and
 * {@link #decode} gives its row back.
 *
 * <p>Records travel encoded because Flink's batch runner serializes a step's output once for each
 * of its readers and each reader deserializes all of it: as rows, every row was encoded three times
 * and decoded three times between the dedup and the sinks (5.8 % and 3.3 % of an embedded Flink
 * run's CPU samples, README, issue 17's fifteenth round). As bytes, each row is encoded once, when
 * normalized, and decoded only by a reader that needs it: the staging write and the feeds decode
 * every row, the rejects' reader only the rejects.
 */
public final class TableRows implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Frozen: every DoFn that reads or writes records holds these, and the DirectRunner copies each
   * DoFn per bundle (see {@link Frozen}).
   */
  private final Frozen<LinkedHashMap<String, Schema>> schemas;

  /** Built on first use per key; shared by the threads of a worker. */
  private transient volatile Map<String, RowCoder> coders;

  private TableRows(Map<String, Schema> schemas) {
    this.schemas = Frozen.of(new LinkedHashMap<>(schemas), "the normalized tables' schemas");
  }

  /** The rows of these keys, each with its schema. */
  public static TableRows of(Map<String, Schema> schemas) {
    return new TableRows(schemas);
  }

  /** These rows and those of one more key (the Parquet feeds add the run's deletions this way). */
  public TableRows with(String key, Schema schema) {
    LinkedHashMap<String, Schema> more = new LinkedHashMap<>(schemas.get());
    more.put(key, schema);
    return new TableRows(more);
  }

  /** The schema of the rows of {@code key}, or null when it has none. */
  public Schema schema(String key) {
    return schemas.get().get(key);
  }

  /** The row of a record, with its table's schema; UncheckedIOException naming the table. */
  public Row decode(KV<String, byte[]> record) {
    // Not CoderUtils.decodeFromByteArray: its error for trailing bytes prints the decoded row.
    try {
      return coder(record.getKey()).decode(new ByteArrayInputStream(record.getValue()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a row of " + record.getKey(), e);
    }
  }

  /** A row of the table {@code key} as a record: the bytes {@link #decode} reads. */
  public KV<String, byte[]> record(String key, Row row) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try {
      coder(key).encode(row, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a row of " + key, e);
    }
    return KV.of(key, bytes.toByteArray());
  }

  private RowCoder coder(String key) throws CoderException {
    Map<String, RowCoder> built = coders;
    if (built == null) {
      built = new ConcurrentHashMap<>();
      coders = built;
    }
    RowCoder coder = built.get(key);
    if (coder == null) {
      Schema schema = schemas.get().get(key);
      if (schema == null) {
        throw new CoderException(
            "no schema for records of '" + key + "'; known: " + schemas.get().keySet());
      }
      coder = built.computeIfAbsent(key, k -> RowCoder.of(schema));
    }
    return coder;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableRows that && schemas.get().equals(that.schemas.get());
  }

  @Override
  public int hashCode() {
    return Objects.hash(schemas.get());
  }
}
