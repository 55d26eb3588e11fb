package courier.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * succeeded. It is written last, once every feed file exists and after whatever the transform waits
 * on (the database commit), so a feed without a manifest is incomplete and a failed run writes
 * none.
 *
 * <pre>{@code
 * feeds.apply("RunManifest", RunManifest.write(outputDir, run).waitingOn(committed));
 * }</pre>
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
 *  "rejects": {"rows": 1, "files": ["feeds/_rejects/run_id=.../part-00000-of-00001.parquet"]}}
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
          "rejects");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunManifest() {}

  /** Writes the manifest of {@code run} under {@code outputDir} (the one given to ParquetFeeds). */
  public static Write write(String outputDir, RunInfo run) {
    if (outputDir == null || outputDir.isBlank() || run == null) {
      throw new IllegalArgumentException(
          "RunManifest.write() needs an output directory and the run");
    }
    return new Write(outputDir, run, List.of());
  }

  /** Where a run's manifest is (or would be). */
  public static String location(String outputDir, String runId) {
    return RunPaths.manifest(outputDir, runId).toString();
  }

  /** The manifest's JSON, or empty if the run has none (it failed, or is still running). */
  public static Optional<String> read(String outputDir, String runId) throws IOException {
    ResourceId manifest = RunPaths.manifest(outputDir, runId);
    MatchResult match = FileSystems.match(manifest.toString());
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(manifest))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
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

  /** Writes the manifest once the feeds (side inputs) and every signal are complete. */
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

    /** Also waits for these to complete, e.g. the JDBC commit, so the manifest comes after it. */
    public Write waitingOn(PCollection<?>... signals) {
      List<PCollection<?>> all = new ArrayList<>(this.signals);
      all.addAll(Arrays.asList(signals));
      return new Write(outputDir, run, all);
    }

    /** Emits the manifest's path once written. */
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
      // The signals' views hold nothing: as side inputs, they hold the manifest back until done.
      List<PCollectionView<?>> sideInputs = new ArrayList<>(List.of(rows, rejects, files));
      for (int i = 0; i < signals.size(); i++) {
        sideInputs.add(signals.get(i).apply("WaitForSignal " + i, Barrier.completionOf()));
      }
      return feeds
          .getPipeline()
          .apply("Once", Create.of(run.runId()))
          .apply(
              "WriteManifest",
              ParDo.of(
                      new WriteManifestFn(
                          outputDir, run, feeds.schemaVersions(), rows, rejects, files))
                  .withSideInputs(sideInputs));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder
          .add(DisplayData.item("manifest", location(outputDir, run.runId())).withLabel("Manifest"))
          .add(DisplayData.item("waitsOn", signals.size()).withLabel("Signals waited on"));
    }
  }

  private static final class WriteManifestFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;

    private final String outputDir;
    private final RunInfo run;
    private final Map<String, Integer> schemaVersions;
    private final PCollectionView<Map<String, Long>> rowsView;
    private final PCollectionView<Map<String, Long>> rejectsView;
    private final PCollectionView<Map<String, Iterable<String>>> filesView;

    WriteManifestFn(
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
      ObjectNode tables = manifest.putObject("tables");
      for (String table : new TreeMap<>(schemaVersions).keySet()) {
        ObjectNode entry = tables.putObject(table);
        entry.put("schema_version", schemaVersions.get(table));
        entry.put("rows", rows.getOrDefault(table, 0L));
        entry.put("rejects", rejects.getOrDefault(table, 0L));
        addFiles(entry.putArray("files"), files.get(table));
      }
      ObjectNode rejectFeed = manifest.putObject("rejects");
      rejectFeed.put("rows", rows.getOrDefault(Rejects.FEED, 0L));
      addFiles(rejectFeed.putArray("files"), files.get(Rejects.FEED));

      ResourceId target = RunPaths.manifest(outputDir, run.runId());
      replace(target, manifest);
      removeEmptyStagingDirectory();
      context.output(target.toString());
    }

    /** FileIO has moved every file out by now; only its empty staging directory is left. */
    private void removeEmptyStagingDirectory() {
      ResourceId staging = RunPaths.stagingDirectory(outputDir, run.runId());
      try {
        FileSystems.delete(List.of(staging), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
      } catch (IOException e) {
        LOG.warn("Could not remove the staging directory {}: {}", staging, e.toString());
      }
    }

    private void addFiles(ArrayNode array, Iterable<String> files) {
      List<String> sorted = new ArrayList<>();
      if (files != null) {
        files.forEach(f -> sorted.add(RunPaths.relative(outputDir, f)));
      }
      sorted.stream().sorted().forEach(array::add);
    }
  }
}
