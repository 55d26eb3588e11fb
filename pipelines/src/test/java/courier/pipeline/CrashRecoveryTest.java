package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.beam.PausePoint;
import courier.pipeline.InProcessCourier.Outcome;
import courier.simulator.ShopifySimulator;
import courier.sink.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, items 4 and 9: a courier killed with SIGKILL at any point of a run, then run again for
 * the same window, lands what an uninterrupted run lands, and feeds/ never holds a file of a run
 * the database has not committed. The courier runs in a JVM of its own, paused at a named point
 * (see {@link PausePoint}) and killed there; the rerun is the same run id (a retry) against the
 * same PostgreSQL database and output.
 */
class CrashRecoveryTest {
  private static final String RUN = "crashed";
  private static final String NEXT = "next";
  private static final String FROM = "--from=2020-01-01T00:00:00Z";

  /** Before now minus the safety lag, after the shop's data: the same window for every run. */
  private static final String TO =
      "--to=" + Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);

  /** A few tables keep the many runs short; the order's lines make two levels of child rows. */
  private static final List<String> TABLES = List.of("customer", "order", "order_line");

  @TempDir static Path dir;
  private static TestShop shop;
  private static PostgresServer postgres;
  private static Map<String, List<String>> uninterrupted;

  @BeforeAll
  static void start() throws Exception {
    shop =
        TestShop.start(
            dir, ShopifySimulator.builder().seed(43).customers(20).orders(40).products(5));
    postgres = PostgresServer.start();
    String db = postgres.createDatabase("uninterrupted");
    Outcome run = InProcessCourier.courier(run(dir.resolve("uninterrupted"), db, "whole"));
    assertEquals(0, run.code(), run.all());
    uninterrupted = Landed.snapshot(db, PostgresServer.SUPERUSER, TABLES);
    assertTrue(uninterrupted.get("order").size() > 10, "the shop has orders to land");
  }

  @AfterAll
  static void stop() {
    shop.close();
    postgres.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        PausePoint.PLANNING,
        PausePoint.FETCH,
        PausePoint.STAGING,
        PausePoint.COMMIT,
        PausePoint.PUBLISH
      })
  void aRunKilledAtAnyPointAndRunAgainLandsWhatAnUninterruptedRunLands(String point)
      throws Exception {
    String db = postgres.createDatabase("killed_at_" + point);
    Path output = dir.resolve("killed-at-" + point);
    try (CourierProcess courier =
        CourierProcess.start(
            dir,
            List.of("-D" + PausePoint.PROPERTY + "=" + point),
            List.of(run(output, db, RUN)))) {
      courier.awaitOutput("courier paused at " + point, Duration.ofMinutes(3));
      courier.kill();
    }
    boolean committed = point.equals(PausePoint.PUBLISH);
    assertEquals(committed ? Set.of(RUN) : Set.of(), committedRuns(db), "committed before kill");
    assertEquals(Set.of(), runsInFeeds(output), "feeds/ holds no file of the killed run yet");

    // An uncommitted run is retried under its id, which clears what it left; a committed one is
    // followed by the next run, which first finishes the killed run's publication.
    String rerunId = committed ? NEXT : RUN;
    Outcome rerun = InProcessCourier.courier(run(output, db, rerunId));
    assertEquals(0, rerun.code(), rerun.all());

    assertEquals(uninterrupted, Landed.snapshot(db, PostgresServer.SUPERUSER, TABLES));
    Set<String> published = committed ? Set.of(RUN, NEXT) : Set.of(RUN);
    assertEquals(published, runsInFeeds(output));
    assertEquals(committedRuns(db), runsInFeeds(output), "feeds/ holds committed runs only");
    List<Path> manifests = new ArrayList<>();
    for (String run : new TreeSet<>(published)) {
      manifests.add(output.resolve("runs").resolve(run).resolve("manifest.json"));
      Map<String, Long> feedRows = new TreeMap<>(Landed.feedCounts(output, run));
      feedRows.keySet().retainAll(TABLES);
      assertEquals(
          Landed.manifestCounts(Landed.manifest(output, run)),
          feedRows,
          "the manifest of " + run + " counts what its feed files hold");
    }
    assertEquals(
        manifests,
        Landed.allFiles(output.resolve("runs")).stream().sorted().toList(),
        "runs/ holds the manifests, nothing staged is left behind");
  }

  private static String[] run(Path output, String db, String runId) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(
        shop.args(
            output,
            FROM,
            TO,
            "--runId=" + runId,
            "--tables=" + String.join(",", TABLES),
            "--jdbcUrl=" + db,
            "--jdbcUser=" + PostgresServer.SUPERUSER));
    args.addAll(List.of("--runner=DirectRunner", "--targetParallelism=2"));
    return args.toArray(String[]::new);
  }

  private static Set<String> committedRuns(String db) throws SQLException {
    Set<String> runs = new TreeSet<>();
    try {
      for (String row :
          Landed.rows(db, PostgresServer.SUPERUSER, "SELECT run_id FROM courier_runs", Set.of())) {
        runs.add(row.substring("run_id=".length(), row.length() - 1));
      }
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState())) { // no courier_runs yet: killed before its DDL
        throw e;
      }
    }
    return runs;
  }

  /** Run ids that have a file anywhere under feeds/ ({@code feeds/<table>/run_id=<run>/...}). */
  private static Set<String> runsInFeeds(Path output) throws IOException {
    Set<String> runs = new TreeSet<>();
    Path feeds = output.resolve("feeds");
    if (!Files.exists(feeds)) {
      return runs;
    }
    try (Stream<Path> files = Files.walk(feeds)) {
      files
          .filter(Files::isRegularFile)
          .forEach(f -> runs.add(f.getParent().getFileName().toString().replace("run_id=", "")));
    }
    return runs;
  }
}
