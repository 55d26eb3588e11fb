package courier.flinkcluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The cluster's JVMs as operating-system processes: how they are launched (what Flink's {@code
 * bin/jobmanager.sh} and {@code bin/taskmanager.sh} do), found again and stopped.
 */
final class ClusterJvms {

  static final String JOB_MANAGER = "jobmanager";
  static final String TASK_MANAGER = "taskmanager";
  static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  /**
   * Marks a JVM as this work directory's, so it can be found without a state file. The JDK reads at
   * most 4096 bytes of a command line, less than the classpath: these flags come first.
   */
  static final String CLUSTER_FLAG = "-Dcourier.flink.cluster=";

  static final String ROLE_FLAG = "-Dcourier.flink.role=";
  private static final Pattern ROLE = Pattern.compile(Pattern.quote(ROLE_FLAG) + "(\\w+)");

  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final String BASH_JAVA_UTILS_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  private ClusterJvms() {}

  /**
   * What the start scripts ask Flink's BashJavaUtils for ({@code GET_JM_RESOURCE_PARAMS} or {@code
   * GET_TM_RESOURCE_PARAMS}): the JVM's memory flags (first list) and its resolved memory and CPU
   * settings as dynamic properties (second list).
   */
  static List<List<String>> resourceParams(String classpath, WorkDir dir, String command)
      throws IOException {
    List<String> cmd =
        List.of(
            java(),
            "-Xmx256m",
            "-Dlog.file=" + dir.log().resolve("bash-java-utils.log"),
            "-Dlog4j.configurationFile=file:" + dir.conf().resolve(FlinkConfigFiles.LOG4J_FILE),
            "-cp",
            classpath,
            BASH_JAVA_UTILS,
            command,
            "--configDir",
            dir.conf().toString());
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "Flink's BashJavaUtils "
                + command
                + " failed (check "
                + dir.conf().resolve(FlinkConfigFiles.CONFIG_FILE)
                + "):\n"
                + out);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking Flink's BashJavaUtils " + command, e);
    }
    List<List<String>> lines =
        out.lines()
            .filter(l -> l.startsWith(BASH_JAVA_UTILS_PREFIX))
            .map(l -> words(l.substring(BASH_JAVA_UTILS_PREFIX.length())))
            .collect(Collectors.toList());
    if (lines.size() < 2) {
      throw new IllegalStateException(
          "unexpected output of Flink's BashJavaUtils " + command + ":\n" + out);
    }
    return lines;
  }

  private static List<String> words(String line) {
    return Arrays.stream(line.trim().split("\\s+"))
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toList());
  }

  /**
   * The name of a cluster JVM's log files: {@code jobmanager}, {@code taskmanager} for the first
   * TaskManager and {@code taskmanager-<n>} for the n-th after it (as Flink's scripts number a
   * host's further TaskManagers).
   */
  static String logName(String role, int index) {
    return index == 1 ? role : role + "-" + index;
  }

  /**
   * Starts one cluster JVM ({@link #JOB_MANAGER} or {@link #TASK_MANAGER}) with the parameters of
   * {@link #resourceParams}; it logs to {@code log/<logName>.log} and its stdout and stderr go to
   * {@code log/<logName>.out}. It inherits this JVM's environment plus {@code extraEnv}.
   */
  static Process launch(
      WorkDir dir,
      String classpath,
      String role,
      String logName,
      List<List<String>> params,
      String mainClass,
      Map<String, String> extraEnv)
      throws IOException {
    Path log4j = dir.conf().resolve(FlinkConfigFiles.LOG4J_FILE);
    List<String> cmd = new ArrayList<>();
    cmd.add(java());
    cmd.add(CLUSTER_FLAG + dir.path());
    cmd.add(ROLE_FLAG + role);
    cmd.addAll(params.get(0));
    cmd.addAll(LocalFlinkCluster.JAVA17_OPTS);
    cmd.add("-Dlog.file=" + dir.log().resolve(logName + ".log"));
    cmd.add("-Dlog4j.configuration=file:" + log4j);
    cmd.add("-Dlog4j.configurationFile=file:" + log4j);
    cmd.addAll(List.of("-cp", classpath, mainClass, "--configDir", dir.conf().toString()));
    cmd.addAll(params.get(1));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.path().toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.log().resolve(logName + ".out").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("FLINK_CONF_DIR", dir.conf().toString());
    pb.environment().put("FLINK_LOG_DIR", dir.log().toString());
    pb.environment().putAll(extraEnv);
    return pb.start();
  }

  /** Every live cluster JVM started for this work directory, by its {@link #CLUSTER_FLAG}. */
  static List<ProcessHandle> processesOf(WorkDir dir) {
    return ProcessHandle.allProcesses().filter(p -> belongsTo(p, dir)).collect(Collectors.toList());
  }

  /** The pid as a handle if it is still one of this work dir's JVMs (guards against pid reuse). */
  static Optional<ProcessHandle> ours(long pid, WorkDir dir) {
    return ProcessHandle.of(pid).filter(p -> belongsTo(p, dir));
  }

  private static boolean belongsTo(ProcessHandle p, WorkDir dir) {
    String flag = CLUSTER_FLAG + dir.path() + " ";
    return p.info().commandLine().map(c -> c.contains(flag)).orElse(false);
  }

  /** {@link #JOB_MANAGER} or {@link #TASK_MANAGER}, for a cluster JVM started here. */
  static Optional<String> role(ProcessHandle p) {
    return p.info().commandLine().map(ROLE::matcher).filter(Matcher::find).map(m -> m.group(1));
  }

  /** Stops them all, telling their roles by their command lines (leftovers no state knows). */
  static void terminateTaskManagersFirst(List<ProcessHandle> processes) {
    Map<Boolean, List<ProcessHandle>> jobManager =
        processes.stream()
            .collect(
                Collectors.partitioningBy(p -> role(p).map(JOB_MANAGER::equals).orElse(false)));
    terminateTaskManagersFirst(jobManager.get(false), jobManager.get(true));
  }

  /**
   * Stops the TaskManagers (SIGTERM to all at once), then the JobManagers, so none is left trying
   * to reach a gone JobManager.
   */
  static void terminateTaskManagersFirst(
      List<ProcessHandle> taskManagers, List<ProcessHandle> jobManagers) {
    terminateAll(taskManagers);
    terminateAll(jobManagers);
  }

  /** SIGTERM to them all at once, then {@link #terminate} each: their grace periods overlap. */
  private static void terminateAll(List<ProcessHandle> processes) {
    processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    processes.forEach(ClusterJvms::terminate);
  }

  /** SIGTERM, up to 30 s to exit, then SIGKILL. */
  static void terminate(ProcessHandle process) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      process.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      process.destroyForcibly();
      try {
        process.onExit().get(10, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException | InterruptedException ignored) {
        // SIGKILL cannot be refused; nothing more to do
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
