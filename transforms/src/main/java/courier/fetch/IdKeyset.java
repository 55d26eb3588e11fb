package courier.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The restriction of a slice: its entities with {@code afterId < id < beforeId}, read in ascending
 * id order by keyset paging ({@code since_id}). A checkpoint's residual is simply the same slice
 * after the last claimed id, which stays exact however often the runner checkpoints.
 */
final class IdKeyset {
  /** beforeId of a keyset without upper bound. Ids are positive 64-bit values below it. */
  static final long UNBOUNDED = Long.MAX_VALUE;

  private final long afterId;
  private final long beforeId;
  private final long estimatedRecords;

  IdKeyset(long afterId, long beforeId, long estimatedRecords) {
    if (afterId >= beforeId) {
      throw new IllegalArgumentException("empty keyset (" + afterId + ", " + beforeId + ")");
    }
    this.afterId = afterId;
    this.beforeId = beforeId;
    this.estimatedRecords = Math.max(0, estimatedRecords);
  }

  /** Every id of a slice estimated to hold {@code estimatedRecords} entities. */
  static IdKeyset all(long estimatedRecords) {
    return new IdKeyset(0, UNBOUNDED, estimatedRecords);
  }

  long afterId() {
    return afterId;
  }

  /** Exclusive upper bound, {@link #UNBOUNDED} unless the keyset is a checkpoint's primary. */
  long beforeId() {
    return beforeId;
  }

  long estimatedRecords() {
    return estimatedRecords;
  }

  /** Whether an id greater than {@code id} can still belong to this keyset. */
  boolean hasIdsAfter(long id) {
    return id + 1 < beforeId;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IdKeyset)) {
      return false;
    }
    IdKeyset k = (IdKeyset) o;
    return afterId == k.afterId && beforeId == k.beforeId && estimatedRecords == k.estimatedRecords;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(afterId) * 31 + Long.hashCode(beforeId);
  }

  @Override
  public String toString() {
    String upper = beforeId == UNBOUNDED ? "∞" : Long.toString(beforeId);
    return "ids (" + afterId + ", " + upper + ") ~" + estimatedRecords;
  }

  static final class IdKeysetCoder extends AtomicCoder<IdKeyset> {
    private static final long serialVersionUID = 1L;
    private static final VarLongCoder LONG = VarLongCoder.of();

    @Override
    public void encode(IdKeyset keyset, OutputStream out) throws IOException {
      LONG.encode(keyset.afterId, out);
      LONG.encode(keyset.beforeId, out);
      LONG.encode(keyset.estimatedRecords, out);
    }

    @Override
    public IdKeyset decode(InputStream in) throws IOException {
      return new IdKeyset(LONG.decode(in), LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
