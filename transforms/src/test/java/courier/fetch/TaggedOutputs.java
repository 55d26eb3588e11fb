package courier.fetch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn.MultiOutputReceiver;
import org.apache.beam.sdk.transforms.DoFn.OutputReceiver;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/** What a multi-output DoFn called directly outputs, by tag and in order. */
class TaggedOutputs implements MultiOutputReceiver {
  private final Map<TupleTag<?>, List<Object>> byTag = new HashMap<>();

  /** Called before each value is collected; a test overrides it to look at the world then. */
  void beforeOutput(TupleTag<?> tag, Object value) {}

  @Override
  public <T> OutputReceiver<T> get(TupleTag<T> tag) {
    List<Object> collected = byTag.computeIfAbsent(tag, t -> new ArrayList<>());
    return new OutputReceiver<T>() {
      @Override
      public void output(T value) {
        beforeOutput(tag, value);
        collected.add(value);
      }

      @Override
      public void outputWithTimestamp(T value, org.joda.time.Instant timestamp) {
        throw new AssertionError("the fetch outputs without timestamps");
      }
    };
  }

  @Override
  public <T> OutputReceiver<Row> getRowReceiver(TupleTag<T> tag) {
    throw new AssertionError("no fetch DoFn outputs rows");
  }

  @SuppressWarnings("unchecked")
  <T> List<T> of(TupleTag<T> tag) {
    return (List<T>) byTag.getOrDefault(tag, List.of());
  }
}
