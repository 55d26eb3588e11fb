package courier.sink;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Sequencing by side inputs, like {@link org.apache.beam.sdk.transforms.Wait#on}, but with the
 * signal's view built once and shared: {@code Wait.on} builds a view (ten steps) for every signal
 * at every place it is applied.
 *
 * <pre>{@code
 * PCollectionView<Iterable<Void>> ready = signal.apply("Ready", Barrier.completionOf());
 * rows.apply("WaitForTables", Barrier.after(ready));   // as often as needed, one step each
 * }</pre>
 *
 * <p>A consumer of a side input gets no element before the view is complete, which it is once every
 * element of the signal is processed: the DirectRunner holds elements back until then, and Flink
 * batch reads a side input as a broadcast data set produced before the consumer runs. For batch
 * pipelines in the global window, which is what the courier runs.
 *
 * <p>Like {@code Wait.on}, this orders elements, not completion: on the DirectRunner the output of
 * {@link #after} on an empty input is complete at once, signal or not. What must follow the signal
 * even then has to take the view as a side input of a step that surely has an element.
 */
final class Barrier {
  private Barrier() {}

  /** A view that is complete once the signal is; it holds no elements, however large the signal. */
  static <T> PTransform<PCollection<T>, PCollectionView<Iterable<Void>>> completionOf() {
    return new CompletionOf<>();
  }

  /** The input, each element passed on only once the view is complete. */
  static <T> PTransform<PCollection<T>, PCollection<T>> after(PCollectionView<?> done) {
    return new After<>(done);
  }

  private static final class CompletionOf<T>
      extends PTransform<PCollection<T>, PCollectionView<Iterable<Void>>> {
    private static final long serialVersionUID = 1L;

    @Override
    public PCollectionView<Iterable<Void>> expand(PCollection<T> signal) {
      return signal
          .apply("Nothing", ParDo.of(new NothingFn<T>()))
          .apply("AsView", View.asIterable());
    }
  }

  private static final class After<T> extends PTransform<PCollection<T>, PCollection<T>> {
    private static final long serialVersionUID = 1L;
    private final PCollectionView<?> done;

    After(PCollectionView<?> done) {
      this.done = done;
    }

    @Override
    public PCollection<T> expand(PCollection<T> input) {
      return input
          .apply("Pass", ParDo.of(new PassFn<T>()).withSideInputs(done))
          .setCoder(input.getCoder());
    }
  }

  /** Drops everything: the view only has to tell that the signal is complete. */
  private static final class NothingFn<T> extends DoFn<T, Void> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process() {}
  }

  /** Passes elements on; its side input holds them back until complete. */
  private static final class PassFn<T> extends DoFn<T, T> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(ProcessContext context) {
      context.output(context.element());
    }
  }
}
