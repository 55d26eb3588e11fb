package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.flinkcluster.LocalFlinkCluster;
import courier.simulator.ShopState;
import courier.simulator.ShopifySimulator;
import courier.sink.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The courier on a real Flink 1.19 session cluster: a JobManager and a TaskManager as separate JVMs
 * on loopback, built from Maven Central jars only. The fat jar is submitted the way an operator
 * does it ({@code java -jar courier.jar run --runnerConfig=runner-configs/flink-cluster.properties
 * --flinkMaster=...}), the token reaches driver and workers through SHOPIFY_ACCESS_TOKEN, and the
 * database is PostgreSQL (an H2 file cannot be shared between the client and TaskManager JVMs). The
 * cluster run must land exactly what a DirectRunner run of the same window lands, with the fetch
 * spread over both task slots; a refusal inside the cluster must reach the client with the
 * DirectRunner's message and exit status.
 */
class CourierOnFlinkClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static TestShop shop;
  private static LocalFlinkCluster flink;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    shop =
        TestShop.start(
            dir,
            ShopifySimulator.builder()
                .seed(23)
                .customers(400)
                .orders(900)
                .products(60)
                .locations(3));
    flink =
        LocalFlinkCluster.builder()
            .taskManagerEnv(Map.of("SHOPIFY_ACCESS_TOKEN", shop.sim.accessToken()))
            .start(dir.resolve("flink"));
  }

  @AfterAll
  static void stop() {
    if (flink != null) {
      flink.close();
    }
    if (shop != null) {
      shop.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theClusterLandsExactlyWhatTheDirectRunnerLandsUsingBothSlots() throws Exception {
    Instant now = shop.sim.clock().now();
    String window =
        "--from=" + now.minus(Duration.ofDays(400)) + " --to=" + now.minus(Duration.ofDays(10));
    String clusterDb = postgres.createDatabase("on_cluster");
    String directDb = postgres.createDatabase("on_direct");

    CourierProcess cluster =
        courier(
            dir.resolve("cluster-out"),
            clusterDb,
            "--runnerConfig=runner-configs/flink-cluster.properties --flinkMaster="
                + flink.flinkMaster()
                + " "
                + window);
    assertEquals(0, cluster.exit, cluster.output);
    // The client's own progress, from the JobManager's REST API: the job's page, then the fetch.
    assertTrue(cluster.output.contains("/#/job/running/"), cluster.output);
    assertTrue(cluster.output.contains("orders: "), cluster.output);
    cluster.output.lines().filter(l -> l.contains("progress - ")).forEach(System.out::println);
    CourierProcess direct =
        courier(
            dir.resolve("direct-out"),
            directDb,
            "--runnerConfig=runner-configs/direct.properties " + window);
    assertEquals(0, direct.exit, direct.output);

    Map<String, List<String>> tables = Landed.snapshot(clusterDb, PostgresServer.SUPERUSER);
    assertEquals(
        Landed.snapshot(directDb, PostgresServer.SUPERUSER),
        tables,
        "the cluster's tables equal the DirectRunner's");
    tables.forEach((table, rows) -> assertFalse(rows.isEmpty(), table + " is empty"));
    JsonNode clusterManifest = onlyManifest(dir.resolve("cluster-out"));
    JsonNode directManifest = onlyManifest(dir.resolve("direct-out"));
    assertEquals(Landed.manifestCounts(directManifest), Landed.manifestCounts(clusterManifest));
    assertEquals(
        Landed.manifestCounts(clusterManifest),
        Landed.feedCounts(dir.resolve("cluster-out"), clusterManifest.path("run_id").asText()),
        "Parquet read back");
    assertEquals("FlinkRunner", clusterManifest.path("runner").asText());

    List<Long> fetchedPerSlot = fetchRecordsPerSubtask();
    assertEquals(2, fetchedPerSlot.size(), "the fetch ran at parallelism 2");
    fetchedPerSlot.forEach(
        n -> assertTrue(n > 0, "every task slot fetched records: " + fetchedPerSlot));
  }

  /**
   * The README's {@code flink run -c courier.pipeline.Courier courier.jar run
   * --runnerConfig=runner-configs/flink-cluster.properties --flinkMaster=[auto] ...}, through
   * Flink's own CLI: the job reaches the cluster the CLI submits to and lands every table.
   */
  @Test
  void flinkRunWithTheDocumentedCommandLandsEveryTable() throws Exception {
    Instant now = shop.sim.clock().now();
    String db = postgres.createDatabase("flink_run");
    Path output = dir.resolve("flink-run-out");
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "-c",
                Courier.class.getName(),
                System.getProperty("courier.jar"),
                "run",
                "--runnerConfig=runner-configs/flink-cluster.properties",
                "--flinkMaster=[auto]",
                "--shop=" + TestShop.SHOP,
                "--shopifyBaseUrl=" + shop.sim.baseUrl(),
                "--output=" + output,
                "--jdbcUrl=" + db,
                "--jdbcUser=" + PostgresServer.SUPERUSER,
                "--pageSize=50",
                "--from=" + now.minus(Duration.ofDays(400)),
                "--to=" + now.minus(Duration.ofDays(10))));
    long finishedBefore = finishedJobs();
    FlinkCli.Outcome run =
        FlinkCli.run(flink, ROOT, Map.of("SHOPIFY_ACCESS_TOKEN", shop.sim.accessToken()), args);

    assertEquals(0, run.exit(), run.output());
    assertFalse(run.output().contains(shop.sim.accessToken()), "the token never appears");
    JsonNode manifest = onlyManifest(output);
    assertEquals("FlinkRunner", manifest.path("runner").asText());
    Map<String, Long> tables = Landed.tableCounts(db, PostgresServer.SUPERUSER);
    tables.forEach((table, rows) -> assertTrue(rows > 0, table + " is empty: " + tables));
    assertEquals(tables, Landed.manifestCounts(manifest), "manifest rows");
    assertEquals(
        tables, Landed.feedCounts(output, manifest.path("run_id").asText()), "Parquet read back");
    assertEquals(finishedBefore + 1, finishedJobs(), "one more job finished on the cluster");
  }

  @Test
  void anH2FileWrittenFromTheClusterIsFreeForTheNextRunAndForQueries() throws Exception {
    // One host: the TaskManager writes the H2 file, then the client of the next run and this JVM
    // must be able to open it (H2 allows one process at a time).
    Instant now = shop.sim.clock().now();
    Path output = dir.resolve("h2-cluster");
    String h2 = "jdbc:h2:file:" + output.resolve("courier-db") + ";DATABASE_TO_LOWER=TRUE";
    String onCluster =
        "--runnerConfig=runner-configs/flink-cluster.properties --flinkMaster="
            + flink.flinkMaster()
            + " --tables=order,order_tags";
    CourierProcess first =
        courier(
            output,
            h2,
            onCluster
                + " --from="
                + now.minus(Duration.ofDays(60))
                + " --to="
                + now.minus(Duration.ofDays(30)));
    assertEquals(0, first.exit, first.output);
    CourierProcess next = courier(output, h2, onCluster + " --load=incremental --lookback=PT0S");
    assertEquals(0, next.exit, next.output);
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(h2, PostgresServer.SUPERUSER, "");
        java.sql.ResultSet runs =
            c.createStatement().executeQuery("SELECT count(*) FROM courier_runs")) {
      runs.next();
      assertEquals(2, runs.getLong(1), "both runs recorded");
    }
  }

  @Test
  void aRefusalInsideTheClusterFailsTheClientLikeTheDirectRunner() throws Exception {
    shop.sim.setShopState(ShopState.LOCKED);
    try {
      CourierProcess cluster =
          courier(
              dir.resolve("locked-cluster"),
              postgres.createDatabase("locked_cluster"),
              "--runnerConfig=runner-configs/flink-cluster.properties --flinkMaster="
                  + flink.flinkMaster()
                  + " --load=all");
      CourierProcess direct =
          courier(
              dir.resolve("locked-direct"),
              postgres.createDatabase("locked_direct"),
              "--runnerConfig=runner-configs/direct.properties --load=all");
      assertEquals(3, direct.exit, direct.output);
      assertEquals(direct.exit, cluster.exit, cluster.output);
      assertEquals(direct.errorLine(), cluster.errorLine());
      assertTrue(cluster.errorLine().contains("423"), cluster.errorLine());
      assertFalse(
          Files.exists(dir.resolve("locked-cluster").resolve("runs")),
          "no manifest for a failed run");
    } finally {
      shop.sim.setShopState(ShopState.ACTIVE);
    }
  }

  /**
   * `java -jar courier.jar run ...` from the repository root, the token in the environment only.
   */
  private static CourierProcess courier(Path output, String jdbcUrl, String options)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "java",
                "-Xmx1g",
                "-jar",
                System.getProperty("courier.jar"),
                "run",
                "--shop=" + TestShop.SHOP,
                "--shopifyBaseUrl=" + shop.sim.baseUrl(),
                "--output=" + output,
                "--jdbcUrl=" + jdbcUrl,
                "--jdbcUser=" + PostgresServer.SUPERUSER,
                "--pageSize=50",
                "--targetSliceRecords=100"));
    command.addAll(List.of(options.split(" ")));
    Path log = Files.createTempFile(dir, "courier-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("SHOPIFY_ACCESS_TOKEN", shop.sim.accessToken());
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("courier did not finish in 10 minutes:\n" + Files.readString(log));
    }
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertFalse(printed.contains(shop.sim.accessToken()), "the token never appears in the output");
    return new CourierProcess(p.exitValue(), printed);
  }

  private record CourierProcess(int exit, String output) {
    /**
     * The one-line diagnosis the CLI prints on failure, without the endpoint's query string (it
     * carries the run's own window bounds).
     */
    String errorLine() {
      return output
          .lines()
          .filter(l -> l.startsWith("courier: ") && !l.startsWith("courier: exit"))
          .findFirst()
          .orElse("")
          .replaceAll("\\?[^ :]*", "");
    }
  }

  private static JsonNode onlyManifest(Path output) throws IOException {
    try (var runs = Files.list(output.resolve("runs"))) {
      List<Path> all = runs.toList();
      assertEquals(1, all.size(), "one run, one manifest: " + all);
      return JSON.readTree(all.get(0).resolve("manifest.json").toFile());
    }
  }

  private static long finishedJobs() throws IOException {
    long finished = 0;
    for (JsonNode job : JSON.readTree(flink.rest("jobs/overview")).path("jobs")) {
      finished += "FINISHED".equals(job.path("state").asText()) ? 1 : 0;
    }
    return finished;
  }

  /**
   * Records written by each subtask of the job vertex that runs the fetch, from the cluster's REST
   * API.
   */
  private static List<Long> fetchRecordsPerSubtask() throws IOException {
    JsonNode jobs = JSON.readTree(flink.rest("jobs/overview")).path("jobs");
    // The latest finished job: other tests run jobs on the same cluster, one at a time.
    String jobId = null;
    long latestStart = Long.MIN_VALUE;
    for (JsonNode job : jobs) {
      if ("FINISHED".equals(job.path("state").asText())
          && job.path("start-time").asLong() > latestStart) {
        latestStart = job.path("start-time").asLong();
        jobId = job.path("jid").asText();
      }
    }
    assertTrue(jobId != null, "a finished job on the cluster: " + jobs);
    for (JsonNode vertex : JSON.readTree(flink.rest("jobs/" + jobId)).path("vertices")) {
      if (vertex.path("name").asText().contains("FetchSlices")) {
        List<Long> perSubtask = new ArrayList<>();
        JsonNode details =
            JSON.readTree(flink.rest("jobs/" + jobId + "/vertices/" + vertex.path("id").asText()));
        details
            .path("subtasks")
            .forEach(s -> perSubtask.add(s.path("metrics").path("write-records").asLong()));
        return perSubtask;
      }
    }
    throw new AssertionError("no FetchSlices vertex in the job graph");
  }
}
