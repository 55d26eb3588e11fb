package courier.pipeline;

import courier.fetch.FetchStats;
import courier.fetch.ShopifyEntity;
import courier.normalize.Normalize;
import courier.normalize.NormalizeStats;
import courier.normalize.NormalizedTables;
import courier.schema.SchemaCatalog;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.sink.CourierRuns;
import courier.sink.JdbcDomainTables;
import courier.sink.ParquetFeeds;
import courier.sink.RejectLedger;
import courier.sink.RunAttempts;
import courier.sink.RunInfo;
import courier.sink.RunManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One courier run: settle the options and the window ({@link RunSettings}), then
 *
 * <pre>
 *   ReadShopify ─> LatestVersion ─> Normalize ─┬─> ParquetFeeds ─> StageManifest ─┐
 *                                              └─> JdbcDomainTables ─(commit)────┴─> PublishRun
 * </pre>
 *
 * in that order of completion: the database commit waits for the Parquet files staged under
 * runs/&lt;run&gt;/ and their pending manifest, the move into feeds/ and the manifest wait for the
 * commit, so a failure anywhere leaves courier_runs without the run (its window is read again by
 * the next incremental run) and feeds/ without its files. A committed run that stopped before its
 * publication is published by the next run, first thing. Once the runner reports success, the fetch
 * figures and the duration are added to the manifest.
 */
public final class CourierRun {
  private static final Logger LOG = LoggerFactory.getLogger(CourierRun.class);

  private CourierRun() {}

