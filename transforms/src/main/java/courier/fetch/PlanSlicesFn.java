package courier.fetch;

import courier.shopify.ShopifyClient;
import courier.shopify.ShopifyResource;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the whole read in one element, on a worker (building the pipeline never needs the network):
 *
 * <ol>
 *   <li>counts every requested resource first, which doubles as an access check: a refused
 *       credential, scope, frozen or locked shop fails this one bundle before anything is fetched,
 *       so a run that cannot read everything emits nothing;
 *   <li>cuts each resource's window into slices of at most {@code targetSliceRecords} entities
 *       ({@link SlicePlanner}), the main output;
 *   <li>asks for the locations, when requested, on {@link #LOCATIONS}.
 * </ol>
 */
class PlanSlicesFn extends DoFn<List<Slice>, Slice> {
  private static final Logger LOG = LoggerFactory.getLogger(PlanSlicesFn.class);
  /** The planned slices (main output). */
  static final TupleTag<Slice> SLICES = new TupleTag<Slice>() {};
  /** Carries the shop domain when locations are to be read. */
  static final TupleTag<String> LOCATIONS = new TupleTag<String>() {};

  private final FetchSettings settings;
  private final boolean readLocations;
  private transient ShopifyClient client;
  private transient FetchMetrics metrics;

  PlanSlicesFn(FetchSettings settings, boolean readLocations) {
    this.settings = settings;
    this.readLocations = readLocations;
  }

  @Setup
  public void setup() {
    metrics = settings.newMetrics();
    client = ShopifyClient.create(settings.client, metrics);
  }

  @ProcessElement
  public void process(@Element List<Slice> windows, MultiOutputReceiver out) {
    List<Long> totals = new ArrayList<>();
    for (Slice window : windows) {
      totals.add(client.count(window.resource(), window.updatedFrom(), window.updatedTo()));
    }
    if (readLocations) {
      metrics.expected(ShopifyResource.LOCATIONS, client.countAll(ShopifyResource.LOCATIONS));
    }
    for (int i = 0; i < windows.size(); i++) {
      Slice window = windows.get(i);
      long total = totals.get(i);
      SlicePlanner planner = new SlicePlanner(settings.targetSliceRecords,
          (from, to) -> from.equals(window.updatedFrom()) && to.equals(window.updatedTo())
              ? total // counted above
              : client.count(window.resource(), from, to));
      List<SlicePlanner.TimeSlice> plan = planner.plan(window.updatedFrom(), window.updatedTo());
      metrics.expected(window.resource(), total);
      LOG.info("{}: ~{} updated in [{}, {}), read as {} slices of at most ~{}", window.resource().path(), total,
          window.updatedFrom(), window.updatedTo(), plan.size(), settings.targetSliceRecords);
      for (SlicePlanner.TimeSlice s : plan) {
        out.get(SLICES).output(new Slice(window.shop(), window.resource(), s.from(), s.to(), s.records()));
      }
    }
    if (readLocations) {
      out.get(LOCATIONS).output(settings.client.shop().domain());
    }
  }

  @Teardown
  public void teardown() {
    if (client != null) {
      client.close();
    }
  }
}
