package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.InlineTables;
import courier.schema.TableSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run ids across attempts, on in-memory H2 and a temporary output directory: whose id a run id is
 * (courier_runs, else a manifest), which committed runs still need publishing, and what a failed
 * attempt's retry clears.
 */
class RunAttemptsTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final String OTHER_SHOP = "other.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final TableSchema ORDER = TestDatabase.ORDER;

  @TempDir Path dir;
  private String output;
  private TestDatabase database;
  private JdbcTarget db;
  private StagedRows staged;

  @BeforeEach
  void createTables() throws SQLException {
    output = dir.resolve("out").toString();
    database = TestDatabase.create(SHOP, List.of(ORDER));
    db = database.target;
    staged = database.staged;
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    database.close();
  }

  @Test
  void aCommittedRunIdBelongsToItsShopAndWindow() throws Exception {
    RunInfo run = TestRuns.run("run-1", SHOP, T0);
    assertEquals(Optional.empty(), RunAttempts.holder(db, output, run), "a free id");
    assertFalse(RunAttempts.isCommitted(db, "run-1"));
    record(run);
    assertTrue(RunAttempts.isCommitted(db, "run-1"));
    assertFalse(RunAttempts.isCommitted(db, "run-2"));

    assertEquals(Optional.empty(), RunAttempts.holder(db, output, run), "the same run: a retry");
    String held = "courier_runs holds run run-1 of shop acme.myshopify.com, window ";
    assertEquals(
        Optional.of(held + "[2026-04-30T00:00:00Z, 2026-05-01T00:00:00Z)"),
        RunAttempts.holder(db, output, TestRuns.run("run-1", OTHER_SHOP, T0)));
    RunInfo laterEnd =
        TestRuns.builder("run-1", SHOP, T0)
            .window(T0.minus(Duration.ofDays(1)), T0.plusSeconds(1))
            .build();
    RunInfo laterStart = TestRuns.builder("run-1", SHOP, T0).window(T0.minusSeconds(1), T0).build();
    assertTrue(RunAttempts.holder(db, output, laterEnd).orElseThrow().startsWith(held));
    assertTrue(RunAttempts.holder(db, output, laterStart).orElseThrow().startsWith(held));
  }

  @Test
  void aGroupsRunIsComparedAsAWholeWhateverTheOrderOfItsShops() throws Exception {
    RunInfo eu = member("acme-eu.myshopify.com", T0.minus(Duration.ofDays(2)), T0);
    RunInfo us = member("acme-us.myshopify.com", T0.minus(Duration.ofDays(1)), T0.plusSeconds(60));
    RunInfo.ofGroup("nightly", List.of(eu, us)).shops().forEach(this::record);

    assertEquals(
        Optional.empty(),
        RunAttempts.holder(db, output, RunInfo.ofGroup("nightly", List.of(us, eu))));
    RunInfo euOnly = RunInfo.ofGroup("nightly", List.of(eu));
    assertEquals(
        Optional.of(
            "courier_runs holds run nightly-1 of shop acme-eu.myshopify.com,acme-us.myshopify.com,"
                + " window [2026-04-29T00:00:00Z, 2026-05-01T00:01:00Z)"),
        RunAttempts.holder(db, output, euOnly));
  }

  @Test
  void withoutACommitTheManifestSaysWhoseIdItIs() throws Exception {
    writeFile(
        "runs/run-7/manifest.json",
        "{\"run_id\": \"run-7\", \"shop\": \"acme.myshopify.com\", \"window\":"
            + " {\"from\": \"2026-04-30T00:00:00Z\", \"to\": \"2026-05-01T00:00:00Z\"}}");

    assertEquals(Optional.empty(), RunAttempts.holder(db, output, TestRuns.run("run-7", SHOP, T0)));
    assertEquals(
        Optional.of(
            "the manifest "
                + RunManifest.location(output, "run-7")
                + " is of run run-7 of shop acme.myshopify.com, window [2026-04-30T00:00:00Z,"
                + " 2026-05-01T00:00:00Z)"),
        RunAttempts.holder(db, output, TestRuns.run("run-7", OTHER_SHOP, T0)));
  }

  @Test
  void onlyCommittedRunsArePublishedByTheNextRun() throws Exception {
    record(TestRuns.run("committed", SHOP, T0));
    for (String run : List.of("committed", "running")) {
      writeFile("runs/" + run + "/feeds/o/part-0.parquet", run);
      writeFile(
          "runs/" + run + "/" + RunPaths.PENDING_MANIFEST,
          "{\"run_id\": \""
              + run
              + "\", \"tables\": {\"o\": {\"files\":"
              + " [\"feeds/o/run_id="
              + run
              + "/part-0.parquet\"]}}}");
    }

    assertEquals(List.of("committed"), RunAttempts.finishCommitted(db, output));

    assertEquals(
        "committed", Files.readString(dir.resolve("out/feeds/o/run_id=committed/part-0.parquet")));
    assertTrue(Files.exists(dir.resolve("out/runs/committed/manifest.json")));
    assertTrue(Files.exists(dir.resolve("out/runs/running/" + RunPaths.PENDING_MANIFEST)));
    assertTrue(Files.exists(dir.resolve("out/runs/running/feeds/o/part-0.parquet")));
    assertFalse(Files.exists(dir.resolve("out/feeds/o/run_id=running")));
  }

  @Test
  void aRetryClearsWhatItsFailedAttemptLeftAndNothingOfOtherRuns() throws Exception {
    for (String run : List.of("failed", "other")) {
      RunInfo info = TestRuns.run(run, SHOP, T0);
      staged.stage(info, ORDER, new Object[] {1L, run});
      staged.seen(info, "orders", 1L);
      writeFile("runs/" + run + "/feeds/o/part-0.parquet", run);
      writeFile("runs/" + run + "/.temp-beam/x", run);
      // Where runs before staged files wrote their files, and the rejects' and deletions' feeds.
      writeFile("feeds/o/run_id=" + run + "/part-0.parquet", run);
      writeFile("feeds/_rejects/run_id=" + run + "/part-0.parquet", run);
      writeFile("feeds/_deletions/run_id=" + run + "/part-0.parquet", run);
    }
    // A table the run names whose staging was never created is no reason to fail.
    TableSchema never =
        InlineTables.table(
            "never", "orders", "", "[id]", "{name: id, type: int64, source: id, description: d}");

    RunAttempts.clearUncommitted(db, output, List.of(never, ORDER), "failed");

    assertEquals(List.of("1 other"), staged.rows(staged.staging("other", "o"), "id", "_run_id"));
    assertEquals(
        List.of("1 other"), staged.rows(staged.rootKeysStaging("other"), "_root_id", "_run_id"));
    // The failed attempt's tables are gone, and no longer recorded.
    List<String> left = StagedRows.stagingTablesLeft(db);
    assertTrue(
        left.stream().noneMatch(t -> t.contains(JdbcTarget.runKey("failed"))), left.toString());
    assertTrue(left.contains("recorded " + db.stagingTable("o", "other")), left.toString());
    assertEquals(
        List.of(
            "feeds/_deletions/run_id=other/part-0.parquet",
            "feeds/_rejects/run_id=other/part-0.parquet",
            "feeds/o/run_id=other/part-0.parquet",
            "runs/other/.temp-beam/x",
            "runs/other/feeds/o/part-0.parquet"),
        files());
  }

  private void record(RunInfo run) {
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      CourierRuns.record(c, db, run, Map.of("o", 1L), Map.of(), 0, run.startedAt());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RunInfo member(String shop, Instant from, Instant to) {
    return TestRuns.builder("nightly-1", shop, to).window(from, to).group("nightly").build();
  }

  private void writeFile(String path, String content) throws IOException {
    Path file = dir.resolve("out").resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Regular files under the output directory, relative, sorted. */
  private List<String> files() throws IOException {
    Path root = dir.resolve("out");
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
