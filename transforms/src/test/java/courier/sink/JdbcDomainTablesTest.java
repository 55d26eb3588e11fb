package courier.sink;

import static courier.sink.SinkTestRuns.CUSTOMER_TABLES;
import static courier.sink.SinkTestRuns.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.fetch.ShopifyEntity;
import courier.normalize.Fixtures;
import courier.normalize.Normalize;
import courier.normalize.NormalizedTables;
import courier.shopify.ShopifyResource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JdbcDomainTables (and the Barrier sequencing it) on the DirectRunner with the customer tables
 * only and a handful of entities, into an H2 file: small enough to run per mutant. The whole
 * contract over every table is DomainSinksContract's.
 */
class JdbcDomainTablesTest {
  private static final RunInfo RUN = SinkTestRuns.customersRun("run-jdbc-1").build();

  @TempDir Path directory;

  private JdbcTarget database() {
    return JdbcTarget.of("jdbc:h2:file:" + directory.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
  }

  /** Two customers, one entity that must be rejected. */
  private static NormalizedTables customers(Pipeline p) {
    List<ShopifyEntity> input = new ArrayList<>();
    input.add(
        Fixtures.entity(
            ShopifyResource.CUSTOMERS, Fixtures.payload(ShopifyResource.CUSTOMERS, 207119551L)));
    input.add(
        Fixtures.entity(
            ShopifyResource.CUSTOMERS, Fixtures.payload(ShopifyResource.CUSTOMERS, 1073339462L)));
    input.add(DomainSinksContract.rejectedCustomer());
    return p.apply("Entities", Create.of(input).withCoder(ShopifyEntity.EntityCoder.of()))
        .apply(
            "Normalize",
            Normalize.into(CUSTOMER_TABLES).withRunId(RUN.runId()).withSyncedAt(RUN.startedAt()));
  }

  @Test
  void stagesCommitsAndRecordsTheRunThenReleasesTheH2File() throws Exception {
    JdbcTarget db = database();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = customers(p);
    PCollection<String> parquetDone = p.apply("ParquetDone", Create.of("files staged"));
    PCollection<String> committed =
        normalized.apply(
            "JdbcDomainTables",
            JdbcDomainTables.to(db)
                .withRunInfo(RUN)
                .withBatchSize(1)
                .withStagingRetention(Duration.ZERO)
                .committingAfter(parquetDone)
                .committingAfter(parquetDone));
    PAssert.that(committed).containsInAnyOrder(RUN.runId());
    p.run().waitUntilFinish();

    // SHUTDOWN after the commit closed the H2 file: the pooled staging connections are gone.
    assertEquals(1L, single(db, "SELECT COUNT(*) FROM information_schema.sessions"));
    assertEquals(
        List.of(
            "207119551 bob.norman@mail.example.com", "1073339462 steve.lastnameson@example.com"),
        strings(db, "SELECT \"id\", \"email\" FROM \"shopify_customer\" ORDER BY \"id\""));
    assertEquals(
        List.of("207119551 207119551", "1053317292 1073339462"),
        strings(
            db,
            "SELECT \"id\", \"customer_id\" FROM \"shopify_customer_address\" ORDER BY \"id\""));
    assertEquals(
        List.of("run-jdbc-1 2"),
        strings(
            db,
            "SELECT DISTINCT \"_run_id\", COUNT(*) FROM \"shopify_customer\" GROUP BY \"_run_id\""));

    CourierRuns.Run recorded = CourierRuns.find(db, RUN.runId()).orElseThrow();
    assertEquals(CourierRuns.STATUS_SUCCEEDED, recorded.status());
    assertEquals(1, recorded.rejects());
    assertEquals(2L, recorded.tableCounts().get("customer"));
    assertEquals(2L, recorded.tableCounts().get("customer_address"));
    assertEquals(Map.of("customers", List.of(66L)), RejectLedger.open(db, Fixtures.SHOP));
    assertEquals(
        List.of(), StagedRows.stagingTablesLeft(db), "the commit dropped the run's staging tables");
  }

  /**
   * The promise of committingAfter(). On the DirectRunner the failure usually stops the run before
   * the commit could start even without the wait, so what makes the wait certain is checked
   * structurally below.
   */
  @Test
  void aFailedCommitSignalCommitsNothing() throws Exception {
    JdbcTarget db = database();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = customers(p);
    PCollection<String> failing =
        p.apply("Parquet", Create.of("part-0"))
            .apply(
                "ParquetFails",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        (String file) -> {
                          throw new IllegalStateException("Parquet write failed on purpose");
                        }));
    normalized.apply(
        "JdbcDomainTables", JdbcDomainTables.to(db).withRunInfo(RUN).committingAfter(failing));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    assertTrue(String.valueOf(e.getMessage()).contains("failed on purpose"), e.toString());
    awaitTheFailedRunsWorkers();

    assertTrue(CourierRuns.find(db, RUN.runId()).isEmpty(), "the run is not recorded");
  }

