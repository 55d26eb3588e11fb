package courier.fetch;

import courier.shopify.ShopifyReader;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * A fetch step that reads Shopify: one {@link ShopifyReader} per DoFn instance, opened at setup
 * with the run's client settings and this instance's metrics, closed at teardown. Beam finds the
 * inherited {@code @Setup}/{@code @FinishBundle}/{@code @Teardown}; subclasses add their
 * {@code @ProcessElement}.
 */
abstract class ShopifyReaderFn<InputT, OutputT> extends DoFn<InputT, OutputT> {
  protected final FetchSettings settings;
  protected transient ShopifyReader client;
  protected transient FetchMetrics metrics;

  ShopifyReaderFn(FetchSettings settings) {
    this.settings = settings;
  }

  @Setup
  public void setup() {
    metrics = settings.newMetrics();
    client = ShopifyReader.create(settings.client(), metrics);
  }

  /** A run shorter than the progress interval still logs a line per resource it fetched. */
  @FinishBundle
  public void finishBundle() {
    metrics.bundleFinished();
  }

  @Teardown
  public void teardown() {
    if (client != null) {
      client.close();
    }
  }
}
