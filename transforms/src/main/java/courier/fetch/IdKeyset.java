package courier.fetch;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * The restriction of a slice: its entities with {@code afterId < id < beforeId}, read in ascending
 * id order by keyset paging ({@code since_id}). A checkpoint's residual is simply the same slice
 * after the last claimed id, which stays exact however often the runner checkpoints.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
abstract class IdKeyset {
  /** beforeId of a keyset without upper bound. Ids are positive 64-bit values below it. */
  static final long UNBOUNDED = Long.MAX_VALUE;

  abstract long getAfterId();

  /** Exclusive upper bound, {@link #UNBOUNDED} unless the keyset is a checkpoint's primary. */
  abstract long getBeforeId();

  abstract long getEstimatedRecords();

  /** The schema's creator: every decoded keyset is checked like a new one. */
  @SchemaCreate
  static IdKeyset create(long afterId, long beforeId, long estimatedRecords) {
    if (afterId >= beforeId) {
      throw new IllegalArgumentException("empty keyset (" + afterId + ", " + beforeId + ")");
    }
    return new AutoValue_IdKeyset(afterId, beforeId, Math.max(0, estimatedRecords));
  }

  /** Every id of a slice estimated to hold {@code estimatedRecords} entities. */
  static IdKeyset all(long estimatedRecords) {
    return create(0, UNBOUNDED, estimatedRecords);
  }

  /** Whether an id greater than {@code id} can still belong to this keyset. */
  boolean hasIdsAfter(long id) {
    return id + 1 < getBeforeId();
  }

  @Override
  public final String toString() {
    String upper = getBeforeId() == UNBOUNDED ? "∞" : Long.toString(getBeforeId());
    return "ids (" + getAfterId() + ", " + upper + ") ~" + getEstimatedRecords();
  }

  /** The restriction coder: the keyset's schema coder. */
  static Coder<IdKeyset> coder() {
    try {
      return SchemaRegistry.createDefault().getSchemaCoder(IdKeyset.class);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("IdKeyset has a @DefaultSchema", e);
    }
  }
}
