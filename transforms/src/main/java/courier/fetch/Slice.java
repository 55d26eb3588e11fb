package courier.fetch;

import courier.shopify.ShopifyResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The unit of fetch work: the entities of one resource of one shop last updated in {@code
 * [updatedFrom, updatedTo)} (UTC, whole seconds), with an estimate of how many there are (from the
 * count endpoint; {@link #UNKNOWN} before planning).
 */
public final class Slice {
  public static final long UNKNOWN = -1;

  private final String shop;
  private final ShopifyResource resource;
  private final long fromEpochSecond;
  private final long toEpochSecond;
  private final long estimatedRecords;

  public Slice(String shop, ShopifyResource resource, Instant updatedFrom, Instant updatedTo, long estimatedRecords) {
    this(shop, resource, updatedFrom.getEpochSecond(), updatedTo.getEpochSecond(), estimatedRecords);
    if (updatedFrom.getNano() != 0 || updatedTo.getNano() != 0) {
      throw new IllegalArgumentException(
          "slice bounds must be whole seconds: [" + updatedFrom + ", " + updatedTo + ")");
    }
  }

  private Slice(
      String shop, ShopifyResource resource, long fromEpochSecond, long toEpochSecond, long estimatedRecords) {
    if (fromEpochSecond >= toEpochSecond) {
      throw new IllegalArgumentException(
          "empty slice [" + Instant.ofEpochSecond(fromEpochSecond) + ", " + Instant.ofEpochSecond(toEpochSecond) + ")");
    }
    this.shop = Objects.requireNonNull(shop, "shop");
    this.resource = Objects.requireNonNull(resource, "resource");
    this.fromEpochSecond = fromEpochSecond;
    this.toEpochSecond = toEpochSecond;
    this.estimatedRecords = estimatedRecords;
  }

  public String shop() {
    return shop;
  }

  public ShopifyResource resource() {
    return resource;
  }

  public Instant updatedFrom() {
    return Instant.ofEpochSecond(fromEpochSecond);
  }

  /** Exclusive. */
  public Instant updatedTo() {
    return Instant.ofEpochSecond(toEpochSecond);
  }

  public long estimatedRecords() {
    return estimatedRecords;
  }

  public Slice withEstimatedRecords(long estimate) {
    return new Slice(shop, resource, fromEpochSecond, toEpochSecond, estimate);
  }

  /** Same shop, resource and bounds (the estimate is not part of a slice's identity). */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Slice)) {
      return false;
    }
    Slice s = (Slice) o;
    return fromEpochSecond == s.fromEpochSecond && toEpochSecond == s.toEpochSecond
        && shop.equals(s.shop) && resource == s.resource;
  }

  @Override
  public int hashCode() {
    return Objects.hash(shop, resource, fromEpochSecond, toEpochSecond);
  }

  @Override
  public String toString() {
    return resource.path() + "@" + shop + " [" + updatedFrom() + ", " + updatedTo() + ")"
        + (estimatedRecords == UNKNOWN ? "" : " ~" + estimatedRecords);
  }

  public static SliceCoder coder() {
    return SliceCoder.INSTANCE;
  }

  /** Shop, resource, bounds and estimate. */
  public static final class SliceCoder extends AtomicCoder<Slice> {
    private static final long serialVersionUID = 1L;
    private static final SliceCoder INSTANCE = new SliceCoder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static SliceCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Slice slice, OutputStream out) throws IOException {
      STRING.encode(slice.shop, out);
      STRING.encode(slice.resource.path(), out);
      LONG.encode(slice.fromEpochSecond, out);
      LONG.encode(slice.toEpochSecond, out);
      LONG.encode(slice.estimatedRecords, out);
    }

    @Override
    public Slice decode(InputStream in) throws IOException {
      return new Slice(STRING.decode(in), ShopifyResource.fromPath(STRING.decode(in)),
          LONG.decode(in), LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
