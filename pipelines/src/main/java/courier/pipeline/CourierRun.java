package courier.pipeline;

import courier.fetch.FetchStats;
import courier.normalize.Deletions;
import courier.normalize.Normalize;
import courier.normalize.NormalizeStats;
import courier.normalize.NormalizedEntity;
import courier.normalize.NormalizedTables;
import courier.schema.SchemaCatalog;
import courier.shopify.Deletion;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.sink.CourierRuns;
import courier.sink.DeletionLedger;
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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One courier run: settle the options and the window ({@link RunSettings}), then
 *
 * <pre>
 *   ReadShopify (normalizing each version) ─> LatestVersion ─┬─> ParquetFeeds ─> StageManifest ─┐
 *                                                            └─> JdbcDomainTables ─(commit)────┴─> PublishRun
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
    GroupRunPlan plan = GroupRunPlan.from(options, Instant.now());
    RunSettings settings = plan.shared();
    RunInfo run = plan.run();
    for (RunSettings shop : plan.shops()) {
      LOG.info(
          "run {}: {} {} into {} and {}",
          run.runId(),
          shop.shop(),
          shop.window(),
          settings.output(),
          settings.jdbc().redactedUrl());
    }

    Reconciliation.refuseMisuse(options, settings);
    finishCommittedRuns(settings);
    clearEarlierAttempt(settings, run);
    List<Map<String, List<Long>>> reread = new ArrayList<>();
    List<Reconciliation> reconciled = new ArrayList<>();
    for (RunSettings shop : plan.shops()) {
      Reconciliation shopReconciled =
          plan.reconcile() ? Reconciliation.run(shop, run.startedAt()) : Reconciliation.NONE;
      reconciled.add(shopReconciled);
      reread.add(withMissing(openRejects(shop, shop.runInfo()), shopReconciled));
    }
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, plan, reread, reconciled.stream().flatMap(r -> r.deleted().stream()).toList());
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
    if (run.group() == null) {
      extra.put("reject_ledger", rejectLedger(settings, run, reread.get(0)));
      reconciled.get(0).section().ifPresent(section -> extra.put("reconcile", section));
    } else {
      extra.put("shops", shopFigures(plan, reread, reconciled));
    }
    extra.put("deletion_ledger", deletionLedger(settings, run));
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
   * A run id not committed yet may be a retry of a failed attempt: its staging tables (whose rows
   * the staging insert would keep over the retry's own) and its feed files go before this attempt
   * runs. A committed run's id (same shop and window, see RunSettings) leaves everything: its
   * commit is a no-op.
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
      throw unreadableRuns(settings, e);
    }
  }

  private static RunException unreadableRuns(RunSettings settings, SQLException e) {
    return new RunException(
        "the run succeeded but courier_runs could not be read back from "
            + settings.jdbc().redactedUrl()
            + " (SQLState "
            + e.getSQLState()
            + ")",
        e);
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
      throw notReadBack(RejectLedger.TABLE, settings, e);
    }
  }

  /**
   * Per resource, the deletions the run recorded by how they were found ({@code event}, {@code
   * whole_read}, {@code reconcile}), as the manifest's "deletion_ledger".
   */
  private static Map<String, Map<String, Long>> deletionLedger(RunSettings settings, RunInfo run) {
    try {
      return DeletionLedger.figures(settings.jdbc(), run.runId());
    } catch (SQLException e) {
      throw notReadBack(DeletionLedger.TABLE, settings, e);
    }
  }

  private static RunException notReadBack(String table, RunSettings settings, SQLException e) {
    return new RunException(
        "the run succeeded but "
            + table
            + " could not be read back from "
            + settings.jdbc().redactedUrl()
            + " (SQLState "
            + e.getSQLState()
            + ")",
        e);
  }

  /** The open rejects and the ids a reconciliation found missing, to read by id. */
  private static Map<String, List<Long>> withMissing(
      Map<String, List<Long>> rejects, Reconciliation reconciled) {
    Map<String, List<Long>> all = new TreeMap<>();
    rejects.forEach((path, ids) -> all.put(path, new ArrayList<>(ids)));
    reconciled
        .missing()
        .forEach((path, ids) -> all.computeIfAbsent(path, p -> new ArrayList<>()).addAll(ids));
    return all;
  }

  /**
   * The data flow, on a pipeline the caller runs: a read per shop ({@code reread}, per shop, as
   * {@link #openRejects} plus the ids a reconciliation found missing) and its destroy events, every
   * shop's entities and deletions (with those a reconciliation found) through the same steps into
   * one commit.
   */
  static void build(
      Pipeline pipeline,
      GroupRunPlan plan,
      List<Map<String, List<Long>>> reread,
      List<Deletion> reconciled) {
    RunSettings settings = plan.shared();
    RunInfo run = plan.run();
    Normalize normalize =
        Normalize.into(settings.tables())
            .withRunId(run.runId())
            .withSyncedAt(run.startedAt())
            .withLatestVersion(settings.latestVersion());
    List<PCollection<NormalizedEntity>> reads = new ArrayList<>();
    List<PCollection<Row>> deletionRows = new ArrayList<>();
    for (int i = 0; i < plan.shops().size(); i++) {
      RunSettings shop = plan.shops().get(i);
      Map<ShopifyResource, List<Long>> rereadIds = new EnumMap<>(ShopifyResource.class);
      reread.get(i).forEach((path, ids) -> rereadIds.put(ShopifyResource.fromPath(path), ids));
      // One shop keeps the step names of a run of one shop; a group's are named by shop.
      String suffix = run.group() == null ? "" : " " + shop.shop().domain();
      // Each version is normalized in the fetch steps themselves: Flink then chains it to them and
      // hands it the fetched tree, instead of encoding every entity into a flatten
      // (ShopifyIO.Read#each).
      PCollection<NormalizedEntity> read =
          pipeline.apply(
              "ReadShopify" + suffix,
              shop.read().withRereadIds(rereadIds).each("Normalize", normalize.eachVersion()));
      reads.add(read);
      deletionRows.add(
          pipeline
              .apply("ReadDeletions" + suffix, shop.read().deletionsAfter(read))
              .apply("DeletionRows" + suffix, Deletions.toRows(Deletions.BY_EVENT, run.runId())));
    }
    PCollection<NormalizedEntity> versions =
        reads.size() == 1
            ? reads.get(0)
            : PCollectionList.of(reads).apply("AllShops", Flatten.pCollections());
    deletionRows.add(
        pipeline
            .apply(
                "ReconciledDeletions",
                Create.of(reconciled).withCoder(SerializableCoder.of(Deletion.class)))
            .apply("ReconciledRows", Deletions.toRows(Deletions.BY_RECONCILE, run.runId())));
    PCollection<Row> deletions =
        PCollectionList.of(deletionRows)
            .apply("AllDeletions", Flatten.pCollections())
            .setRowSchema(Deletions.SCHEMA);
    NormalizedTables tables =
        versions.apply("Normalize", normalize.latestVersions()).withDeletions(deletions);
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
   * Per shop of a group's run, as the manifest's "shops": the shop's window, load mode, rows per
   * table as courier_runs recorded them for the shop, its reject ledger figures and, with
   * --reconcile, its reconciliation.
   */
  private static List<Object> shopFigures(
      GroupRunPlan plan, List<Map<String, List<Long>>> reread, List<Reconciliation> reconciled) {
    RunSettings settings = plan.shared();
    Map<String, CourierRuns.Run> rows = new LinkedHashMap<>();
    try {
      CourierRuns.findAll(settings.jdbc(), plan.run().runId())
          .forEach(row -> rows.put(row.shop(), row));
    } catch (SQLException e) {
      throw unreadableRuns(settings, e);
    }
    List<Object> shops = new ArrayList<>();
    for (int i = 0; i < plan.shops().size(); i++) {
      RunInfo shop = plan.run().shops().get(i);
      CourierRuns.Run row = rows.get(shop.shop());
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("shop", shop.shop());
      figures.put("load_mode", shop.loadMode());
      figures.put("resources", shop.resources());
      figures.put(
          "window", Map.of("from", shop.windowFrom().toString(), "to", shop.windowTo().toString()));
      figures.put("rows", row == null ? Map.of() : new TreeMap<>(row.tableCounts()));
      figures.put("reject_ledger", rejectLedger(settings, shop, reread.get(i)));
      reconciled.get(i).section().ifPresent(section -> figures.put("reconcile", section));
      shops.add(figures);
    }
    return shops;
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
