package courier.normalize;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * Codes a row of any normalized table, keyed by its table: the key, then the row with its table's
 * {@link RowCoder}. It lets every table's rows travel as one collection ({@link
 * NormalizedTables#records()}), which each sink reads once, instead of a collection per table.
 */
final class TableRowCoder extends CustomCoder<KV<String, Row>> {
  private static final long serialVersionUID = 1L;
  private static final StringUtf8Coder KEYS = StringUtf8Coder.of();

  private final LinkedHashMap<String, Schema> schemas;

  /** Built on first use per key; a coder may be used by several threads at once. */
  private transient volatile Map<String, RowCoder> coders;

  TableRowCoder(Map<String, Schema> schemas) {
    this.schemas = new LinkedHashMap<>(schemas);
  }

  @Override
  public void encode(KV<String, Row> record, OutputStream out) throws IOException {
    KEYS.encode(record.getKey(), out);
    coder(record.getKey()).encode(record.getValue(), out);
  }

  @Override
  public KV<String, Row> decode(InputStream in) throws IOException {
    String key = KEYS.decode(in);
    return KV.of(key, coder(key).decode(in));
  }

  private RowCoder coder(String key) throws CoderException {
    Map<String, RowCoder> built = coders;
    if (built == null) {
      built = new ConcurrentHashMap<>();
      coders = built;
    }
    RowCoder coder = built.get(key);
    if (coder == null) {
      Schema schema = schemas.get(key);
      if (schema == null) {
        throw new CoderException(
            "no schema for records of '" + key + "'; known: " + schemas.keySet());
      }
      coder = built.computeIfAbsent(key, k -> RowCoder.of(schema));
    }
    return coder;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableRowCoder that && schemas.equals(that.schemas);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schemas);
  }
}
