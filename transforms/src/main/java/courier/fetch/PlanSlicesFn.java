package courier.fetch;

import courier.shopify.ShopifyClient;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a resource's whole window into slices of at most {@code targetSliceRecords} entities with
 * the count endpoint ({@link SlicePlanner}). Runs on a worker, not at construction time, so
 * building the pipeline never needs the network.
 */
class PlanSlicesFn extends DoFn<Slice, Slice> {
  private static final Logger LOG = LoggerFactory.getLogger(PlanSlicesFn.class);

  private final FetchSettings settings;
  private transient ShopifyClient client;
  private transient FetchMetrics metrics;

  PlanSlicesFn(FetchSettings settings) {
    this.settings = settings;
  }

  @Setup
  public void setup() {
    metrics = settings.newMetrics();
    client = ShopifyClient.create(settings.client, metrics);
  }

  @ProcessElement
  public void process(@Element Slice window, OutputReceiver<Slice> out) {
    SlicePlanner planner = new SlicePlanner(settings.targetSliceRecords,
        (from, to) -> client.count(window.resource(), from, to));
    List<SlicePlanner.TimeSlice> plan = planner.plan(window.updatedFrom(), window.updatedTo());
    long total = plan.stream().mapToLong(SlicePlanner.TimeSlice::records).sum();
    metrics.expected(window.resource(), total);
    LOG.info("{}: ~{} updated in [{}, {}), fetched as {} slices of at most ~{}", window.resource().path(), total,
        window.updatedFrom(), window.updatedTo(), plan.size(), settings.targetSliceRecords);
    for (SlicePlanner.TimeSlice s : plan) {
      out.output(new Slice(window.shop(), window.resource(), s.from(), s.to(), s.records()));
    }
  }

  @Teardown
  public void teardown() {
    if (client != null) {
      client.close();
    }
  }
}