  /**
   * Runs the job the options describe and waits for it; throws on failure (see {@link ExitCode}).
   */
  public static RunReport run(CourierOptions options) {
    RunSettings settings = RunSettings.from(options, Instant.now());
    RunInfo run = settings.runInfo();
    LOG.info(
        "run {}: {} {} into {} and {}",
        run.runId(),
        settings.shop(),
        settings.window(),
        settings.output(),
        settings.jdbc().redactedUrl());

    finishCommittedRuns(settings);
    clearEarlierAttempt(settings, run);
    Map<String, List<Long>> reread = openRejects(settings, run);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, settings, run, reread);
    PipelineResult result;
    PipelineResult.State state;
    // On a remote Flink cluster the progress lines are the TaskManagers'; the client polls for its
    // own while it waits.
    try (FlinkProgressReporter progress = FlinkProgressReporter.startIfRemote(options)) {
      result = pipeline.run();
      state = result.waitUntilFinish();
    }
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(
          "the runner ended the run in state " + state + " instead of DONE");
    }
    Duration duration = Duration.between(settings.startedAt(), Instant.now());
    FetchStats fetch = FetchStats.from(result);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("fetch", fetchSection(fetch, settings.read().transport()));
    extra.put("normalize", NormalizeStats.from(result));
    extra.put("duration_seconds", duration.toMillis() / 1000.0);
    extra.put("runner", options.getRunner().getSimpleName());
    extra.put("stale_skipped", staleSkipped(settings, run));
    extra.put("reject_ledger", rejectLedger(settings, run, reread));
    try {
      RunManifest.extend(settings.output(), run.runId(), extra);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the run succeeded but its manifest could not be extended with the fetch figures", e);
    }
    return RunReport.read(settings.output(), run, settings.jdbc().redactedUrl(), fetch, duration);
  }

  /**
   * A run that crashed after its commit but before its files reached feeds/ (or before its
   * manifest) is finished first: its data is the database's current state, its feed must follow.
   */
  private static void finishCommittedRuns(RunSettings settings) {
    try {
      for (String runId : RunAttempts.finishCommitted(settings.jdbc(), settings.output())) {
        LOG.info(
            "run {} was committed but not published: its files are now in {}/feeds",
            runId,
            settings.output());
      }
    } catch (SQLException | IOException e) {
      throw new RunException(
          "cannot finish publishing the committed runs under "
              + settings.output()
              + " (courier_runs in "
              + settings.jdbc().redactedUrl()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * A run id not committed yet may be a retry of a failed attempt: its staging rows (which the
   * staging insert would keep over the retry's own) and its feed files go before this attempt runs.
   * A committed run's id (same shop and window, see RunSettings) leaves everything: its commit is a
   * no-op.
   */
  private static void clearEarlierAttempt(RunSettings settings, RunInfo run) {
    try {
      if (!RunAttempts.isCommitted(settings.jdbc(), run.runId())) {
        RunAttempts.clearUncommitted(
            settings.jdbc(), settings.output(), SchemaCatalog.packaged().tables(), run.runId());
      }
    } catch (SQLException | IOException e) {
      throw new RunException(
          "cannot clear what an earlier attempt of run "
              + run.runId()
              + " left in "
              + settings.jdbc().redactedUrl()
              + " and "
              + settings.output()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Staged rows per table the commit skipped because the database held a newer version of their
   * entity, as courier_runs recorded them (empty when the run had been committed before).
   */
  private static Map<String, Long> staleSkipped(RunSettings settings, RunInfo run) {
    try {
      return CourierRuns.find(settings.jdbc(), run.runId())
          .map(CourierRuns.Run::staleSkipped)
          .orElse(Map.of());
    } catch (SQLException e) {
      throw new RunException(
          "the run succeeded but courier_runs could not be read back from "
              + settings.jdbc().redactedUrl()
              + " (SQLState "
              + e.getSQLState()
              + ")",
          e);
    }
  }

  /**
   * The ids of the shop's open rejects of the resources this run reads, to read again by id: a
   * rejected entity keeps its old rows and the window moves past it (see {@link RejectLedger}).
   */
  private static Map<String, List<Long>> openRejects(RunSettings settings, RunInfo run) {
    try {
      Map<String, List<Long>> open = RejectLedger.open(settings.jdbc(), run.shop());
      // Locations are read whole by every run: their rejects resolve without help.
      open.keySet()
          .removeIf(
              path ->
                  !run.resources().contains(path) || !ShopifyResource.fromPath(path).windowed());
      if (!open.isEmpty()) {
        LOG.info(
            "run {}: re-reading by id the open rejects of earlier runs: {}",
            run.runId(),
            open.entrySet().stream()
                .map(e -> e.getValue().size() + " " + e.getKey())
                .collect(Collectors.joining(", ")));
      }
      return open;
    } catch (SQLException e) {
      throw new RunException(
          "cannot read the open rejects from "
              + RejectLedger.TABLE
              + " in "
              + settings.jdbc().redactedUrl()
              + " (SQLState "
              + e.getSQLState()
              + ")",
          e);
    }
  }

  /**
   * Per resource, as the manifest's "reject_ledger": rejects_reread, rejects_resolved (of the open
   * rejects, those this run landed) and rejects_still_open (after this run, its new ones included).
   */
  private static Map<String, Object> rejectLedger(
      RunSettings settings, RunInfo run, Map<String, List<Long>> reread) {
    try {
      Map<String, Object> section = new TreeMap<>();
      RejectLedger.figures(settings.jdbc(), run.shop(), run.runId(), reread)
          .forEach(
              (resource, f) ->
                  section.put(
                      resource,
                      Map.of(
                          "rejects_reread", f.reread(),
                          "rejects_resolved", f.resolved(),
                          "rejects_still_open", f.stillOpen())));
      return section;
    } catch (SQLException e) {
      throw new RunException(
          "the run succeeded but "
              + RejectLedger.TABLE
              + " could not be read back from "
              + settings.jdbc().redactedUrl()
              + " (SQLState "
              + e.getSQLState()
              + ")",
          e);
    }
  }

  /** The data flow, on a pipeline the caller runs; {@code reread} as {@link #openRejects}. */
  static void build(
      Pipeline pipeline, RunSettings settings, RunInfo run, Map<String, List<Long>> reread) {
    Map<ShopifyResource, List<Long>> rereadIds = new EnumMap<>(ShopifyResource.class);
    reread.forEach((path, ids) -> rereadIds.put(ShopifyResource.fromPath(path), ids));
    PCollection<ShopifyEntity> entities =
        pipeline.apply("ReadShopify", settings.read().withRereadIds(rereadIds));
    NormalizedTables tables =
        entities
            .apply("LatestVersion", settings.latestVersion())
            .apply(
                "Normalize",
                Normalize.into(settings.tables())
                    .withRunId(run.runId())
                    .withSyncedAt(run.startedAt()));
    ParquetFeeds.Result feeds =
        tables.apply("ParquetFeeds", ParquetFeeds.to(settings.output()).withRunId(run.runId()));
    // The commit waits for the staged files and their pending manifest: a run whose Parquet write
    // fails commits nothing, and a committed run can always be published, by itself or the next.
    PCollection<String> staged =
        feeds.apply("StageManifest", RunManifest.stage(settings.output(), run));
    PCollection<String> committed =
        tables.apply(
            "JdbcDomainTables",
            JdbcDomainTables.to(settings.jdbc()).withRunInfo(run).committingAfter(staged));
    staged.apply(
        "PublishRun", RunManifest.publish(settings.output(), run.runId()).waitingOn(committed));
  }

  /**
   * Per resource: the transport, records, requests, overflow requests, 429s, retries, wait, GraphQL
   * points; as the manifest's "fetch" section.
   */
  private static Map<String, Object> fetchSection(FetchStats fetch, Transport transport) {
    Map<String, Object> section = new LinkedHashMap<>();
    fetch
        .byResource()
        .forEach(
            (resource, stats) -> {
              Map<String, Object> figures = new LinkedHashMap<>();
              figures.put("transport", transport.spelling());
              figures.putAll(stats.asMap());
              section.put(resource.path(), figures);
            });
    return section;
  }
}
