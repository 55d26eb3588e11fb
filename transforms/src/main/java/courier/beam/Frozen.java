package courier.beam;

import java.io.Serializable;
import org.apache.beam.sdk.util.SerializableUtils;

/**
 * A value a DoFn carries, Java-serialized once when made and deserialized at its first {@link
 * #get()} in a JVM: serializing the holder writes one byte array instead of the value's object
 * graph, and deserializing it reads that array back without rebuilding the value.
 *
 * <p>Why: the DirectRunner serializes every ParDo's DoFn once and deserializes it twice for each
 * bundle, only to read its signature ({@code ParDoEvaluatorFactory.forApplication} through Beam's
 * {@code ParDoTranslation}); those copies are never set up or called. The courier's DoFns carry the
 * tables' schemas (Beam {@code Schema}s, column specs: 16 to 37 KB of objects each), so that was 22
 * % of the CPU samples of a 100-order DirectRunner run and 5.8 % of a 20,000-order one (README,
 * issue 17's seventeenth round). Flink deserializes a DoFn once per task; there the difference is
 * nil.
 *
 * <p>The value must not change once frozen (what the DoFns hold is configuration). Safe to share
 * between threads: the value is built once per holder.
 */
public final class Frozen<T extends Serializable> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final byte[] bytes;
  private final String description;
  private transient volatile T value;

  private Frozen(byte[] bytes, String description, T value) {
    this.bytes = bytes;
    this.description = description;
    this.value = value;
  }

  /** {@code value}, serialized now; {@code description} names it in a deserialization error. */
  public static <T extends Serializable> Frozen<T> of(T value, String description) {
    if (value == null) {
      throw new IllegalArgumentException("Frozen.of() needs a value: " + description);
    }
    return new Frozen<>(SerializableUtils.serializeToByteArray(value), description, value);
  }

  /** The value: the one frozen in this JVM, or deserialized on the first call after a copy. */
  @SuppressWarnings("unchecked")
  public T get() {
    T current = value;
    if (current == null) {
      synchronized (this) {
        current = value;
        if (current == null) {
          current = (T) SerializableUtils.deserializeFromByteArray(bytes, description);
          value = current;
        }
      }
    }
    return current;
  }
}
