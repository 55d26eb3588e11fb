package courier.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.normalize.Deletions;
import courier.normalize.Rejects;
import courier.schema.TableSchema;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A run id names one run: its staging tables, its feed folders, its manifest and its courier_runs
 * row. Before a run does any work, {@link #holder} says whether its id already belongs to another
 * run (another shop or window: refused, or both runs would write the same feed folders and the
 * second would find itself "already committed"); a run of the same shop and window is a retry, and
 * {@link #clearUncommitted} removes what an earlier, failed attempt left (staged rows that would
 * otherwise be kept over the retry's own, feed files of a run that was never committed).
 */
public final class RunAttempts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunAttempts() {}

  /**
   * The run holding {@code run}'s id if it is another run (a different shop or window), described
   * for the error message; empty when the id is free or held by this same run.
   */
  public static Optional<String> holder(JdbcTarget target, String outputDir, RunInfo run)
      throws SQLException, IOException {
    List<CourierRuns.Run> committed = CourierRuns.findAll(target, run.runId());
    if (!committed.isEmpty()) {
      // A group's run has a row per shop: compared as a whole, like the group's RunInfo.
      Instant from =
          committed.stream().map(CourierRuns.Run::windowFrom).min(Instant::compareTo).get();
      Instant to = committed.stream().map(CourierRuns.Run::windowTo).max(Instant::compareTo).get();
      String shops = String.join(",", committed.stream().map(CourierRuns.Run::shop).toList());
      return describeIfOther(run, shops, from, to, "courier_runs holds run ");
    }
    Optional<String> manifest = RunManifest.read(outputDir, run.runId());
    if (manifest.isPresent()) {
      JsonNode m = JSON.readTree(manifest.get());
      return describeIfOther(
          run,
          m.path("shop").asText(),
          Instant.parse(m.path("window").path("from").asText()),
          Instant.parse(m.path("window").path("to").asText()),
          "the manifest " + RunManifest.location(outputDir, run.runId()) + " is of run ");
    }
    return Optional.empty();
  }

  /**
   * Finishes the publication of every run under {@code outputDir} that the database committed but
   * that stopped before its files were in feeds/ and its manifest written (a crash between commit
   * and publication): its staged files move into feeds/, its pending manifest becomes the manifest.
   * Runs not committed are left alone: they may be running now, and a retry clears its own.
   *
   * @return the run ids finished
   */
  public static List<String> finishCommitted(JdbcTarget target, String outputDir)
      throws SQLException, IOException {
    List<String> finished = new ArrayList<>();
    for (String runId : RunManifest.pendingRuns(outputDir)) {
      if (isCommitted(target, runId)) {
        RunManifest.moveIntoFeeds(outputDir, runId);
        finished.add(runId);
      }
    }
    return finished;
  }

  /** Whether courier_runs records the run (under the target's table prefix). */
  public static boolean isCommitted(JdbcTarget target, String runId) throws SQLException {
    return CourierRuns.find(target, runId).isPresent();
  }

  /**
   * Drops an uncommitted run's staging tables (see {@link StagingTables}) and deletes its files
   * under {@code runs/<run>/} (and {@code feeds/*}/run_id=<run>/}, where runs before staged files
   * wrote them). Only for a run that is not committed: a committed run's files are the feed.
   */
  public static void clearUncommitted(
      JdbcTarget target, String outputDir, List<TableSchema> tables, String runId)
      throws SQLException, IOException {
    try (Connection connection = target.connect()) {
      connection.setAutoCommit(true);
      StagingTables.dropRun(connection, target, tables, runId);
    }
    List<String> feeds = new ArrayList<>();
    tables.forEach(t -> feeds.add(t.name()));
    feeds.add(Rejects.FEED);
    feeds.add(Deletions.FEED);
    List<String> globs = new ArrayList<>();
    for (String feed : feeds) {
      globs.add(RunPaths.feedDirectory(outputDir, feed, runId) + "*");
    }
    globs.add(RunPaths.runDirectory(outputDir, runId) + "**");
    List<ResourceId> files = new ArrayList<>();
    for (MatchResult match : FileSystems.match(globs)) {
      if (match.status() == MatchResult.Status.OK) {
        match.metadata().forEach(m -> files.add(m.resourceId()));
      }
    }
    FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  private static Optional<String> describeIfOther(
      RunInfo run, String shop, Instant from, Instant to, String where) {
    if (sortedShops(run.shop()).equals(sortedShops(shop))
        && run.windowFrom().equals(from)
        && run.windowTo().equals(to)) {
      return Optional.empty();
    }
    return Optional.of(
        where + run.runId() + " of shop " + shop + ", window [" + from + ", " + to + ")");
  }

  /** A group's shops, comma-separated, in one order (the group file's, or courier_runs'). */
  private static List<String> sortedShops(String shops) {
    return Arrays.stream(shops.split(",")).sorted().toList();
  }
}