  /**
   * A failed DirectRunner run returns while its other workers finish the bundles they hold (here:
   * staging into this test's H2 file), and a file they create while JUnit deletes the temporary
   * folder fails the test (CI, 2026-11-30). Waits, at most a minute, until they have ended.
   */
  private static void awaitTheFailedRunsWorkers() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline
        && Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.isAlive() && t.getName().startsWith("direct-runner-worker"))) {
      Thread.sleep(50);
    }
  }

  /**
   * What holds the commit back on the DirectRunner is its side inputs (see Barrier): one per
   * signal, besides the rejects, reject keys, deletions, the entities read in several versions, the
   * end of staging and the tables.
   */
  @Test
  void theCommitTakesEverySignalAsASideInput() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = customers(p);
    PCollection<String> files = p.apply("Files", Create.of("part-0"));
    PCollection<String> manifest = p.apply("Manifest", Create.of("manifest"));
    normalized.apply(
        "JdbcDomainTables",
        JdbcDomainTables.to(database())
            .withRunInfo(RUN)
            .committingAfter(files)
            .committingAfter(manifest));
    assertEquals(List.of(6 + 2), SinkTestRuns.sideInputsOf(p, "JdbcDomainTables/Commit/"));
  }

  @Test
  void refusesIncompleteSettingsSayingWhichOne() {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:mem:never-opened");
    JdbcDomainTables sink = JdbcDomainTables.to(db);
    assertRefused("JdbcDomainTables.to() needs a target", () -> JdbcDomainTables.to(null));
    assertRefused("withRunInfo() needs the run", () -> sink.withRunInfo(null));
    assertRefused("committingAfter() needs a collection", () -> sink.committingAfter(null));
    assertRefused("withBatchSize() needs a positive size", () -> sink.withBatchSize(0));
    assertRefused("withBatchSize() needs a positive size", () -> sink.withBatchSize(-5));
    String retention = "withStagingRetention() needs a non-negative duration";
    assertRefused(retention, () -> sink.withStagingRetention(null));
    assertRefused(retention, () -> sink.withStagingRetention(Duration.ofSeconds(-1)));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = customers(p);
    assertRefused("JdbcDomainTables needs withRunInfo()", () -> normalized.apply("Sink", sink));
  }

  @Test
  void displaysTheRunAndTheBatchSize() {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:mem:display").withUser("courier");
    JdbcDomainTables sink = JdbcDomainTables.to(db).withBatchSize(1);
    Map<String, Object> shown = items(DisplayData.from(sink));
    assertFalse(shown.containsKey("runId"), shown.toString());
    assertEquals(1L, shown.get("batchSize"));
    assertEquals("courier", shown.get("user"));

    Map<String, Object> withRun =
        items(
            DisplayData.from(
                sink.withRunInfo(RUN).withStagingRetention(Duration.ZERO).withBatchSize(7)));
    assertEquals(RUN.runId(), withRun.get("runId"));
    assertEquals(7L, withRun.get("batchSize"));
  }

  private static Map<String, Object> items(DisplayData data) {
    Map<String, Object> items = new java.util.TreeMap<>();
    data.items().forEach(i -> items.put(i.getKey(), i.getValue()));
    return items;
  }

  private static long single(JdbcTarget db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(JdbcTarget db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2));
      }
    }
    return rows;
  }
}
