package courier.fetch;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn.OutputReceiver;

/** What a DoFn called directly outputs, in order; the fetch DoFns never set timestamps. */
class CollectedOutput<T> implements OutputReceiver<T> {
  final List<T> values = new ArrayList<>();

  @Override
  public void output(T value) {
    values.add(value);
  }

  @Override
  public void outputWithTimestamp(T value, org.joda.time.Instant timestamp) {
    throw new AssertionError("the fetch outputs without timestamps");
  }
}
