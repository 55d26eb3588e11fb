package courier.fetch;

import com.google.auto.value.AutoValue;
import courier.shopify.ShopifyResource;
import java.time.Instant;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.schemas.SchemaRegistry;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCreate;

/**
 * The unit of fetch work: the entities of one resource of one shop last updated in {@code
 * [updatedFrom, updatedTo)} (UTC, whole seconds), with an estimate of how many there are (from the
 * count endpoint; {@link #UNKNOWN} before planning). Encoded by its Beam schema.
 */
@AutoValue
@DefaultSchema(AutoValueSchema.class)
public abstract class Slice {
  public static final long UNKNOWN = -1;

  public abstract String getShop();

  public abstract ShopifyResource getResource();

  public abstract long getFromEpochSecond();

  /** Exclusive. */
  public abstract long getToEpochSecond();

  public abstract long getEstimatedRecords();

  /** The schema's creator: every decoded slice is checked like a new one. */
  @SchemaCreate
  public static Slice create(
      String shop,
      ShopifyResource resource,
      long fromEpochSecond,
      long toEpochSecond,
      long estimatedRecords) {
    if (fromEpochSecond >= toEpochSecond) {
      throw new IllegalArgumentException(
          "empty slice ["
              + Instant.ofEpochSecond(fromEpochSecond)
              + ", "
              + Instant.ofEpochSecond(toEpochSecond)
              + ")");
    }
    return new AutoValue_Slice(shop, resource, fromEpochSecond, toEpochSecond, estimatedRecords);
  }

  public static Slice of(
      String shop,
      ShopifyResource resource,
      Instant updatedFrom,
      Instant updatedTo,
      long estimatedRecords) {
    if (updatedFrom.getNano() != 0 || updatedTo.getNano() != 0) {
      throw new IllegalArgumentException(
          "slice bounds must be whole seconds: [" + updatedFrom + ", " + updatedTo + ")");
    }
    return create(
        shop, resource, updatedFrom.getEpochSecond(), updatedTo.getEpochSecond(), estimatedRecords);
  }

  public Instant updatedFrom() {
    return Instant.ofEpochSecond(getFromEpochSecond());
  }

  /** Exclusive. */
  public Instant updatedTo() {
    return Instant.ofEpochSecond(getToEpochSecond());
  }

  @Override
  public final String toString() {
    return getResource().path()
        + "@"
        + getShop()
        + " ["
        + updatedFrom()
        + ", "
        + updatedTo()
        + ")"
        + (getEstimatedRecords() == UNKNOWN ? "" : " ~" + getEstimatedRecords());
  }

  /** The schema coder of slices. */
  public static Coder<Slice> coder() {
    try {
      return SchemaRegistry.createDefault().getSchemaCoder(Slice.class);
    } catch (NoSuchSchemaException e) {
      throw new IllegalStateException("Slice has a @DefaultSchema", e);
    }
  }
}
