package courier.flinkcluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The command line of {@link LocalFlinkCluster#main}: {@code start}, {@code status}, {@code stop}
 * of a cluster that outlives the command, its state in a work directory.
 */
final class LocalFlinkClusterCommand {

  static final String USAGE = String.join("\n",
      "usage: LocalFlinkCluster start|status|stop [options]",
      "  --work-dir=DIR            state, configuration and logs (default: $COURIER_FLINK_HOME,",
      "                            else ~/.courier/flink-local-cluster)",
      "  --slots=N                 task slots of the TaskManager (start; default 2)",
      "  --jobmanager-memory=SIZE  JobManager process size (start; default 1024m)",
      "  --taskmanager-memory=SIZE TaskManager process size (start; default 3072m)",
      "  --timeout=SECONDS         how long start waits for the slots (default 120)",
      "exit status: 0 done / running, 1 failed, 2 usage, 3 not running (status)");

  private LocalFlinkClusterCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String command = args[0];
    Path workDir = defaultWorkDir();
    LocalFlinkCluster.Builder builder = LocalFlinkCluster.builder().keepRunningAfterExit(true);
    try {
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
        if (arg.startsWith("--work-dir=")) {
          workDir = Path.of(value);
        } else if (arg.startsWith("--slots=")) {
          builder.taskSlots(Integer.parseInt(value)).parallelism(Integer.parseInt(value));
        } else if (arg.startsWith("--jobmanager-memory=")) {
          builder.jobManagerMemory(value);
        } else if (arg.startsWith("--taskmanager-memory=")) {
          builder.taskManagerMemory(value);
        } else if (arg.startsWith("--timeout=")) {
          builder.startTimeout(Duration.ofSeconds(Long.parseLong(value)));
        } else {
          err.println("unknown option " + arg + "\n" + USAGE);
          return 2;
        }
      }
      workDir = workDir.toAbsolutePath().normalize();
      switch (command) {
        case "start":
          return start(workDir, builder, out, err);
        case "status":
          return status(workDir, out);
        case "stop":
          return stop(workDir, out);
        default:
          err.println("unknown command " + command + "\n" + USAGE);
          return 2;
      }
    } catch (NumberFormatException e) {
      err.println("not a number: " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("flink-local-cluster " + command + " failed: " + e.getMessage());
      return 1;
    }
  }

  static Path defaultWorkDir() {
    String home = System.getenv("COURIER_FLINK_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"), ".courier", "flink-local-cluster");
  }

  private static int start(Path workDir, LocalFlinkCluster.Builder builder, PrintStream out, PrintStream err)
      throws IOException {
    Optional<LocalFlinkCluster> existing = LocalFlinkCluster.attach(workDir);
    if (existing.isPresent() && existing.get().isRunning()) {
      out.println("already running");
      describe(existing.get(), out);
      return 0;
    }
    // Half a cluster, or JVMs whose state file is gone: clear them away first.
    existing.ifPresent(LocalFlinkCluster::stop);
    killLeftovers(workDir, out);

    long t0 = System.nanoTime();
    out.println("starting a Flink session cluster in " + workDir + " ...");
    out.flush();
    LocalFlinkCluster cluster = builder.start(workDir);
    out.printf("started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    describe(cluster, out);
    out.println("  The TaskManager has this shell's environment (e.g. SHOPIFY_ACCESS_TOKEN, COURIER_JDBC_PASSWORD).");
    out.println("  Stop it with: bin/flink-local-cluster stop");
    return 0;
  }

  private static int status(Path workDir, PrintStream out) throws IOException {
    Optional<LocalFlinkCluster> attached = LocalFlinkCluster.attach(workDir);
    if (attached.isEmpty()) {
      List<ProcessHandle> leftovers = LocalFlinkCluster.processesOf(workDir);
      if (!leftovers.isEmpty()) {
        out.println("not running properly: Flink JVMs without state (pids " + pids(leftovers)
            + "); run stop to clear them");
        return 1;
      }
      out.println("not running (no cluster state in " + workDir + ")");
      return 3;
    }
    LocalFlinkCluster cluster = attached.get();
    if (!cluster.isRunning()) {
      out.println("not running: " + (cluster.jobManagerProcess().isPresent() ? "JobManager up" : "JobManager gone")
          + ", " + (cluster.taskManagerProcess().isPresent() ? "TaskManager up" : "TaskManager gone")
          + " (logs in " + cluster.logDir() + "); run stop to clean up");
      return cluster.jobManagerProcess().isPresent() || cluster.taskManagerProcess().isPresent() ? 1 : 3;
    }
    String overview;
    try {
      overview = cluster.rest("overview");
    } catch (IOException e) {
      out.println("not answering: JVMs up (pids " + cluster.jobManagerPid() + ", " + cluster.taskManagerPid()
          + ") but REST at " + cluster.restUri() + " fails: " + e.getMessage());
      return 1;
    }
    out.println("running");
    describe(cluster, out);
    out.println("  overview: " + overview);
    return 0;
  }

  private static int stop(Path workDir, PrintStream out) throws IOException {
    Optional<LocalFlinkCluster> attached = LocalFlinkCluster.attach(workDir);
    boolean wasRunning = attached.map(c -> c.jobManagerProcess().isPresent() || c.taskManagerProcess().isPresent())
        .orElse(false);
    attached.ifPresent(LocalFlinkCluster::stop);
    wasRunning |= killLeftovers(workDir, out);
    for (String state : List.of("conf", "tmp")) {
      LocalFlinkCluster.deleteRecursively(workDir.resolve(state));
    }
    java.nio.file.Files.deleteIfExists(workDir.resolve(LocalFlinkCluster.STATE_FILE));
    Path logs = workDir.resolve("log");
    out.println((wasRunning ? "stopped" : "not running")
        + (java.nio.file.Files.isDirectory(logs) ? " (logs kept in " + logs + " until the next start)" : ""));
    return 0;
  }

  private static boolean killLeftovers(Path workDir, PrintStream out) {
    List<ProcessHandle> leftovers = LocalFlinkCluster.processesOf(workDir);
    if (leftovers.isEmpty()) {
      return false;
    }
    out.println("stopping leftover Flink JVMs of " + workDir + " (pids " + pids(leftovers) + ")");
    // TaskManagers first, as in stop()
    leftovers.stream()
        .sorted((a, b) -> Boolean.compare(isJobManager(a), isJobManager(b)))
        .forEach(LocalFlinkCluster::terminate);
    return true;
  }

  private static boolean isJobManager(ProcessHandle p) {
    return LocalFlinkCluster.role(p).map("jobmanager"::equals).orElse(false);
  }

  private static String pids(List<ProcessHandle> processes) {
    return String.join(", ", processes.stream().map(p -> Long.toString(p.pid())).toArray(String[]::new));
  }

  private static void describe(LocalFlinkCluster c, PrintStream out) {
    out.println("  Flink " + c.flinkVersion() + " session cluster on loopback: JobManager pid " + c.jobManagerPid()
        + ", TaskManager pid " + c.taskManagerPid() + ", " + c.taskSlots() + " task slots");
    out.println("  submit with:  --runner=FlinkRunner --flinkMaster=" + c.flinkMaster() + " --parallelism="
        + c.taskSlots());
    out.println("  web UI:       " + c.restUri());
    out.println("  logs:         " + c.logDir());
  }
}
