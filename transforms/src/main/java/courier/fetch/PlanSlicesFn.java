package courier.fetch;

import courier.beam.PausePoint;
import courier.shopify.AccessScopes;
import courier.shopify.GraphqlBulk;
import courier.shopify.RequiredScopes;
import courier.shopify.ShopifyReader;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the whole read in one element, on a worker (building the pipeline never needs the network):
 *
 * <ol>
 *   <li>reads the scopes the shop granted and refuses ({@link RequiredScopes}) when one a resource
 *       needs is missing, or when orders are read from further back than 60 days without
 *       read_all_orders (Shopify would answer with the last 60 days only, and no error);
 *   <li>counts every requested resource first, which doubles as an access check: a refused
 *       credential, scope, frozen or locked shop fails this one bundle before anything is fetched,
 *       so a run that cannot read everything emits nothing;
 *   <li>cuts each resource's window into slices of at most {@code targetSliceRecords} entities
 *       ({@link SlicePlanner}), the main output;
 *   <li>asks for the resources read whole (locations, segments), when requested, on {@link #WHOLE}.
 * </ol>
 */
class PlanSlicesFn extends DoFn<List<Slice>, Slice> {
  private static final Logger LOG = LoggerFactory.getLogger(PlanSlicesFn.class);

  /** The planned slices (main output). */
  static final TupleTag<Slice> SLICES = new TupleTag<Slice>() {};

  /** Slices read by one bulk job each (at most maxBulkJobs per resource). */
  static final TupleTag<Slice> BULK_SLICES = new TupleTag<Slice>() {};

  /** Carries the path of each resource to read whole (no updated_at filter). */
  static final TupleTag<String> WHOLE = new TupleTag<String>() {};

  private final FetchSettings settings;
  private final RequiredScopes requiredScopes;
  private final List<ShopifyResource> readWhole;
  private transient FetchMetrics metrics;

  /**
   * The client's request events, reported on the DoFn's thread: counts are also sent from {@link
   * #countPool}.
   */
  private transient BufferedRequestObserver requestEvents;

  private transient ShopifyReader client;

  /** Sends a level of the planner's counts at once, up to the shop's request concurrency. */
  private transient ExecutorService countPool;

  PlanSlicesFn(
      FetchSettings settings, RequiredScopes requiredScopes, List<ShopifyResource> readWhole) {
    this.settings = settings;
    this.requiredScopes = requiredScopes;
    this.readWhole = new ArrayList<>(readWhole);
  }

  @Setup
  public void setup() {
    metrics = settings.newMetrics();
    requestEvents = new BufferedRequestObserver();
    client = ShopifyReader.create(settings.client(), requestEvents);
    countPool =
        Executors.newFixedThreadPool(
            settings.client().maxConcurrentRequests(),
            runnable -> {
              Thread thread = new Thread(runnable, "courier-slice-counts");
              thread.setDaemon(true);
              return thread;
            });
  }

  @ProcessElement
  public void process(@Element List<Slice> windows, MultiOutputReceiver out) {
    try {
      plan(windows, out);
    } finally {
      requestEvents.drainTo(metrics);
    }
  }

  private void plan(List<Slice> windows, MultiOutputReceiver out) {
    checkScopes(windows.isEmpty() ? null : windows.get(0).updatedFrom());
    PausePoint.reached(PausePoint.PLANNING);
    // Every window's total and every whole resource's count in one round trip; the cutting below
    // then goes window by window (each window's levels of counts sent at once), its slices out as
    // soon as it is cut.
    List<Callable<Long>> counts = new ArrayList<>();
    for (Slice w : windows) {
      counts.add(() -> client.count(w.getResource(), w.updatedFrom(), w.updatedTo()));
    }
    for (ShopifyResource resource : readWhole) {
      counts.add(() -> client.countAll(resource));
    }
    List<Long> totals = onCountPool(counts, "counting the windows to plan slices");
    for (int i = 0; i < readWhole.size(); i++) {
      metrics.expected(readWhole.get(i), totals.get(windows.size() + i));
    }
    for (int i = 0; i < windows.size(); i++) {
      Slice window = windows.get(i);
      long total = totals.get(i);
      if (bulkFor(window.getResource(), total)) {
        planBulk(window, total, out);
        continue;
      }
      SlicePlanner planner =
          new SlicePlanner(
              settings.targetSliceRecords(), new ConcurrentCounts(window.getResource()));
      List<SlicePlanner.TimeSlice> plan =
          planner.plan(window.updatedFrom(), window.updatedTo(), total);
      metrics.expected(window.getResource(), total);
      LOG.info(
          "{}: ~{} updated in [{}, {}), read as {} slices of at most ~{}",
          window.getResource().path(),
          total,
          window.updatedFrom(),
          window.updatedTo(),
          plan.size(),
          settings.targetSliceRecords());
      for (SlicePlanner.TimeSlice s : plan) {
        out.get(SLICES)
            .output(
                Slice.of(window.getShop(), window.getResource(), s.from(), s.to(), s.records()));
      }
    }
    for (ShopifyResource resource : readWhole) {
      out.get(WHOLE).output(resource.path());
    }
  }

  /** Every window of a read starts at the same instant: the read's {@code from}. */
  private void checkScopes(@Nullable Instant windowFrom) {
    AccessScopes granted = client.accessScopes();
    requiredScopes.check(
        client.shop(), client.accessScopesEndpoint(), granted, windowFrom, Instant.now());
    if (windowFrom != null && requiredScopes.readsOrdersWithoutReadAll(granted)) {
      LOG.warn(
          "{}: the token has no read_all_orders, so Shopify hides orders created more than 60 days"
              + " ago even when they were updated in the window: changes to older orders are not"
              + " read",
          client.shop().domain());
    }
  }

  private boolean bulkFor(ShopifyResource resource, long total) {
    if (settings.client().transport() != Transport.GRAPHQL
        || !resource.windowed()
        || !settings.bulk().bulkFor(total)) {
      return false;
    }
    if (!GraphqlBulk.hasBulkQuery(resource)) {
      // Abandoned checkouts have no bulk query yet: paging them keeps the run whole.
      LOG.info("{}: no bulk query, so this window is read paged", resource.path());
      return false;
    }
    return true;
  }

  /**
   * The window as at most maxBulkJobs time slices of about equal counts, each one bulk job (the
   * same updated_at search as a paged slice).
   */
  private void planBulk(Slice window, long total, MultiOutputReceiver out) {
    int jobs = settings.bulk().maxJobs();
    List<SlicePlanner.TimeSlice> plan =
        SlicePlanner.atMost(
            new SlicePlanner(
                    bulkSliceTarget(total, jobs), new ConcurrentCounts(window.getResource()))
                .plan(window.updatedFrom(), window.updatedTo(), total),
            jobs);
    metrics.expected(window.getResource(), total);
    LOG.info(
        "{}: ~{} updated in [{}, {}), read by {} bulk jobs",
        window.getResource().path(),
        total,
        window.updatedFrom(),
        window.updatedTo(),
        plan.size());
    for (SlicePlanner.TimeSlice s : plan) {
      out.get(BULK_SLICES)
          .output(Slice.of(window.getShop(), window.getResource(), s.from(), s.to(), s.records()));
    }
  }

  /** The records per bulk slice that cut {@code total} into {@code jobs} slices: at least 1. */
  static long bulkSliceTarget(long total, int jobs) {
    return Math.max(1, (total + jobs - 1) / jobs);
  }

  @Teardown
  public void teardown() {
    if (countPool != null) {
      countPool.shutdownNow();
    }
    if (client != null) {
      client.close();
    }
  }

  /** Counts a planner level's ranges on the pool; the rate governor still paces every request. */
  private final class ConcurrentCounts implements SlicePlanner.RecordCounter {
    private final ShopifyResource resource;

    ConcurrentCounts(ShopifyResource resource) {
      this.resource = resource;
    }

    @Override
    public long count(Instant from, Instant to) {
      return client.count(resource, from, to);
    }

    @Override
    public List<Long> countAll(List<SlicePlanner.TimeSlice> ranges) {
      return onCountPool(
          ranges.stream()
              .<Callable<Long>>map(r -> () -> client.count(resource, r.from(), r.to()))
              .toList(),
          "counting " + resource.path() + " to plan slices");
    }
  }

  /**
   * Sends the counts from the pool at once and returns them in order. The first failure in order is
   * thrown as the client threw it (its exceptions say what to do: access refused, retries
   * exhausted), the other counts cancelled. On the DoFn's thread: the counts' request events are
   * reported when they are in.
   */
  private List<Long> onCountPool(List<Callable<Long>> counts, String what) {
    List<Future<Long>> pending = new ArrayList<>();
    for (Callable<Long> count : counts) {
      pending.add(countPool.submit(count));
    }
    try {
      List<Long> results = new ArrayList<>();
      for (Future<Long> result : pending) {
        results.add(result.get());
      }
      return results;
    } catch (ExecutionException e) {
      pending.forEach(result -> result.cancel(true));
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e.getCause() instanceof RuntimeException cause
          ? cause
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      pending.forEach(result -> result.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + what, e);
    } finally {
      requestEvents.drainTo(metrics);
    }
  }
}
