package courier.sink;

import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Where a run's files live under the output directory (any Beam filesystem path). */
final class RunPaths {
  /** Run ids name directories ({@code run_id=<id>}, {@code runs/<id>}): keep them path-safe. */
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  static final String MANIFEST = "manifest.json";
  static final String PENDING_MANIFEST = "manifest.pending.json";

  private RunPaths() {}

  static boolean isValidRunId(String runId) {
    return RUN_ID.matcher(runId).matches();
  }

  static ResourceId root(String outputDir) {
    return FileSystems.matchNewResource(outputDir, true);
  }

  /** {@code <output>/feeds/} */
  static ResourceId feedsDirectory(String outputDir) {
    return root(outputDir).resolve("feeds", StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** {@code <output>/feeds/<feed>/run_id=<run>/} */
  static ResourceId feedDirectory(String outputDir, String feed, String runId) {
    return feedsDirectory(outputDir)
        .resolve(feed, StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve("run_id=" + runId, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /**
   * {@code <output>/runs/<run>/feeds/<feed>/}: where a run's files wait for its commit; they move
   * to {@link #feedDirectory} only once the run is committed.
   */
  static ResourceId stagedFeedDirectory(String outputDir, String feed, String runId) {
    return runDirectory(outputDir, runId)
        .resolve("feeds", StandardResolveOptions.RESOLVE_DIRECTORY)
        .resolve(feed, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** {@code <output>/runs/<run>/feeds/} */
  static ResourceId stagedFeedsDirectory(String outputDir, String runId) {
    return runDirectory(outputDir, runId)
        .resolve("feeds", StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** {@code <output>/runs/} */
  static ResourceId runsDirectory(String outputDir) {
    return root(outputDir).resolve("runs", StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** {@code <output>/runs/<run>/} */
  static ResourceId runDirectory(String outputDir, String runId) {
    return runsDirectory(outputDir).resolve(runId, StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** {@code <output>/runs/<run>/manifest.json} */
  static ResourceId manifest(String outputDir, String runId) {
    return runDirectory(outputDir, runId).resolve(MANIFEST, StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * {@code <output>/runs/<run>/manifest.pending.json}: the manifest as the run staged it before its
   * commit, listing the files' places in feeds/; what lets any later run finish the publication of
   * a committed run that stopped before it.
   */
  static ResourceId pendingManifest(String outputDir, String runId) {
    return runDirectory(outputDir, runId)
        .resolve(PENDING_MANIFEST, StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * {@code <output>/runs/<run>/.temp-beam/}: where FileIO writes a run's Parquet files before
   * renaming them into the run's staged feeds. Beam names it after the temp directory it is given
   * (the run's directory) and leaves it behind empty; per run, so removing it can't race another
   * run.
   */
  static ResourceId stagingDirectory(String outputDir, String runId) {
    return runDirectory(outputDir, runId)
        .resolve(".temp-beam", StandardResolveOptions.RESOLVE_DIRECTORY);
  }

  /** A file's path relative to the output directory when it lies below it, else the full path. */
  static String relative(String outputDir, String file) {
    String root = root(outputDir).toString();
    return file.startsWith(root) ? file.substring(root.length()) : file;
  }
}
