package courier.normalize;

import courier.fetch.ShopifyEntity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * One version of an entity, already normalized: its key (shop, resource, id), its updated_at and
 * everything it yields (its rows and root key, or its reject, and what normalizing it counted),
 * encoded once (the private {@code encode}). This is what crosses {@link LatestVersion}'s shuffle,
 * so normalizing happens while the fetch is still running instead of after the shuffle's barrier
 * (bench/README.md, issue 17's sixth round).
 */
public final class NormalizedEntity {
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarIntCoder INT = VarIntCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

  /**
   * Which of two versions of one entity is the later: updated_at, then, on a tie (or no updated_at,
   * for locations), the encoded outcome byte by byte. Its first byte puts a version that normalized
   * ahead of one that was rejected, so a tie never trades rows for a reject. The rest is a function
   * of the version's JSON and of the run's id and start, which both versions share: every field is
   * written with its length first or at a fixed size, so the first byte where two versions differ
   * is never inside the run id or start, and every runner, retry and rerun keeps the same version.
   * The rows' lengths come last (see {@code encode}) and never decide a tie, so ties fall as they
   * did before the lengths were added: a rerun across that change keeps the same versions.
   */
  static final Comparator<NormalizedEntity> RECENCY =
      Comparator.comparingLong(NormalizedEntity::updatedAtMillis)
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.outcome, b.outcome));

  /** The outcome's first byte: the greater wins a tie (see {@link #RECENCY}). */
  private static final int REJECTED = 0;

  private static final int NORMALIZED = 1;

  private final String key;
  private final long updatedAtMillis;

  /** Encoded by {@code encode}; never handed out, so never changed. */
  private final byte[] outcome;

  private NormalizedEntity(String key, long updatedAtMillis, byte[] outcome) {
    this.key = key;
    this.updatedAtMillis = updatedAtMillis;
    this.outcome = outcome;
  }

  /** What normalizing this version of the entity gave: its rows and root key, or its reject. */
  static NormalizedEntity of(
      ShopifyEntity entity, EntityNormalizer.Outcome outcome, TableRows records, String runId) {
    return outcome instanceof EntityNormalizer.Rejected rejected
        ? rejected(entity, rejected, records, runId)
        : normalized(entity, (EntityNormalizer.Normalized) outcome, records, runId);
  }

  /** The entity's rows and root key: what a successful normalization yields. */
  private static NormalizedEntity normalized(
      ShopifyEntity entity, EntityNormalizer.Normalized result, TableRows records, String runId) {
    return encode(
        entity,
        false,
        result.nulsRemoved(),
        result.repeatedJsonKeys(),
        result.duplicateKeys(),
        result.rows(),
        KV.of(NormalizedTables.ROOTS, RootKeys.of(entity, runId)),
        records);
  }

  /** The entity's reject: it yields no row anywhere. */
  private static NormalizedEntity rejected(
      ShopifyEntity entity, EntityNormalizer.Rejected rejected, TableRows records, String runId) {
    return encode(
        entity,
        true,
        0,
        0,
        Map.of(),
        Map.of(),
        KV.of(NormalizedTables.REJECTS, Rejects.of(entity, rejected, runId)),
        records);
  }

  private static String keyOf(ShopifyEntity entity) {
    // '/' cannot occur in a shop domain or a resource name, so the key is unambiguous.
    return entity.shop() + "/" + entity.resource().path() + "/" + entity.id();
  }

  /** shop/resource/id: one entity, whatever its version. */
  String key() {
    return key;
  }

  /** The entity's {@link RootKeys} row, whatever this version yielded. */
  Row rootKey(String runId) {
    String[] parts = key.split("/", 3); // shop/resource/id (see keyOf)
    return RootKeys.of(parts[0], parts[1], Long.parseLong(parts[2]), runId);
  }

  /** updated_at as UTC epoch millis, or {@link ShopifyEntity#NO_UPDATED_AT}. */
  long updatedAtMillis() {
    return updatedAtMillis;
  }

  /** What normalizing this version gave, its records still encoded (see {@link TableRows}). */
  Outcome outcome() {
    try (InputStream in = new ByteArrayInputStream(outcome)) {
      boolean rejected = INT.decode(in) == REJECTED;
      int nulsRemoved = INT.decode(in);
      int repeatedJsonKeys = INT.decode(in);
      Map<String, Integer> duplicateKeys = new TreeMap<>();
      for (int n = INT.decode(in); n > 0; n--) {
        duplicateKeys.put(STRING.decode(in), INT.decode(in));
      }
      int count = INT.decode(in);
      if (count < 1 || count > in.available() / 4) {
        throw new IOException(count + " records cannot fit in " + outcome.length + " bytes");
      }
      DataInputStream lengths =
          new DataInputStream(
              new ByteArrayInputStream(outcome, outcome.length - 4 * count, 4 * count));
      List<KV<String, byte[]>> decoded = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String table = STRING.decode(in);
        int length = lengths.readInt();
        if (length < 0 || length > in.available() - 4 * count) {
          throw new IOException("record " + i + " of " + table + " claims " + length + " bytes");
        }
        decoded.add(KV.of(table, in.readNBytes(length)));
      }
      if (in.available() != 4 * count) {
        throw new IOException("the rows' lengths do not add up to the rows");
      }
      return new Outcome(rejected, nulsRemoved, repeatedJsonKeys, duplicateKeys, decoded);
    } catch (IOException | UncheckedIOException e) {
      // Only counts and table names in the message: the bytes hold customers' values.
      throw new UncheckedIOException("cannot decode the normalized rows of " + key, asIo(e));
    }
  }

  /**
   * A version's outcome: a reject's single record or an entity's rows and its root key (keyed and
   * encoded as in {@link NormalizedTables#records()}), with what normalizing it counted.
   */
  record Outcome(
      boolean rejected,
      int nulsRemoved,
      int repeatedJsonKeys,
      Map<String, Integer> duplicateKeys,
      List<KV<String, byte[]>> records) {
    /** Counts only: the records hold customers' values, which must not reach a log. */
    @Override
    public String toString() {
      return (rejected ? "rejected, " : "normalized, ") + records.size() + " records";
    }
  }

  private static NormalizedEntity encode(
      ShopifyEntity entity,
      boolean rejected,
      int nulsRemoved,
      int repeatedJsonKeys,
      Map<String, Integer> duplicateKeys,
      Map<String, List<Row>> rows,
      KV<String, Row> last,
      TableRows records) {
    String key = keyOf(entity);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try {
      INT.encode(rejected ? REJECTED : NORMALIZED, bytes);
      INT.encode(nulsRemoved, bytes);
      INT.encode(repeatedJsonKeys, bytes);
      // Sorted, so equal outcomes always encode to equal bytes (the tie-break compares them).
      Map<String, Integer> sorted = new TreeMap<>(duplicateKeys);
      INT.encode(sorted.size(), bytes);
      for (Map.Entry<String, Integer> e : sorted.entrySet()) {
        STRING.encode(e.getKey(), bytes);
        INT.encode(e.getValue(), bytes);
      }
      int count = 1;
      for (List<Row> tableRows : rows.values()) {
        count += tableRows.size();
      }
      INT.encode(count, bytes);
      int[] lengths = new int[count];
      int i = 0;
      for (Map.Entry<String, List<Row>> table : rows.entrySet()) {
        for (Row row : table.getValue()) {
          lengths[i++] = encodeRecord(table.getKey(), row, records, bytes);
        }
      }
      lengths[i] = encodeRecord(last.getKey(), last.getValue(), records, bytes);
      // Each row's length, at a fixed size after all the records: outcome() hands out each row's
      // bytes without decoding them, and RECENCY compares the records as they were before.
      DataOutputStream tail = new DataOutputStream(bytes);
      for (int length : lengths) {
        tail.writeInt(length);
      }
    } catch (IOException | UncheckedIOException e) {
      // TableRows names the table; this names the entity (shop/resource/id) as well.
      throw new UncheckedIOException("cannot encode the normalized rows of " + key, asIo(e));
    }
    return new NormalizedEntity(key, entity.updatedAtMillis(), bytes.toByteArray());
  }

  private static IOException asIo(Exception e) {
    return e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
  }

  /** The key, then the row's bytes; returns their length. */
  private static int encodeRecord(String key, Row row, TableRows records, OutputStream bytes)
      throws IOException {
    STRING.encode(key, bytes);
    byte[] encoded = records.record(key, row).getValue();
    bytes.write(encoded);
    return encoded.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NormalizedEntity that
        && updatedAtMillis == that.updatedAtMillis
        && key.equals(that.key)
        && Arrays.equals(outcome, that.outcome);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Long.hashCode(updatedAtMillis);
  }

  @Override
  public String toString() {
    return key + "@" + updatedAtMillis;
  }

  /** Key, updated_at and the encoded outcome as they are: a version is encoded only once. */
  public static final class Coder extends AtomicCoder<NormalizedEntity> {
    private static final long serialVersionUID = 1L;

    public static Coder of() {
      return new Coder();
    }

    @Override
    public void encode(NormalizedEntity value, OutputStream out) throws IOException {
      STRING.encode(value.key, out);
      LONG.encode(value.updatedAtMillis, out);
      BYTES.encode(value.outcome, out);
    }

    @Override
    public NormalizedEntity decode(InputStream in) throws IOException {
      return new NormalizedEntity(STRING.decode(in), LONG.decode(in), BYTES.decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
