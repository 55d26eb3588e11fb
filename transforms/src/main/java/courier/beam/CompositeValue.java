package courier.beam;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;

/**
 * A bundle of PCollections that is both a transform's output and the next transform's input, so a
 * pipeline reads {@code value.apply("Next", transform)} as it would on a PCollection. Subclasses
 * say which PCollections they hold in {@link #expand()}.
 *
 * @param <SelfT> the subclass, the input type of the transforms applied to it
 */
public abstract class CompositeValue<SelfT extends CompositeValue<SelfT>>
    implements PInput, POutput {
  private final Pipeline pipeline;

  protected CompositeValue(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  public <OutputT extends POutput> OutputT apply(
      String name, PTransform<? super SelfT, OutputT> transform) {
    return Pipeline.applyTransform(name, self(), transform);
  }

  @SuppressWarnings("unchecked")
  private SelfT self() {
    return (SelfT) this;
  }

  @Override
  public Pipeline getPipeline() {
    return pipeline;
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {
    // Every component PCollection was finished by the transform that produced it.
  }
}
