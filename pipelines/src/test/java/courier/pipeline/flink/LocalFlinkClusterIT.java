package courier.pipeline.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.ToString;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink session cluster (two JVMs on loopback) that runs Beam jobs submitted client-side
 * from this JVM, the way an operator submits the courier: FlinkRunner, {@code --flinkMaster}, and
 * courier.jar as the staged jar. The cluster's own classpath has no Beam class, so every job
 * here only runs because its jar was staged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalFlinkClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_NAME = "SHOPIFY_ACCESS_TOKEN";
  private static final String SECRET = "shpat_it_" + UUID.randomUUID();

  @TempDir static Path temp;
  private static LocalFlinkCluster cluster;
  private static long startMillis;

  @BeforeAll
  static void startCluster() throws IOException {
    long t0 = System.nanoTime();
    cluster = LocalFlinkCluster.builder()
        .taskManagerEnv(Map.of(SECRET_NAME, SECRET))
        .start(temp.resolve("flink"));
    startMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("cluster ready in " + startMillis + " ms: " + cluster);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void twoJvmsWithTwoSlotsAndNoCourierOrBeamClasses() throws IOException {
    JsonNode overview = JSON.readTree(cluster.rest("overview"));
    assertEquals(1, overview.get("taskmanagers").asInt(), overview.toString());
    assertEquals(2, overview.get("slots-total").asInt(), overview.toString());
    // The cluster is the Flink the Beam runner was built for.
    assertEquals(EnvironmentInformation.getVersion(), overview.get("flink-version").asText());
    assertEquals(EnvironmentInformation.getVersion(), cluster.flinkVersion());

    ProcessHandle jm = cluster.jobManagerProcess().orElseThrow();
    ProcessHandle tm = cluster.taskManagerProcess().orElseThrow();
    assertTrue(jm.pid() != tm.pid() && jm.pid() != ProcessHandle.current().pid());
    assertEquals(Optional.of("jobmanager"), LocalFlinkCluster.role(jm));
    assertEquals(Optional.of("taskmanager"), LocalFlinkCluster.role(tm));
    // The full command lines (the JDK's ProcessHandle.Info stops at 4096 bytes).
    String jmCmd = cmdline(jm.pid());
    String tmCmd = cmdline(tm.pid());
    assertTrue(jmCmd.contains(" " + LocalFlinkCluster.JOB_MANAGER_MAIN + " "), jmCmd);
    assertTrue(tmCmd.contains(" " + LocalFlinkCluster.TASK_MANAGER_MAIN + " "), tmCmd);
    for (String cmd : List.of(jmCmd, tmCmd)) {
      String cp = cmd.replaceAll(".* -cp (\\S+) .*", "$1");
      for (String entry : cp.split(":")) {
        assertTrue(Path.of(entry).startsWith(flinkLib()), "not a Flink cluster jar: " + entry);
        assertFalse(entry.contains("courier") || entry.contains("beam-"), entry);
      }
    }
    assertFalse(cluster.classpath().isEmpty());
    for (Path jar : cluster.classpath()) {
      assertTrue(jar.startsWith(flinkLib()), jar + " is not from " + flinkLib());
      assertFalse(jar.getFileName().toString().contains("beam"), jar.toString());
    }
    // Logs go to files in the work dir.
    assertTrue(Files.size(cluster.jobManagerLog()) > 0);
    assertTrue(Files.size(cluster.taskManagerLog()) > 0);
    assertEquals(List.of(jm.pid(), tm.pid()).stream().sorted().collect(Collectors.toList()),
        LocalFlinkCluster.processesOf(cluster.workDir()).stream().map(ProcessHandle::pid).sorted()
            .collect(Collectors.toList()));
  }

  /** Beam built-in transforms only: everything the job needs comes from the staged courier.jar. */
  @Test
  @Order(2)
  void runsABeamJobStagedFromTheCourierJar() throws Exception {
    Path out = temp.resolve("ok");
    Pipeline p = Pipeline.create(options("courier-flink-it-ok", courierJar()));
    p.apply("Numbers", GenerateSequence.from(0).to(10_000))
        .apply("Sum", Sum.longsGlobally())
        .apply("SumToString", ToString.elements())
        .apply("WriteSum", TextIO.write().to(out.resolve("sum").toString()).withoutSharding());
    p.apply("Words", Create.of(List.of("order", "customer", "order", "product", "order", "customer")))
        .apply("CountWords", Count.perElement())
        .apply("CountsToString", ToString.kvs(":"))
        .apply("WriteCounts", TextIO.write().to(out.resolve("counts").toString()));

    long t0 = System.nanoTime();
    PipelineResult result = p.run();
    assertEquals(PipelineResult.State.DONE, result.waitUntilFinish());
    System.out.println("ok job submitted and finished in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

    assertEquals(List.of("49995000"), Files.readAllLines(out.resolve("sum")));
    assertEquals(List.of("customer:2", "order:3", "product:1"), sortedLinesOf(out, "counts"));

    JsonNode job = job("courier-flink-it-ok");
    assertEquals("FINISHED", job.get("state").asText(), job.toString());
    JsonNode detail = JSON.readTree(cluster.rest("jobs/" + job.get("jid").asText()));
    int maxParallelism = StreamSupport.stream(detail.get("vertices").spliterator(), false)
        .mapToInt(v -> v.get("parallelism").asInt()).max().orElse(0);
    assertEquals(2, maxParallelism, "the job used both slots: " + detail);
  }

  /** A job that fails on the cluster makes the client's run() throw with the cause's message. */
  @Test
  @Order(3)
  void aJobFailingOnTheClusterFailsOnTheClientWithItsCause() throws IOException {
    String missing = temp.resolve("no-such-input.txt").toString();
    Pipeline p = Pipeline.create(options("courier-flink-it-fail", courierJar()));
    // withHintMatchesManyFiles(): the file is matched by a DoFn on the TaskManager, not while the
    // JobManager builds the job's splits.
    p.apply("ReadMissing", TextIO.read().from(missing).withHintMatchesManyFiles())
        .apply("Write", TextIO.write().to(temp.resolve("fail-out").toString()));

    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    String chain = causes(e);
    System.out.println("failed job surfaced on the client as:\n" + chain);
    assertTrue(chain.contains("No files matched spec: " + missing), chain);

    JsonNode job = job("courier-flink-it-fail");
    assertEquals("FAILED", job.get("state").asText(), job.toString());
  }

  /**
   * The TaskManager's extra environment reaches the workers (where the courier reads its secrets);
   * the JobManager does not get it. The DoFn comes from this test's classes, staged as a second jar.
   */
  @Test
  @Order(4)
  void workersSeeTheTaskManagerEnvironment() throws Exception {
    Path out = temp.resolve("env");
    Path testClasses = Path.of(WorkerEnv.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    FlinkPipelineOptions options = options("courier-flink-it-env", courierJar(), testClasses.toString());
    Pipeline p = Pipeline.create(options);
    p.apply(Create.of(SECRET_NAME, "COURIER_IT_UNSET_VARIABLE"))
        .apply(ParDo.of(new WorkerEnv()))
        .apply(TextIO.write().to(out.resolve("env").toString()).withoutSharding());
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    assertEquals(List.of("COURIER_IT_UNSET_VARIABLE unset", SECRET_NAME + " sha256=" + sha256(SECRET)),
        sortedLinesOf(out, "env"));
    // Straight from the processes: only the TaskManager has it.
    assertTrue(environ(cluster.taskManagerPid()).contains(SECRET_NAME + "=" + SECRET));
    if (System.getenv(SECRET_NAME) == null) {
      assertFalse(environ(cluster.jobManagerPid()).contains(SECRET_NAME + "="));
    }
  }

  @Test
  @Order(5)
  void stopEndsBothJvms() throws IOException {
    ProcessHandle jm = cluster.jobManagerProcess().orElseThrow();
    ProcessHandle tm = cluster.taskManagerProcess().orElseThrow();
    System.out.println("RSS after the jobs: JobManager " + rss(jm.pid()) + ", TaskManager " + rss(tm.pid()));
    long t0 = System.nanoTime();
    cluster.stop();
    System.out.println("stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    assertFalse(jm.isAlive(), "JobManager still alive");
    assertFalse(tm.isAlive(), "TaskManager still alive");
    assertFalse(cluster.isRunning());
    assertEquals(List.of(), LocalFlinkCluster.processesOf(cluster.workDir()));
    assertFalse(Files.exists(cluster.workDir().resolve(LocalFlinkCluster.STATE_FILE)));
    assertThrows(IOException.class, () -> cluster.rest("overview"));
    cluster.stop(); // idempotent
  }

  /** A start that never gets ready stops both JVMs and says why, with the logs' tails. */
  @Test
  @Order(6)
  void aStartThatTimesOutLeavesNothingBehind() {
    Path workDir = temp.resolve("too-slow");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalFlinkCluster.builder().startTimeout(Duration.ofMillis(500)).start(workDir));
    assertTrue(e.getMessage().contains("did not become ready within"), e.getMessage());
    assertTrue(e.getMessage().contains("logs in " + workDir.resolve("log")), e.getMessage());
    assertEquals(List.of(), LocalFlinkCluster.processesOf(workDir));
  }

  @Test
  @Order(7)
  void missingClusterJarsAreExplained() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LocalFlinkCluster.builder().flinkLib(temp.resolve("nowhere")).start(temp.resolve("x")));
    assertTrue(e.getMessage().contains("./mvnw"), e.getMessage());
  }

  /** Outputs, for each variable name, whether it is set on the worker and a hash of its value. */
  static final class WorkerEnv extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String name, OutputReceiver<String> out) throws Exception {
      String value = System.getenv(name);
      out.output(value == null ? name + " unset" : name + " sha256=" + sha256(value));
    }
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static FlinkPipelineOptions options(String jobName, String... filesToStage) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster(cluster.flinkMaster());
    options.setParallelism(2);
    options.setJobName(jobName);
    options.setFilesToStage(List.of(filesToStage));
    // Beam zips a staged folder (the test classes) into a jar here.
    options.setTempLocation(temp.toString());
    return options;
  }

  private static JsonNode job(String name) throws IOException {
    JsonNode jobs = JSON.readTree(cluster.rest("jobs/overview")).get("jobs");
    return StreamSupport.stream(jobs.spliterator(), false)
        .filter(j -> name.equals(j.get("name").asText()))
        .findFirst()
        .orElseGet(() -> fail("no job " + name + " on the cluster: " + jobs));
  }

  private static String courierJar() {
    Path jar = Path.of(System.getProperty("courier.jar", "target/courier.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no " + jar + ": run the package phase first");
    return jar.toString();
  }

  private static Path flinkLib() {
    return Path.of(System.getProperty(LocalFlinkCluster.FLINK_LIB_PROPERTY, "target/flink-dist/lib"))
        .toAbsolutePath().normalize();
  }

  private static String cmdline(long pid) throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
        .replace('\0', ' ');
  }

  private static String rss(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).map(l -> l.substring(6).trim()).findFirst().orElse("?");
  }

  private static String environ(long pid) throws IOException {
    return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8)
        .replace('\0', '\n');
  }

  private static List<String> sortedLinesOf(Path dir, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).collect(Collectors.toList())) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    lines.sort(null);
    return lines;
  }

  private static String causes(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
      if (c.getCause() == c) {
        break;
      }
    }
    return s.toString();
  }
}
