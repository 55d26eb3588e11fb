package courier.pipeline;

import courier.flinkcluster.LocalFlinkCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code flink run ...} as Flink's own {@code bin/flink} script runs it: a JVM on the cluster's
 * jars with {@code FLINK_CONF_DIR} pointing at the cluster's configuration (where the client finds
 * the JobManager's REST address), main class {@code org.apache.flink.client.cli.CliFrontend}.
 */
final class FlinkCli {
  static final String CLI_FRONTEND = "org.apache.flink.client.cli.CliFrontend";

  private FlinkCli() {}

  /** What the client printed (stdout and stderr together) and its exit status. */
  record Outcome(int exit, String output) {}

  static Outcome run(
      LocalFlinkCluster cluster, Path workingDir, Map<String, String> env, List<String> flinkArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(LocalFlinkCluster.JAVA17_OPTS);
    Path conf = cluster.workDir().resolve("conf");
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
    // The cluster's log4j file appender writes to ${log.file}: the client's log goes beside the
    // cluster's, not into the working directory.
    command.add("-Dlog.file=" + cluster.logDir().resolve("flink-client.log"));
    command.add("-cp");
    command.add(
        cluster.classpath().stream()
            .map(Path::toString)
            .collect(Collectors.joining(File.pathSeparator)));
    command.add(CLI_FRONTEND);
    command.addAll(flinkArgs);
    Path log = Files.createTempFile(cluster.logDir(), "flink-run-", ".out");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("FLINK_CONF_DIR", conf.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("flink run did not finish in 10 minutes:\n" + Files.readString(log));
    }
    return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
