package courier.fetch;

import com.google.auto.value.AutoValue;
import courier.shopify.Deletion;
import courier.shopify.RequiredScopes;
import courier.shopify.ShopDomain;
import courier.shopify.ShopifyClient;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Shopify store through the Admin REST API.
 *
 * <pre>{@code
 * PCollection<ShopifyEntity> entities = pipeline.apply(ShopifyIO.read()
 *     .withShop("acme")
 *     .withCredentials(ShopifyCredentials.accessTokenFromEnv("SHOPIFY_ACCESS_TOKEN"))
 *     .withUpdatedWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")));
 * }</pre>
 *
 * Customers, orders, products and abandoned checkouts updated in the window are planned into slices
 * by count, spread by a reshuffle and read by a splittable DoFn (keyset pages); locations and
 * segments (GraphQL only) are read whole, once. Every entity updated in the window is emitted once
 * per read (an entity updated while the run is in flight may show up twice, or in the next window;
 * the latest version wins downstream).
 */
public final class ShopifyIO {
  private static final Logger LOG = LoggerFactory.getLogger(ShopifyIO.class);

  private ShopifyIO() {}

  /** A read of every resource; shop, credentials and the updated_at window are required. */
  public static Read read() {
    return new AutoValue_ShopifyIO_Read.Builder()
        .setClient(ShopifyClientConfig.create())
        .setResources(Collections.unmodifiableSet(EnumSet.allOf(ShopifyResource.class)))
        .setPageSize(ShopifyClient.MAX_PAGE_SIZE)
        .setTargetSliceRecords(Read.DEFAULT_TARGET_SLICE_RECORDS)
        .setProgressInterval(Read.DEFAULT_PROGRESS_INTERVAL)
        .setFetchMode(Read.DEFAULT_FETCH_MODE)
        .setBulkThreshold(Read.DEFAULT_BULK_THRESHOLD)
        .setMaxBulkJobs(Read.DEFAULT_MAX_BULK_JOBS)
        .setBulkTimeout(Read.DEFAULT_BULK_TIMEOUT)
        .setTablesByResource(Map.of())
        .setRereadIds(Map.of())
        .build();
  }

  /** Immutable; every {@code withX} returns a modified copy. */
  @AutoValue
  public abstract static class Read extends PTransform<PBegin, PCollection<ShopifyEntity>> {
    private static final long serialVersionUID = 1L;
    static final long DEFAULT_TARGET_SLICE_RECORDS = 5000;
    static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
    static final FetchMode DEFAULT_FETCH_MODE = FetchMode.AUTO;

    /**
     * Where a bulk job's fixed cost (submit, poll, download: ~25 s for a small window in the
     * simulator, more on Shopify) is below paged's cost per record on Plus (~13 orders/s once the
     * burst is spent); on Standard paged is 10 times slower. README, Bulk operations.
     */
    static final long DEFAULT_BULK_THRESHOLD = 1_000;

    /** Shopify's limit of bulk queries running at once per app and shop (API 2026-01+). */
    static final int DEFAULT_MAX_BULK_JOBS = 5;

    static final Duration DEFAULT_BULK_TIMEOUT = Duration.ofHours(2);

    abstract ShopifyClientConfig client();

    /** The client settings (shop, credentials' source, transport...): secret-free. */
    public ShopifyClientConfig clientConfig() {
      return client();
    }

    /** The Admin API this read goes through. */
    public Transport transport() {
      return client().transport();
    }

    abstract Set<ShopifyResource> resources();

    abstract @Nullable Instant updatedFrom();

    abstract @Nullable Instant updatedTo();

    abstract int pageSize();

    abstract long targetSliceRecords();

    abstract Duration progressInterval();

    /** Paged, bulk or auto; see {@link FetchMode}. */
    public abstract FetchMode fetchMode();

    abstract long bulkThreshold();

    abstract int maxBulkJobs();

    abstract Duration bulkTimeout();

    abstract @Nullable BulkJobStore bulkJobStore();

    abstract Map<ShopifyResource, List<String>> tablesByResource();

    abstract Map<ShopifyResource, List<Long>> rereadIds();

    abstract Builder toBuilder();

    @AutoValue.Builder
    abstract static class Builder {
      abstract Builder setClient(ShopifyClientConfig client);

      abstract Builder setResources(Set<ShopifyResource> resources);

      abstract Builder setUpdatedFrom(Instant from);

      abstract Builder setUpdatedTo(Instant to);

      abstract Builder setPageSize(int pageSize);

      abstract Builder setTargetSliceRecords(long target);

      abstract Builder setProgressInterval(Duration interval);

      abstract Builder setFetchMode(FetchMode mode);

      abstract Builder setBulkThreshold(long records);

      abstract Builder setMaxBulkJobs(int jobs);

      abstract Builder setBulkTimeout(Duration timeout);

      abstract Builder setBulkJobStore(BulkJobStore store);

      abstract Builder setTablesByResource(Map<ShopifyResource, List<String>> tables);

      abstract Builder setRereadIds(Map<ShopifyResource, List<Long>> ids);

      abstract Read build();
    }

    private Read withClient(ShopifyClientConfig newClient) {
      return toBuilder().setClient(newClient).build();
    }

    /** The shop: "acme" or "acme.myshopify.com". */
    public Read withShop(String shop) {
      return withShop(ShopDomain.of(shop));
    }

    public Read withShop(ShopDomain shop) {
      return withClient(client().withShop(shop));
    }

    /** Where the access token or client credentials come from (never the secrets themselves). */
    public Read withCredentials(ShopifyCredentials credentials) {
      return withClient(client().withCredentials(credentials));
    }

    /** Admin API version, default {@value ShopifyClientConfig#DEFAULT_API_VERSION}. */
    public Read withApiVersion(String apiVersion) {
      return withClient(client().withApiVersion(apiVersion));
    }

    /**
     * Loopback origin of a Shopify simulator, e.g. http://127.0.0.1:8080; anything else is refused.
     */
    public Read withBaseUrl(String loopbackBaseUrl) {
      return withClient(client().withBaseUrl(loopbackBaseUrl));
    }

    public Read withConnectTimeout(Duration timeout) {
      return withClient(client().withConnectTimeout(timeout));
    }

    public Read withReadTimeout(Duration timeout) {
      return withClient(client().withReadTimeout(timeout));
    }

    /** See {@link ShopifyClientConfig#withRetries}. */
    public Read withRetries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
      return withClient(client().withRetries(maxAttempts, initialBackoff, maxBackoff));
    }

    /**
     * Requests in flight to the shop per JVM (default 8); the rate governor paces them either way.
     */
    public Read withMaxConcurrentRequests(int maxConcurrentRequests) {
      return withClient(client().withMaxConcurrentRequests(maxConcurrentRequests));
    }

    /** Which Admin API to read through; see {@link Transport}. */
    public Read withTransport(Transport transport) {
      return withClient(client().withTransport(transport));
    }

    /** Every client setting at once (replaces the shop, credentials, version... set so far). */
    public Read withClientConfig(ShopifyClientConfig config) {
      return withClient(Objects.requireNonNull(config, "config"));
    }

    /** Which resources to read (default: all). */
    public Read withResources(ShopifyResource... resources) {
      return withResources(Arrays.asList(resources));
    }

    public Read withResources(Collection<ShopifyResource> newResources) {
      if (newResources == null || newResources.isEmpty()) {
        throw new IllegalArgumentException(
            "withResources needs at least one of "
                + Arrays.stream(ShopifyResource.values())
                    .map(ShopifyResource::path)
                    .collect(Collectors.joining(", ")));
      }
      return toBuilder()
          .setResources(Collections.unmodifiableSet(EnumSet.copyOf(newResources)))
          .build();
    }

    /**
     * Entities last updated in {@code [from, to)}, UTC. Shopify's updated_at has whole seconds, so
     * the bounds must too (truncate them, e.g. {@code
     * Instant.now().truncatedTo(ChronoUnit.SECONDS)}).
     */
    public Read withUpdatedWindow(Instant from, Instant to) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.getNano() != 0 || to.getNano() != 0) {
        throw new IllegalArgumentException(
            "updated window ["
                + from
                + ", "
                + to
                + ") must be on whole seconds "
                + "(Shopify's updated_at has no fraction): truncate the bounds to seconds");
      }
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException(
            "updated window ["
                + from
                + ", "
                + to
                + ") is empty: 'from' must be "
                + "before 'to' (the end is exclusive)");
      }
      return toBuilder().setUpdatedFrom(from).setUpdatedTo(to).build();
    }

    /**
     * Entities per request, 1 to 250 (default 250; small pages exercise checkpointing in tests).
     */
    public Read withPageSize(int newPageSize) {
      if (newPageSize < 1 || newPageSize > ShopifyClient.MAX_PAGE_SIZE) {
        throw new IllegalArgumentException(
            "must be between 1 and "
                + ShopifyClient.MAX_PAGE_SIZE
                + " (Shopify's largest page), got "
                + newPageSize);
      }
      return toBuilder().setPageSize(newPageSize).build();
    }

    /**
     * Upper bound on entities per slice (default 5,000). Smaller slices spread better over parallel
     * workers; each costs a few count requests to plan.
     */
    public Read withTargetSliceRecords(long target) {
      if (target < 1) {
        throw new IllegalArgumentException("must be at least 1, got " + target);
      }
      return toBuilder().setTargetSliceRecords(target).build();
    }

    /** How often the {@code courier.progress} log line is written (default 5 s). */
    public Read withProgressInterval(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("progress interval must be positive, got " + interval);
      }
      return toBuilder().setProgressInterval(interval).build();
    }

    /**
     * Paged, bulk or auto (see {@link FetchMode}; default auto). Bulk needs the GraphQL transport.
     */
    public Read withFetchMode(FetchMode mode) {
      return toBuilder().setFetchMode(Objects.requireNonNull(mode, "mode")).build();
    }

    /** In auto mode, a window with more records than this is read by bulk operations. */
    public Read withBulkThreshold(long records) {
      if (records < 0) {
        throw new IllegalArgumentException("must be at least 0, got " + records);
      }
      return toBuilder().setBulkThreshold(records).build();
    }

    /** The most bulk jobs one resource's window is cut into (default 5, Shopify's limit). */
    public Read withMaxBulkJobs(int jobs) {
      if (jobs < 1 || jobs > DEFAULT_MAX_BULK_JOBS) {
        throw new IllegalArgumentException(
            "must be between 1 and "
                + DEFAULT_MAX_BULK_JOBS
                + " (Shopify runs at most 5 bulk queries at once per app and shop), got "
                + jobs);
      }
      return toBuilder().setMaxBulkJobs(jobs).build();
    }

    /** A bulk job running longer than this is canceled and its slice split in two (default 2 h). */
    public Read withBulkTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("must be positive, e.g. PT2H, got " + timeout);
      }
      return toBuilder().setBulkTimeout(timeout).build();
    }

    /**
     * Records every submitted bulk job in {@code store} before polling it, so a rerun of the same
     * window adopts the job (COMPLETED and unexpired: downloaded again; running: polled) instead of
     * submitting it again. Without a store a rerun submits anew.
     */
    public Read withBulkJobStore(BulkJobStore store) {
      return toBuilder().setBulkJobStore(Objects.requireNonNull(store, "store")).build();
    }

    /**
     * The tables each resource lands in, named when the shop refuses a scope they need (default:
     * the resource's path).
     */
    public Read withTablesByResource(Map<ShopifyResource, List<String>> tables) {
      Map<ShopifyResource, List<String>> copy = new EnumMap<>(ShopifyResource.class);
      tables.forEach((resource, names) -> copy.put(resource, List.copyOf(names)));
      return toBuilder().setTablesByResource(Collections.unmodifiableMap(copy)).build();
    }

    /**
     * Entities to read by id besides the window, whatever their updated_at (default none): those an
     * earlier run rejected, which no later window shows again unless they change. Read in batches
     * of {@link courier.shopify.ShopifyReader#MAX_IDS}; ids of resources this read does not read
     * are ignored, and ids that no longer exist are not returned.
     */
    public Read withRereadIds(Map<ShopifyResource, ? extends Collection<Long>> ids) {
      Map<ShopifyResource, List<Long>> copy = new EnumMap<>(ShopifyResource.class);
      ids.forEach(
          (resource, list) -> {
            if (!resource.windowed()) {
              throw new IllegalArgumentException(
                  resource.path() + " cannot be read by id; every run reads all of them");
            }
            if (!list.isEmpty()) {
              copy.put(resource, list.stream().sorted().distinct().toList());
            }
          });
      return toBuilder().setRereadIds(Collections.unmodifiableMap(copy)).build();
    }

    /**
     * The entities of this read's resources that Shopify's destroy events say were deleted in its
     * updated window (customers, orders, products: the resources Shopify records events of), read
     * through the same client settings once {@code after} is complete. Pass the read's entities:
     * the planner's scope check then comes first, so a refused run asks for nothing else. {@code
     * pipeline.apply("ReadDeletions", read.deletionsAfter(entities))}.
     */
    public PTransform<PBegin, PCollection<Deletion>> deletionsAfter(PCollection<?> after) {
      Read read = this;
      return new PTransform<>() {
        @Override
        public PCollection<Deletion> expand(PBegin begin) {
          read.validate();
          List<String> paths =
              read.resources().stream()
                  .filter(r -> r.windowed() && r.eventSubjectType() != null)
                  .map(ShopifyResource::path)
                  .toList();
          return begin
              .apply("DeletionRequest", Create.of(paths).withCoder(StringUtf8Coder.of()))
              .apply("AfterTheRead", Wait.on(after))
              .apply(
                  "FetchDeletions",
                  ParDo.of(
                      new FetchDeletionsFn(read.settings(), read.updatedFrom(), read.updatedTo())))
              .setCoder(SerializableCoder.of(Deletion.class));
        }
      };
    }

    /** What every fetch DoFn of this read gets (package-private: tests read the values back). */
    FetchSettings settings() {
      return new FetchSettings(
          client(),
          pageSize(),
          targetSliceRecords(),
          progressInterval(),
          client().shop().domain() + "#" + UUID.randomUUID(),
          new BulkSettings(
              fetchMode(), bulkThreshold(), maxBulkJobs(), bulkTimeout(), bulkJobStore()));
    }

    @Override
    public PCollection<ShopifyEntity> expand(PBegin begin) {
      return PCollectionList.of(fetchSteps(begin).values())
          .apply("AllResources", Flatten.pCollections());
    }

    /**
     * This read with {@code step} applied to each fetch step's entities on their own (named {@code
     * stepName} followed by the fetch step's name), then flattened into one collection: {@code
     * pipeline.apply("ReadShopify", read.each("Normalize", normalize.eachVersion()))}. On Flink a
     * step that reads the read's flattened output gets every entity encoded and decoded on the way
     * (a union has no chained consumer); applied to each fetch step, a per-entity step is chained
     * to it and gets the fetched object, its parsed tree included, as it is.
     */
    public <T> PTransform<PBegin, PCollection<T>> each(
        String stepName, PTransform<PCollection<ShopifyEntity>, PCollection<T>> step) {
      // Not "name": inside the anonymous transform that would be PTransform's own field.
      Read read = this;
      return new PTransform<>() {
        @Override
        public PCollection<T> expand(PBegin begin) {
          List<PCollection<T>> each = new ArrayList<>();
          read.fetchSteps(begin)
              .forEach((fetch, entities) -> each.add(entities.apply(stepName + fetch, step)));
          return PCollectionList.of(each).apply("AllResources", Flatten.pCollections());
        }
      };
    }

    /** Each fetch step's entities by the step's name, before they are flattened. */
    private Map<String, PCollection<ShopifyEntity>> fetchSteps(PBegin begin) {
      validate();
      String shop = client().shop().domain();
      FetchSettings settings = settings();
      List<Slice> windows =
          resources().stream()
              .filter(ShopifyResource::windowed)
              .map(r -> Slice.of(shop, r, updatedFrom(), updatedTo(), Slice.UNKNOWN))
              .collect(Collectors.toList());
      List<ShopifyResource> readWhole =
          resources().stream()
              .filter(ShopifyResource::readWhole)
              .filter(r -> readable(r))
              .collect(Collectors.toList());

      // One element plans the whole read, so nothing is fetched unless every resource is readable
      // (the granted scopes are checked first, then every resource is counted).
      // A resource this transport skips (segments over REST) needs none of its scopes.
      List<ShopifyResource> read = new ArrayList<>(readWhole);
      windows.forEach(window -> read.add(window.getResource()));
      RequiredScopes scopes = RequiredScopes.of(read, tablesByResource(), transport());
      PCollectionTuple planned =
          begin
              .apply(
                  "ReadRequest",
                  Create.of(Collections.singletonList(windows))
                      .withCoder(ListCoder.of(Slice.coder())))
              .apply(
                  "PlanSlices",
                  ParDo.of(new PlanSlicesFn(settings, scopes, readWhole))
                      .withOutputTags(
                          PlanSlicesFn.SLICES,
                          TupleTagList.of(PlanSlicesFn.WHOLE).and(PlanSlicesFn.BULK_SLICES)));
      PCollection<ShopifyEntity> windowed =
          planned
              .get(PlanSlicesFn.SLICES)
              .setCoder(Slice.coder())
              .apply("SpreadSlices", Reshuffle.viaRandomKey())
              .apply("FetchSlices", ParDo.of(new FetchSliceFn(settings)))
              .setCoder(ShopifyEntity.EntityCoder.of());
      PCollection<ShopifyEntity> bulk =
          planned
              .get(PlanSlicesFn.BULK_SLICES)
              .setCoder(Slice.coder())
              .apply("SpreadBulkJobs", Reshuffle.viaRandomKey())
              .apply("FetchBulkJobs", ParDo.of(new FetchBulkSliceFn(settings)))
              .setCoder(ShopifyEntity.EntityCoder.of());
      PCollection<ShopifyEntity> whole =
          planned
              .get(PlanSlicesFn.WHOLE)
              .setCoder(StringUtf8Coder.of())
              .apply("FetchWholeResources", ParDo.of(new FetchWholeResourceFn(settings)))
              .setCoder(ShopifyEntity.EntityCoder.of());
      Map<String, PCollection<ShopifyEntity>> steps = new LinkedHashMap<>();
      steps.put("FetchSlices", windowed);
      steps.put("FetchBulkJobs", bulk);
      steps.put("FetchWholeResources", whole);
      List<FetchIdsFn.IdBatch> idBatches = FetchIdsFn.batches(shop, rereadIds(), resources());
      if (!idBatches.isEmpty()) {
        steps.put(
            "RereadByIds",
            begin
                .apply(
                    "RereadRequest",
                    Create.of(idBatches).withCoder(SerializableCoder.of(FetchIdsFn.IdBatch.class)))
                .apply("RereadByIds", ParDo.of(new FetchIdsFn(settings)))
                .setCoder(ShopifyEntity.EntityCoder.of()));
      }
      return steps;
    }

    /** Over REST, a GraphQL-only resource (segments) is skipped, and the log says so once. */
    private boolean readable(ShopifyResource resource) {
      if (resource.graphqlOnly() && transport() == Transport.REST) {
        LOG.warn(
            "{}: Shopify's REST Admin API has none, so this REST read skips them (read them with"
                + " the GraphQL transport)",
            resource.path());
        return false;
      }
      return true;
    }

    private void validate() {
      client().checkComplete();
      // Fail on the driver, before any worker starts, if a secret is missing here.
      client().credentials().checkReadable();
      if (fetchMode() == FetchMode.BULK && client().transport() != Transport.GRAPHQL) {
        throw new IllegalArgumentException(
            "fetch mode bulk reads through GraphQL bulk operations: use the graphql transport"
                + " (--transport=graphql) or fetch mode paged");
      }
      boolean windowed = resources().stream().anyMatch(ShopifyResource::windowed);
      if (windowed && updatedFrom() == null) {
        throw new IllegalArgumentException(
            "no updated window: call withUpdatedWindow(from, to) to read "
                + resources().stream()
                    .filter(ShopifyResource::windowed)
                    .map(ShopifyResource::path)
                    .collect(Collectors.joining(", "))
                + ", or withResources(ShopifyResource.LOCATIONS) to read only locations");
      }
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .addIfNotNull(
              DisplayData.item("shop", client().shop() == null ? null : client().shop().domain()))
          .addIfNotNull(DisplayData.item("credentials", String.valueOf(client().credentials())))
          .add(DisplayData.item("apiVersion", client().apiVersion()))
          .add(DisplayData.item("transport", client().transport().spelling()))
          .add(DisplayData.item("resources", resources().toString()))
          .addIfNotNull(
              DisplayData.item(
                  "updatedFrom", updatedFrom() == null ? null : updatedFrom().toString()))
          .addIfNotNull(
              DisplayData.item("updatedTo", updatedTo() == null ? null : updatedTo().toString()))
          .add(DisplayData.item("pageSize", pageSize()))
          .add(DisplayData.item("targetSliceRecords", targetSliceRecords()))
          .add(DisplayData.item("fetchMode", fetchMode().spelling()))
          .add(DisplayData.item("bulkThreshold", bulkThreshold()))
          .add(DisplayData.item("maxBulkJobs", maxBulkJobs()))
          .add(DisplayData.item("bulkTimeout", bulkTimeout().toString()))
          .add(DisplayData.item("maxConcurrentRequests", client().maxConcurrentRequests()));
    }
  }
}
