package courier.pipeline;

import courier.fetch.FetchStats;
import courier.fetch.ShopifyEntity;
import courier.fetch.ShopifyIO;
import courier.normalize.LatestVersion;
import courier.normalize.Normalize;
import courier.normalize.NormalizedTables;
import courier.sink.CourierRuns;
import courier.sink.JdbcDomainTables;
import courier.sink.ParquetFeeds;
import courier.sink.RunInfo;
import courier.sink.RunManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One courier run: check the options, choose the window, then
 *
 * <pre>
 *   ReadShopify ─> LatestVersion ─> Normalize ─┬─> ParquetFeeds ─────────┐
 *                                              └─> JdbcDomainTables ─────┴─> RunManifest
 * </pre>
 *
 * in that order of completion: the database commit waits for the Parquet files, the manifest for
 * the commit, so a failure anywhere leaves courier_runs without the run and its window is read
 * again by the next incremental run.
 *
 * and, once the runner reports success, add the fetch figures and duration to the manifest.
 */
public final class CourierRun {
  private static final Logger LOG = LoggerFactory.getLogger(CourierRun.class);

  private CourierRun() {}

  /** Runs the job the options describe and waits for it; throws on failure (see {@link ExitCode}). */
  public static RunReport run(CourierOptions options) {
    Instant startedAt = Instant.now();
    RunSettings settings = RunSettings.from(options, startedAt);
    LoadWindow window =
        new WindowPlanner(startedAt).plan(options, settings.windowedTableNames(), table -> lastEnd(settings, table));
    RunInfo run =
        RunInfo.builder()
            .runId(settings.runId)
            .shop(settings.shop.domain())
            .resources(settings.resources.stream().map(r -> r.path()).toList())
            .window(window.from(), window.to())
            .loadMode(window.mode())
            .startedAt(startedAt)
            .build();
    ShopifyIO.Read read = RunSettings.config(() -> readShopify(options, settings, window));
    LOG.info("run {}: {} {} into {} and {}", run.runId(), settings.shop, window, settings.output, settings.jdbc.redactedUrl());

    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, read, settings, run);
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the runner ended the run in state " + state + " instead of DONE");
    }
    Duration duration = Duration.between(startedAt, Instant.now());
    FetchStats fetch = FetchStats.from(result);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("fetch", fetchSection(fetch));
    extra.put("duration_seconds", duration.toMillis() / 1000.0);
    extra.put("runner", options.getRunner().getSimpleName());
    try {
      RunManifest.extend(settings.output, run.runId(), extra);
    } catch (IOException e) {
      throw new UncheckedIOException("the run succeeded but its manifest could not be extended with the fetch figures", e);
    }
    return RunReport.read(settings.output, run, settings.jdbc.redactedUrl(), fetch, duration);
  }

  /** The data flow, on a pipeline the caller runs. */
  static void build(Pipeline pipeline, ShopifyIO.Read read, RunSettings settings, RunInfo run) {
    PCollection<ShopifyEntity> entities = pipeline.apply("ReadShopify", read);
    NormalizedTables tables =
        entities
            .apply("LatestVersion", LatestVersion.create().withBuckets(latestVersionBuckets(pipeline)))
            .apply("Normalize", Normalize.into(settings.tables).withRunId(run.runId()).withSyncedAt(run.startedAt()));
    ParquetFeeds.Result feeds = tables.apply("ParquetFeeds", ParquetFeeds.to(settings.output).withRunId(run.runId()));
    // The commit waits for the feeds' files: a run whose Parquet write fails commits nothing, so
    // courier_runs never records a window whose feeds are missing.
    PCollection<String> committed =
        tables.apply("JdbcDomainTables", JdbcDomainTables.to(settings.jdbc).withRunInfo(run).committingAfter(feeds.files()));
    feeds.apply("RunManifest", RunManifest.write(settings.output, run).waitingOn(committed));
  }

  /**
   * LatestVersion dedups each hash bucket in one in-memory map, so a bucket must fit in a worker's
   * heap next to everything else. Flink (and any runner that streams groups out of a sorted,
   * spilled shuffle) takes many small buckets at no cost. With 16, a 200,000-order run on embedded
   * Flink at parallelism 2 dedups two buckets of ~12,500 orders at once: in a 768 MB heap the class
   * histogram then showed 717 MB of byte arrays (string contents) and the GC log 11 full
   * collections (bin/courier-bench, memory scenario). The
   * DirectRunner keeps every group in memory anyway and hands each group to the rest of the
   * pipeline as its own bundle, whose per-bundle costs dominate: 1,024 buckets made a 20,000-order
   * run slower than 16 (throughput scenario), so it keeps 16.
   */
  static int latestVersionBuckets(Pipeline pipeline) {
    String runner = pipeline.getOptions().getRunner().getSimpleName();
    return runner.equals("DirectRunner") ? 16 : 1024;
  }

  private static ShopifyIO.Read readShopify(CourierOptions o, RunSettings s, LoadWindow window) {
    ShopifyIO.Read read =
        ShopifyIO.read()
            .withShop(s.shop)
            .withCredentials(s.credentials)
            .withApiVersion(o.getApiVersion())
            .withResources(s.resources)
            .withUpdatedWindow(window.from(), window.to())
            .withPageSize(o.getPageSize())
            .withTargetSliceRecords(o.getTargetSliceRecords())
            .withMaxConcurrentRequests(o.getMaxConcurrentRequests());
    return o.getShopifyBaseUrl() == null ? read : read.withBaseUrl(o.getShopifyBaseUrl());
  }

  /** Per resource: records, requests, 429s, retries, wait; as the manifest's "fetch" section. */
  private static Map<String, Object> fetchSection(FetchStats fetch) {
    Map<String, Object> section = new LinkedHashMap<>();
    fetch.byResource().forEach((resource, stats) -> section.put(resource.path(), stats.asMap()));
    return section;
  }

  private static Optional<Instant> lastEnd(RunSettings settings, String table) {
    try {
      return CourierRuns.lastSuccessfulWindowEnd(settings.jdbc, settings.shop.domain(), table);
    } catch (SQLException e) {
      // Not a ConfigException: an unreachable database is worth a retry (exit 4, from the cause's
      // SQLState), wrong database credentials are not (exit 2); ExitCode reads the cause.
      throw new RunException(
          "--load=incremental cannot read the run history (courier_runs) from " + settings.jdbc.redactedUrl() + ": "
              + e.getMessage(),
          e);
    }
  }
}
