package courier.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.beam.PausePoint;
import courier.normalize.Deletions;
import courier.normalize.Rejects;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manifest of a run, {@code <output>/runs/<run>/manifest.json}: what a run wrote and that it
 * succeeded; and the publication of the run's files into {@code feeds/}.
 *
 * <p>Two steps around the database commit:
 *
 * <ol>
 *   <li>{@link #stage}: once every file is staged under {@code runs/<run>/feeds/}, the manifest is
 *       written as {@code runs/<run>/manifest.pending.json}, listing each file's place in feeds/.
 *       The commit waits for it.
 *   <li>{@link #publish}: after the commit, each staged file moves to {@code
 *       feeds/<table>/run_id=<run>/} (a rename; copy then delete on object stores without one),
 *       then the pending manifest becomes {@code manifest.json}, last.
 * </ol>
 *
 * A reader of {@code feeds/} thus sees only committed runs' files. A crash between the commit and
 * the end of the publication leaves a committed run with a pending manifest: {@link
 * RunAttempts#finishCommitted} makes the next run finish it (moves are idempotent). A failed run
 * writes no manifest and nothing in feeds/.
 *
 * <pre>{@code
 * PCollection<String> staged = feeds.apply("StageManifest", RunManifest.stage(outputDir, run));
 * PCollection<String> committed = tables.apply(JdbcDomainTables.to(db).withRunInfo(run)
 *     .committingAfter(staged));
 * staged.apply("Publish", RunManifest.publish(outputDir, run.runId()).waitingOn(committed));
 * }</pre>
 *
 * <p>{@link #write} does both, publishing once its signals are complete (no database: at once).
 *
 * <p>Shape (paths relative to the output directory; every domain table appears, with 0 rows and its
 * one empty file when the run had no rows for it):
 *
 * <pre>{@code
 * {"manifest_version": 1, "run_id": "...", "shop": "acme.myshopify.com", "status": "succeeded",
 *  "load_mode": "incremental", "resources": ["customers", "orders"],
 *  "window": {"from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00Z"},
 *  "started_at": "...", "finished_at": "...",
 *  "tables": {"customer": {"schema_version": 1, "rows": 12, "rejects": 0,
 *                          "files": ["feeds/customer/run_id=.../part-00000-of-00001.parquet"]}, ...},
 *  "rejects": {"rows": 1, "files": ["feeds/_rejects/run_id=.../part-00000-of-00001.parquet"]},
 *  "deletions": {"rows": 2, "files": ["feeds/_deletions/run_id=.../part-00000-of-00001.parquet"]}}
 * }</pre>
 */
public final class RunManifest {
  private static final Logger LOG = LoggerFactory.getLogger(RunManifest.class);
  static final int MANIFEST_VERSION = 1;
  static final String STATUS_SUCCEEDED = "succeeded";

  /** Sections the pipeline writes; {@link #extend} adds others but never rewrites these. */
  static final Set<String> PIPELINE_SECTIONS =
      Set.of(
          "manifest_version",
          "run_id",
          "shop",
          "status",
          "load_mode",
          "resources",
          "window",
          "started_at",
          "finished_at",
          "tables",
          "rejects",
          "group",
          "deletions");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunManifest() {}

  /**
   * Stages the manifest of {@code run} under {@code outputDir} (the one given to ParquetFeeds),
   * then publishes the run once the signals given to {@link Write#waitingOn} are complete.
   */
  public static Write write(String outputDir, RunInfo run) {
    requireOutputAndRun(outputDir, run, "write");
    return new Write(outputDir, run, List.of());
  }

  /**
   * Writes the run's pending manifest once its feeds are staged; emits its path, for the commit to
   * wait on.
   */
  public static Stage stage(String outputDir, RunInfo run) {
    requireOutputAndRun(outputDir, run, "stage");
    return new Stage(outputDir, run);
  }

  /** Publishes the staged run (see {@link #moveIntoFeeds}) once the signals complete. */
  public static Publish publish(String outputDir, String runId) {
    if (outputDir == null || outputDir.isBlank() || runId == null) {
      throw new IllegalArgumentException(
          "RunManifest.publish() needs an output directory and the run id");
    }
    return new Publish(outputDir, runId, List.of());
  }

  private static void requireOutputAndRun(String outputDir, RunInfo run, String method) {
    if (outputDir == null || outputDir.isBlank() || run == null) {
      throw new IllegalArgumentException(
          "RunManifest." + method + "() needs an output directory and the run");
    }
  }

  /**
   * Moves a committed run's staged files into feeds/ and makes its pending manifest the manifest;
   * only for a run the database has committed. Idempotent: files moved before (by this run or
   * another finishing its work) are skipped, so it can be repeated after a crash. A run published
   * before (a committed run submitted again) keeps its files: what this attempt staged is dropped.
   *
   * @return the manifest's path, or empty when the run had nothing staged
   */
  public static Optional<String> moveIntoFeeds(String outputDir, String runId) throws IOException {
    ResourceId pending = RunPaths.pendingManifest(outputDir, runId);
    Optional<String> staged = readIfExists(pending);
    ResourceId target = RunPaths.manifest(outputDir, runId);
    if (staged.isEmpty()) {
      return exists(target) ? Optional.of(target.toString()) : Optional.empty();
    }
    ObjectNode manifest = (ObjectNode) JSON.readTree(staged.get());
    List<ResourceId> sources = new ArrayList<>();
    List<ResourceId> destinations = new ArrayList<>();
    manifest
        .path("tables")
        .fields()
        .forEachRemaining(
            t -> stagedFiles(outputDir, runId, t.getKey(), t.getValue(), sources, destinations));
    stagedFiles(outputDir, runId, Rejects.FEED, manifest.path("rejects"), sources, destinations);
    stagedFiles(
        outputDir, runId, Deletions.FEED, manifest.path("deletions"), sources, destinations);
    if (exists(target)) {
      FileSystems.delete(sources, MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } else {
      for (int i = 0; i < sources.size(); i++) {
        move(sources.get(i), destinations.get(i));
      }
      manifest.put("finished_at", Instant.now().toString());
      replace(target, manifest);
    }
    FileSystems.delete(List.of(pending), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    removeEmptyStagingDirectories(outputDir, runId, manifest);
    return Optional.of(target.toString());
  }

  /** The staged file and its place in feeds/ of each file the manifest lists for a feed. */
  private static void stagedFiles(
      String outputDir,
      String runId,
      String feed,
      JsonNode entry,
      List<ResourceId> sources,
      List<ResourceId> destinations) {
    for (JsonNode file : entry.path("files")) {
      String path = file.asText();
      String name = path.substring(path.lastIndexOf('/') + 1);
      sources.add(
          RunPaths.stagedFeedDirectory(outputDir, feed, runId)
              .resolve(name, StandardResolveOptions.RESOLVE_FILE));
      destinations.add(
          RunPaths.feedDirectory(outputDir, feed, runId)
              .resolve(name, StandardResolveOptions.RESOLVE_FILE));
    }
  }

  /**
   * Renames one file (copy then delete where the filesystem has no rename, e.g. S3); a source that
   * is gone was moved before, by an earlier attempt or by another run finishing this one. A file
   * the manifest lists that is in neither place was lost (deleted by hand, a lifecycle rule): the
   * publication fails rather than write a manifest naming a file no reader can find.
   */
  private static void move(ResourceId source, ResourceId destination) throws IOException {
    try {
      FileSystems.rename(
          List.of(source),
          List.of(destination),
          MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      if (exists(source) || !exists(destination)) {
        throw e;
      }
    }
    if (!exists(destination)) {
      throw new IOException(
          "the staged feed file "
              + source
              + " that the run's manifest lists is in neither its staging folder nor feeds ("
              + destination
              + "): the run's feeds are incomplete; its database commit stands, so rerun the"
              + " same window (a new run id) to write its feeds again");
    }
  }

  /**
   * The run's directory keeps only its manifest: FileIO's and the staged feeds' directories are
   * empty now (local filesystems keep empty directories; object stores have none).
   */
  private static void removeEmptyStagingDirectories(
      String outputDir, String runId, JsonNode manifest) {
    List<ResourceId> directories = new ArrayList<>();
    manifest
        .path("tables")
        .fieldNames()
        .forEachRemaining(t -> directories.add(RunPaths.stagedFeedDirectory(outputDir, t, runId)));
    directories.add(RunPaths.stagedFeedDirectory(outputDir, Rejects.FEED, runId));
    directories.add(RunPaths.stagedFeedDirectory(outputDir, Deletions.FEED, runId));
    directories.add(RunPaths.stagedFeedsDirectory(outputDir, runId));
    directories.add(RunPaths.stagingDirectory(outputDir, runId));
    for (ResourceId directory : directories) {
      try {
        FileSystems.delete(
            List.of(directory), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      } catch (IOException e) {
        LOG.warn("Could not remove the staging directory {}: {}", directory, e.toString());
      }
    }
  }

  private static boolean exists(ResourceId file) throws IOException {
    MatchResult match = FileSystems.match(file.toString());
    return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
  }

  private static Optional<String> readIfExists(ResourceId file) throws IOException {
    if (!exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** Where a run's manifest is (or would be). */
  public static String location(String outputDir, String runId) {
    return RunPaths.manifest(outputDir, runId).toString();
  }

  /** The manifest's JSON, or empty if the run has none (it failed, or is still running). */
  public static Optional<String> read(String outputDir, String runId) throws IOException {
    return readIfExists(RunPaths.manifest(outputDir, runId));
  }

  /** Run ids with a pending manifest: staged runs whose publication has not finished. */
  static List<String> pendingRuns(String outputDir) throws IOException {
    String glob = RunPaths.runsDirectory(outputDir) + "*/" + RunPaths.PENDING_MANIFEST;
    MatchResult match = FileSystems.match(glob);
    List<String> runs = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : match.metadata()) {
        String path = m.resourceId().toString();
        String runDirectory =
            path.substring(0, path.length() - RunPaths.PENDING_MANIFEST.length() - 1);
        runs.add(runDirectory.substring(runDirectory.lastIndexOf('/') + 1));
      }
    }
    return runs;
  }

  /**
   * Adds sections to a written manifest, e.g. fetch statistics and the run's duration, known to the
   * driver only after the pipeline finished. The file is replaced atomically (written aside, then
   * renamed), so readers see the old or the new manifest, never half of one. Sections the pipeline
   * wrote cannot be replaced; an added section may be replaced by a later call.
   */
  public static void extend(String outputDir, String runId, Map<String, Object> extraSections)
      throws IOException {
    for (String key : extraSections.keySet()) {
      if (PIPELINE_SECTIONS.contains(key)) {
        throw new IllegalArgumentException(
            "manifest section '" + key + "' is written by the pipeline and cannot be replaced");
      }
    }
    String current =
        read(outputDir, runId)
            .orElseThrow(
                () ->
                    new FileNotFoundException(
                        "run "
                            + runId
                            + " has no manifest at "
                            + location(outputDir, runId)
                            + ": it did not succeed"));
    ObjectNode manifest = (ObjectNode) JSON.readTree(current);
    extraSections.forEach((key, value) -> manifest.set(key, JSON.valueToTree(value)));
    replace(RunPaths.manifest(outputDir, runId), manifest);
  }

  /** Writes next to the target, then renames over it: the manifest appears whole or not at all. */
  static void replace(ResourceId target, JsonNode manifest) throws IOException {
    ResourceId aside =
        target
            .getCurrentDirectory()
            .resolve(
                "." + target.getFilename() + "." + UUID.randomUUID() + ".tmp",
                StandardResolveOptions.RESOLVE_FILE);
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(aside, "application/json"))) {
      out.write(JSON.writeValueAsBytes(manifest));
    }
    FileSystems.rename(List.of(aside), List.of(target));
  }

  /** Stages the manifest once the feeds are complete, and publishes once every signal is. */
  public static final class Write extends PTransform<ParquetFeeds.Result, PCollection<String>> {
    private static final long serialVersionUID = 1L;

    private final String outputDir;
    private final RunInfo run;
    private final transient List<PCollection<?>> signals;

    private Write(String outputDir, RunInfo run, List<PCollection<?>> signals) {
      this.outputDir = outputDir;
      this.run = run;
      this.signals = signals;
    }

    /** Publishes only once these complete, e.g. the JDBC commit. */
    public Write waitingOn(PCollection<?>... signals) {
      List<PCollection<?>> all = new ArrayList<>(this.signals);
      all.addAll(Arrays.asList(signals));
      return new Write(outputDir, run, all);
    }

    /** Emits the manifest's path once written. */
    @Override
    public PCollection<String> expand(ParquetFeeds.Result feeds) {
      Publish publish = new Publish(outputDir, run.runId(), signals);
      return feeds.apply("Stage", new Stage(outputDir, run)).apply("Publish", publish);
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("manifest", location(outputDir, run.runId())).withLabel("Manifest"))
          .add(DisplayData.item("waitsOn", signals.size()).withLabel("Signals waited on"));
    }
  }

  /** Writes the pending manifest once the feeds (side inputs) are complete; emits its path. */
  public static final class Stage extends PTransform<ParquetFeeds.Result, PCollection<String>> {
    private static final long serialVersionUID = 1L;

    private final String outputDir;
    private final RunInfo run;

    private Stage(String outputDir, RunInfo run) {
      this.outputDir = outputDir;
      this.run = run;
    }

    @Override
    public PCollection<String> expand(ParquetFeeds.Result feeds) {
      if (!run.runId().equals(feeds.runId())) {
        throw new IllegalArgumentException(
            "the manifest is for run "
                + run.runId()
                + " but the feeds were written for run "
                + feeds.runId());
      }
      PCollectionView<Map<String, Long>> rows = feeds.rowCounts().apply("RowCounts", View.asMap());
      PCollectionView<Map<String, Long>> rejects =
          feeds.rejectsByTable().apply("RejectsByTable", View.asMap());
      PCollectionView<Map<String, Iterable<String>>> files =
          feeds.files().apply("Files", View.asMultimap());
      return feeds
          .getPipeline()
          .apply("Once", Create.of(run.runId()))
          .apply(
              "WritePendingManifest",
              ParDo.of(
                      new StageManifestFn(
                          outputDir, run, feeds.schemaVersions(), rows, rejects, files))
                  .withSideInputs(rows, rejects, files));
    }
  }

  /**
   * Publishes the run (see {@link RunManifest#moveIntoFeeds}) once its pending manifest is written
   * (the input) and every signal is complete; emits the manifest's path.
   */
  public static final class Publish extends PTransform<PCollection<String>, PCollection<String>> {
    private static final long serialVersionUID = 1L;

    private final String outputDir;
    private final String runId;
    private final transient List<PCollection<?>> signals;

    private Publish(String outputDir, String runId, List<PCollection<?>> signals) {
      this.outputDir = outputDir;
      this.runId = runId;
      this.signals = signals;
    }

    /** Publishes only once these complete: the JDBC commit. */
    public Publish waitingOn(PCollection<?>... signals) {
      List<PCollection<?>> all = new ArrayList<>(this.signals);
      all.addAll(Arrays.asList(signals));
      return new Publish(outputDir, runId, all);
    }

    @Override
    public PCollection<String> expand(PCollection<String> staged) {
      // The signals' views hold nothing: as side inputs, they hold the publication back until done.
      List<PCollectionView<?>> sideInputs = new ArrayList<>();
      for (int i = 0; i < signals.size(); i++) {
        sideInputs.add(signals.get(i).apply("WaitForSignal " + i, Barrier.completionOf()));
      }
      return staged.apply(
          "MoveIntoFeeds", ParDo.of(new PublishFn(outputDir, runId)).withSideInputs(sideInputs));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("manifest", location(outputDir, runId)).withLabel("Manifest"))
          .add(DisplayData.item("waitsOn", signals.size()).withLabel("Signals waited on"));
    }
  }

  private static final class PublishFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;
    private final String outputDir;
    private final String runId;

    PublishFn(String outputDir, String runId) {
      this.outputDir = outputDir;
      this.runId = runId;
    }

    @ProcessElement
    public void process(OutputReceiver<String> out) throws IOException {
      PausePoint.reached(PausePoint.PUBLISH);
      out.output(
          moveIntoFeeds(outputDir, runId)
              .orElseThrow(
                  () ->
                      new FileNotFoundException(
                          "run "
                              + runId
                              + " has no pending manifest at "
                              + RunPaths.pendingManifest(outputDir, runId)
                              + " to publish")));
    }
  }

  private static final class StageManifestFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;

    private final String outputDir;
    private final RunInfo run;
    private final Map<String, Integer> schemaVersions;
    private final PCollectionView<Map<String, Long>> rowsView;
    private final PCollectionView<Map<String, Long>> rejectsView;
    private final PCollectionView<Map<String, Iterable<String>>> filesView;

    StageManifestFn(
        String outputDir,
        RunInfo run,
        Map<String, Integer> schemaVersions,
        PCollectionView<Map<String, Long>> rowsView,
        PCollectionView<Map<String, Long>> rejectsView,
        PCollectionView<Map<String, Iterable<String>>> filesView) {
      this.outputDir = outputDir;
      this.run = run;
      this.schemaVersions = schemaVersions;
      this.rowsView = rowsView;
      this.rejectsView = rejectsView;
      this.filesView = filesView;
    }

    @ProcessElement
    public void process(ProcessContext context) throws IOException {
      Map<String, Long> rows = context.sideInput(rowsView);
      Map<String, Long> rejects = context.sideInput(rejectsView);
      Map<String, Iterable<String>> files = context.sideInput(filesView);
      // The commit waits for this manifest: a feed whose files do not hold its rows stops the run
      // here, before the tables change.
      for (Map.Entry<String, Long> feed : rows.entrySet()) {
        StagedFeedFiles.verify(feed.getKey(), files.get(feed.getKey()), feed.getValue());
      }

      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("manifest_version", MANIFEST_VERSION);
      manifest.put("run_id", run.runId());
      manifest.put("shop", run.shop());
      manifest.put("status", STATUS_SUCCEEDED);
      manifest.put("load_mode", run.loadMode());
      run.resources().forEach(manifest.putArray("resources")::add);
      manifest
          .putObject("window")
          .put("from", run.windowFrom().toString())
          .put("to", run.windowTo().toString());
      manifest.put("started_at", run.startedAt().toString());
      manifest.put("finished_at", Instant.now().toString());
      if (run.group() != null) {
        // A courier group's run: the shop, window and resources above sum its shops up.
        manifest.put("group", run.group());
        ArrayNode shops = manifest.putArray("shops");
        for (RunInfo shop : run.shops()) {
          ObjectNode entry = shops.addObject();
          entry.put("shop", shop.shop());
          entry.put("load_mode", shop.loadMode());
          shop.resources().forEach(entry.putArray("resources")::add);
          entry
              .putObject("window")
              .put("from", shop.windowFrom().toString())
              .put("to", shop.windowTo().toString());
        }
      }
      ObjectNode tables = manifest.putObject("tables");
      for (String table : new TreeMap<>(schemaVersions).keySet()) {
        ObjectNode entry = tables.putObject(table);
        entry.put("schema_version", schemaVersions.get(table));
        entry.put("rows", rows.getOrDefault(table, 0L));
        entry.put("rejects", rejects.getOrDefault(table, 0L));
        addFiles(entry.putArray("files"), table, files.get(table));
      }
      ObjectNode rejectFeed = manifest.putObject("rejects");
      rejectFeed.put("rows", rows.getOrDefault(Rejects.FEED, 0L));
      addFiles(rejectFeed.putArray("files"), Rejects.FEED, files.get(Rejects.FEED));
      ObjectNode deletionFeed = manifest.putObject("deletions");
      deletionFeed.put("rows", rows.getOrDefault(Deletions.FEED, 0L));
      addFiles(deletionFeed.putArray("files"), Deletions.FEED, files.get(Deletions.FEED));

      ResourceId target = RunPaths.pendingManifest(outputDir, run.runId());
      replace(target, manifest);
      context.output(target.toString());
    }

    /** The files' places once published: {@code feeds/<feed>/run_id=<run>/<name>}. */
    private void addFiles(ArrayNode array, String feed, Iterable<String> staged) {
      List<String> sorted = new ArrayList<>();
      if (staged != null) {
        for (String file : staged) {
          String name = FileSystems.matchNewResource(file, false).getFilename();
          String published =
              RunPaths.feedDirectory(outputDir, feed, run.runId())
                  .resolve(name, StandardResolveOptions.RESOLVE_FILE)
                  .toString();
          sorted.add(RunPaths.relative(outputDir, published));
        }
      }
      sorted.stream().sorted().forEach(array::add);
    }
  }
}
