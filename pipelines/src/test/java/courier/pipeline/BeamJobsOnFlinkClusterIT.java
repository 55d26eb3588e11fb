package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.flinkcluster.LocalFlinkCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beam jobs submitted client-side from this JVM to the local Flink session cluster, the way an
 * operator submits the courier: FlinkRunner, {@code --flinkMaster}, and courier.jar as the staged
 * jar. The cluster's own classpath has no Beam class (the flink-cluster module's tests check that),
 * so every job here only runs because its jar was staged.
 */
class BeamJobsOnFlinkClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET_NAME = "SHOPIFY_ACCESS_TOKEN";
  private static final String SECRET = "shpat_it_" + UUID.randomUUID();

  @TempDir static Path temp;
  private static LocalFlinkCluster cluster;

  @BeforeAll
  static void startCluster() throws IOException {
    cluster =
        LocalFlinkCluster.builder()
            .taskManagerEnv(Map.of(SECRET_NAME, SECRET))
            .start(temp.resolve("flink"));
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theClusterIsTheFlinkTheBeamRunnerWasBuiltFor() {
    assertEquals(EnvironmentInformation.getVersion(), cluster.flinkVersion());
  }

  /** Beam built-in transforms only: everything the job needs comes from the staged courier.jar. */
  @Test
  void runsABeamJobStagedFromTheCourierJar() throws Exception {
    Path out = temp.resolve("ok");
    Pipeline p = Pipeline.create(options("courier-flink-it-ok", courierJar()));
    p.apply("Numbers", GenerateSequence.from(0).to(10_000))
        .apply("Sum", Sum.longsGlobally())
        .apply("SumToString", ToString.elements())
        .apply("WriteSum", TextIO.write().to(out.resolve("sum").toString()).withoutSharding());
    List<String> words = List.of("order", "customer", "order", "product", "order", "customer");
    p.apply("Words", Create.of(words))
        .apply("CountWords", Count.perElement())
        .apply("CountsToString", ToString.kvs(":"))
        .apply("WriteCounts", TextIO.write().to(out.resolve("counts").toString()));

    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    assertEquals(List.of("49995000"), Files.readAllLines(out.resolve("sum")));
    assertEquals(List.of("customer:2", "order:3", "product:1"), sortedLinesOf(out, "counts"));

    JsonNode job = job("courier-flink-it-ok");
    assertEquals("FINISHED", job.get("state").asText(), job.toString());
    JsonNode detail = JSON.readTree(cluster.rest("jobs/" + job.get("jid").asText()));
    int maxParallelism =
        StreamSupport.stream(detail.get("vertices").spliterator(), false)
            .mapToInt(v -> v.get("parallelism").asInt())
            .max()
            .orElse(0);
    assertEquals(2, maxParallelism, "the job used both slots: " + detail);
  }

  /** A job that fails on the cluster makes the client's run() throw with the cause's message. */
  @Test
  void aJobFailingOnTheClusterFailsOnTheClientWithItsCause() throws IOException {
    String missing = temp.resolve("no-such-input.txt").toString();
    Pipeline p = Pipeline.create(options("courier-flink-it-fail", courierJar()));
    // withHintMatchesManyFiles(): the file is matched by a DoFn on the TaskManager, not while the
    // JobManager builds the job's splits.
    p.apply("ReadMissing", TextIO.read().from(missing).withHintMatchesManyFiles())
        .apply("Write", TextIO.write().to(temp.resolve("fail-out").toString()));

    RuntimeException e = assertThrows(RuntimeException.class, () -> p.run().waitUntilFinish());
    String chain = causes(e);
    assertTrue(chain.contains("No files matched spec: " + missing), chain);

    JsonNode job = job("courier-flink-it-fail");
    assertEquals("FAILED", job.get("state").asText(), job.toString());
  }

  /**
   * The TaskManager's extra environment reaches the workers (where the courier reads its secrets).
   * The DoFn comes from this test's classes, staged as a second jar.
   */
  @Test
  void workersSeeTheTaskManagerEnvironment() throws Exception {
    Path out = temp.resolve("env");
    Path testClasses =
        Path.of(WorkerEnv.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Pipeline p =
        Pipeline.create(options("courier-flink-it-env", courierJar(), testClasses.toString()));
    p.apply(Create.of(SECRET_NAME, "COURIER_IT_UNSET_VARIABLE"))
        .apply(ParDo.of(new WorkerEnv()))
        .apply(TextIO.write().to(out.resolve("env").toString()).withoutSharding());
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    assertEquals(
        List.of("COURIER_IT_UNSET_VARIABLE unset", SECRET_NAME + " sha256=" + sha256(SECRET)),
        sortedLinesOf(out, "env"));
    for (Path log : cluster.taskManagerLogs()) {
      assertFalse(Files.readString(log).contains(SECRET), "the secret is logged in " + log);
    }
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
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
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

  private static List<String> sortedLinesOf(Path dir, String prefix) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files
              .filter(f -> f.getFileName().toString().startsWith(prefix))
              .collect(Collectors.toList())) {
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
