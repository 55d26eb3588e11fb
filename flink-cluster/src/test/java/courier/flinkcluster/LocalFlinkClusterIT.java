package courier.flinkcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Flink session cluster from the jars the build copied, with two TaskManager JVMs (so one
 * JobManager and two TaskManagers on loopback; the pipelines' cluster tests run the default single
 * TaskManager): what it runs, where it logs, how it stops and how a failed start is reported. Jobs
 * on it are tested where a job jar exists (pipelines' BeamJobsOnFlinkClusterIT and
 * CourierOnFlinkClusterIT).
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
    cluster =
        LocalFlinkCluster.builder()
            .taskManagers(2)
            .taskSlots(1)
            // No job runs here: small TaskManagers spare the machine's memory.
            .taskManagerMemory("1536m")
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
  void threeJvmsWithASlotPerTaskManagerAndNoCourierOrBeamClasses() throws IOException {
    JsonNode overview = JSON.readTree(cluster.rest("overview"));
    assertEquals(2, overview.get("taskmanagers").asInt(), overview.toString());
    assertEquals(2, overview.get("slots-total").asInt(), overview.toString());
    assertEquals(2, cluster.taskManagers());
    assertEquals(1, cluster.taskSlots());
    // The cluster runs the Flink version the build copied.
    String flinkVersion = System.getProperty("courier.flink.version");
    assertEquals(flinkVersion, overview.get("flink-version").asText());
    assertEquals(flinkVersion, cluster.flinkVersion());

    ProcessHandle jm = cluster.jobManagerProcess().orElseThrow();
    List<ProcessHandle> tms = cluster.taskManagerProcesses();
    assertEquals(2, tms.size());
    List<Long> pids = new ArrayList<>(List.of(jm.pid()));
    tms.forEach(tm -> pids.add(tm.pid()));
    assertEquals(3, pids.stream().distinct().count(), pids.toString());
    assertFalse(pids.contains(ProcessHandle.current().pid()));
    assertEquals(Optional.of("jobmanager"), ClusterJvms.role(jm));
    // The full command lines (the JDK's ProcessHandle.Info stops at 4096 bytes).
    List<String> jmArgs = arguments(jm.pid());
    assertTrue(jmArgs.contains(ClusterJvms.JOB_MANAGER_MAIN), jmArgs.toString());
    List<List<String>> allArgs = new ArrayList<>(List.of(jmArgs));
    for (ProcessHandle tm : tms) {
      assertEquals(Optional.of("taskmanager"), ClusterJvms.role(tm));
      List<String> tmArgs = arguments(tm.pid());
      assertTrue(tmArgs.contains(ClusterJvms.TASK_MANAGER_MAIN), tmArgs.toString());
      allArgs.add(tmArgs);
    }
    assertFalse(cluster.classpath().isEmpty());
    for (List<String> args : allArgs) {
      String cp = args.get(args.indexOf("-cp") + 1);
      List<Path> entries =
          Stream.of(cp.split(File.pathSeparator)).map(Path::of).collect(Collectors.toList());
      assertEquals(cluster.classpath(), entries);
    }
    // Judged by the jars' names and contents, not by their paths: the checkout may sit anywhere.
    for (Path jar : cluster.classpath()) {
      assertEquals(flinkLib(), jar.getParent(), "not a Flink cluster jar: " + jar);
      String name = jar.getFileName().toString();
      assertFalse(name.startsWith("courier") || name.startsWith("beam-"), jar.toString());
      assertEquals(List.of(), courierOrBeamClasses(jar), jar.toString());
    }
    // Logs go to files in the work dir, one per JVM.
    assertTrue(Files.size(cluster.jobManagerLog()) > 0);
    assertEquals(
        List.of(
            cluster.logDir().resolve("taskmanager.log"),
            cluster.logDir().resolve("taskmanager-2.log")),
        cluster.taskManagerLogs());
    for (Path log : cluster.taskManagerLogs()) {
      assertTrue(Files.size(log) > 0, log.toString());
    }
    assertEquals(
        pids.stream().sorted().collect(Collectors.toList()),
        LocalFlinkCluster.processesOf(cluster.workDir()).stream()
            .map(ProcessHandle::pid)
            .sorted()
            .collect(Collectors.toList()));
    // Another JVM (the next bin/flink-local-cluster command) finds every TaskManager again.
    LocalFlinkCluster attached = LocalFlinkCluster.attach(cluster.workDir()).orElseThrow();
    assertEquals(cluster.taskManagerPids(), attached.taskManagerPids());
    assertTrue(attached.isRunning());
  }

  /** Flink read the generated config.yaml (its standard YAML parser) as it was meant. */
  @Test
  @Order(2)
  void theClusterRunsWithTheGeneratedConfiguration() throws IOException {
    Map<String, String> config = new HashMap<>();
    for (JsonNode entry : JSON.readTree(cluster.rest("jobmanager/config"))) {
      config.put(entry.get("key").asText(), entry.get("value").asText());
    }
    assertEquals(Integer.toString(cluster.restPort()), config.get("rest.port"), config.toString());
    assertEquals("0.25", config.get("taskmanager.memory.managed.fraction"));
    assertEquals("64", config.get("taskmanager.network.sort-shuffle.min-buffers"));
    assertEquals("60 s", config.get("pekko.ask.timeout"));
    assertEquals("false", config.get("classloader.check-leaked-classloader"));
    assertEquals("none", config.get("restart-strategy.type"));
  }

  /**
   * The TaskManagers' extra environment (where jobs' workers read their secrets) reaches each of
   * their JVMs; the JobManager does not get it.
   */
  @Test
  @Order(3)
  void onlyTheTaskManagersGetTheirExtraEnvironment() throws IOException {
    for (long pid : cluster.taskManagerPids()) {
      assertTrue(environ(pid).contains(SECRET_NAME + "=" + SECRET), "TaskManager " + pid);
    }
    if (System.getenv(SECRET_NAME) == null) {
      assertFalse(environ(cluster.jobManagerPid()).contains(SECRET_NAME + "="));
    }
    List<Path> logs = new ArrayList<>(cluster.taskManagerLogs());
    logs.add(cluster.jobManagerLog());
    for (Path log : logs) {
      String text = Files.readString(log, StandardCharsets.ISO_8859_1);
      assertFalse(text.contains(SECRET), log + " holds the secret");
    }
  }

  @Test
  @Order(4)
  void stopEndsEveryJvm() throws IOException {
    ProcessHandle jm = cluster.jobManagerProcess().orElseThrow();
    List<ProcessHandle> tms = cluster.taskManagerProcesses();
    System.out.println(
        "RSS: JobManager " + rss(jm.pid()) + ", TaskManager " + rss(tms.get(0).pid()));
    long t0 = System.nanoTime();
    cluster.stop();
    System.out.println("stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    assertFalse(jm.isAlive(), "JobManager still alive");
    for (ProcessHandle tm : tms) {
      assertFalse(tm.isAlive(), "TaskManager " + tm.pid() + " still alive");
    }
    assertFalse(cluster.isRunning());
    assertEquals(List.of(), LocalFlinkCluster.processesOf(cluster.workDir()));
    assertFalse(Files.exists(cluster.workDir().resolve(WorkDir.STATE_FILE)));
    assertThrows(IOException.class, () -> cluster.rest("overview"));
    cluster.stop(); // idempotent
  }

  /** A start that never gets ready stops both JVMs and says why, with the logs' tails. */
  @Test
  @Order(5)
  void aStartThatTimesOutLeavesNothingBehind() {
    Path workDir = temp.resolve("too-slow");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LocalFlinkCluster.builder().startTimeout(Duration.ofMillis(500)).start(workDir));
    assertTrue(e.getMessage().contains("did not become ready within"), e.getMessage());
    assertTrue(e.getMessage().contains("logs in " + workDir.resolve("log")), e.getMessage());
    assertEquals(List.of(), LocalFlinkCluster.processesOf(workDir));
  }

  @Test
  @Order(6)
  void missingClusterJarsAreExplained() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                LocalFlinkCluster.builder()
                    .flinkLib(temp.resolve("none"))
                    .start(temp.resolve("x")));
    assertTrue(e.getMessage().contains("./mvnw"), e.getMessage());
  }

  private static Path flinkLib() {
    String lib = System.getProperty(LocalFlinkCluster.FLINK_LIB_PROPERTY, "target/flink-dist/lib");
    return Path.of(lib).toAbsolutePath().normalize();
  }

  /** A process's arguments, from /proc: NUL-separated, so paths with spaces stay whole. */
  private static List<String> arguments(long pid) throws IOException {
    return List.of(procFile(pid, "cmdline").split("\0"));
  }

  private static List<String> courierOrBeamClasses(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream()
          .map(ZipEntry::getName)
          .filter(n -> n.startsWith("courier/") || n.startsWith("org/apache/beam/"))
          .limit(5)
          .collect(Collectors.toList());
    }
  }

  private static String rss(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> l.substring(6).trim())
        .findFirst()
        .orElse("?");
  }

  private static String environ(long pid) throws IOException {
    return procFile(pid, "environ").replace('\0', '\n');
  }

  private static String procFile(long pid, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), name));
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
