package courier.flinkcluster;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line of {@link LocalFlinkCluster#main} and {@code bin/flink-local-cluster}: {@code
 * start}, {@code status} and {@code stop} of a cluster that outlives the command, its state in a
 * work directory.
 */
@Command(
    name = "flink-local-cluster",
    description = {
      "A throwaway Apache Flink session cluster on loopback: one JobManager and one TaskManager"
          + " JVM (or --taskmanagers=N), run from the Flink jars the build copies (flink-cluster/target/flink-dist/lib),"
          + " never from courier.jar."
    },
    subcommands = {
      LocalFlinkClusterCommand.Start.class,
      LocalFlinkClusterCommand.Status.class,
      LocalFlinkClusterCommand.Stop.class,
      HelpCommand.class
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:done; status: running",
      "1:failed; status: half up or not answering",
      "2:usage error",
      "3:status: not running"
    },
    footerHeading = "%n",
    footer = {
      "The TaskManagers inherit the environment of the shell that runs start: export the secrets"
          + " the courier's workers read (SHOPIFY_ACCESS_TOKEN, COURIER_JDBC_PASSWORD...) first.",
      "Submit with: --runner=FlinkRunner --flinkMaster=127.0.0.1:<port> (start and status print"
          + " it)."
    })
final class LocalFlinkClusterCommand implements Callable<Integer> {

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_NOT_RUNNING = 3;

  private static final String COMMAND_OPTIONS_SECTION = "commandOptions";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help (every command's options) and exit.")
  boolean help;

  @Spec CommandSpec spec;

  /** Options every command takes. */
  static final class Common {
    @Option(
        names = "--work-dir",
        paramLabel = "DIR",
        description = {
          "State, configuration and logs.",
          "Default: $COURIER_FLINK_HOME, else",
          "~/.courier/flink-local-cluster"
        })
    Path workDir;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    Path workDir() {
      return (workDir != null ? workDir : defaultWorkDir()).toAbsolutePath().normalize();
    }
  }

  @Command(
      name = "start",
      description = "Start the cluster and wait until its slots are ready.",
      showDefaultValues = true)
  static final class Start implements Callable<Integer> {
    @Mixin Common common;
    @Spec CommandSpec spec;

    @Option(
        names = "--slots",
        paramLabel = "N",
        defaultValue = "" + LocalFlinkClusterBuilder.DEFAULT_TASK_SLOTS,
        description = "Task slots of each TaskManager.")
    int slots;

    @Option(
        names = "--taskmanagers",
        paramLabel = "N",
        defaultValue = "" + LocalFlinkClusterBuilder.DEFAULT_TASK_MANAGERS,
        description = {
          "TaskManager JVMs: a job's workers then run in N JVMs, as on a real cluster.",
          "The default parallelism is N times --slots."
        })
    int taskManagers;

    @Option(
        names = "--jobmanager-memory",
        paramLabel = "SIZE",
        defaultValue = LocalFlinkClusterBuilder.DEFAULT_JOB_MANAGER_MEMORY,
        description = "JobManager process size.")
    String jobManagerMemory;

    @Option(
        names = "--taskmanager-memory",
        paramLabel = "SIZE",
        defaultValue = LocalFlinkClusterBuilder.DEFAULT_TASK_MANAGER_MEMORY,
        description = "Process size of each TaskManager.")
    String taskManagerMemory;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "" + LocalFlinkClusterBuilder.DEFAULT_START_TIMEOUT_SECONDS,
        description = "How long start waits for the slots.")
    long timeoutSeconds;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path workDir = common.workDir();
      Optional<LocalFlinkCluster> existing = LocalFlinkCluster.attach(workDir);
      if (existing.isPresent() && existing.get().isRunning()) {
        out.println("already running");
        describe(existing.get(), out);
        return EXIT_OK;
      }
      // Half a cluster, or JVMs whose state file is gone: clear them away first.
      existing.ifPresent(LocalFlinkCluster::stop);
      stopLeftovers(workDir, out);

      long t0 = System.nanoTime();
      out.println("starting a Flink session cluster in " + workDir + " ...");
      out.flush();
      LocalFlinkCluster cluster =
          LocalFlinkCluster.builder()
              .keepRunningAfterExit(true)
              .taskManagers(taskManagers)
              .taskSlots(slots)
              .parallelism(slots * taskManagers)
              .jobManagerMemory(jobManagerMemory)
              .taskManagerMemory(taskManagerMemory)
              .startTimeout(Duration.ofSeconds(timeoutSeconds))
              .start(workDir);
      out.printf(Locale.ROOT, "started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      describe(cluster, out);
      out.println(
          "  The TaskManagers have this shell's environment (e.g. SHOPIFY_ACCESS_TOKEN,"
              + " COURIER_JDBC_PASSWORD).");
      out.println("  Stop it with: bin/flink-local-cluster stop");
      return EXIT_OK;
    }
  }

  @Command(
      name = "status",
      description = "Say whether the cluster runs: exit 0 running, 3 not running, 1 half up.")
  static final class Status implements Callable<Integer> {
    @Mixin Common common;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path workDir = common.workDir();
      Optional<LocalFlinkCluster> attached = LocalFlinkCluster.attach(workDir);
      if (attached.isEmpty()) {
        List<ProcessHandle> leftovers = LocalFlinkCluster.processesOf(workDir);
        if (!leftovers.isEmpty()) {
          out.println(
              "not running properly: Flink JVMs without state (pids "
                  + LocalFlinkClusterBuilder.pids(leftovers)
                  + "); run stop to clear them");
          return EXIT_FAILED;
        }
        out.println("not running (no cluster state in " + workDir + ")");
        return EXIT_NOT_RUNNING;
      }
      LocalFlinkCluster cluster = attached.get();
      boolean jmUp = cluster.jobManagerProcess().isPresent();
      int tmsUp = cluster.taskManagerProcesses().size();
      if (!cluster.isRunning()) {
        out.println(
            "not running: JobManager "
                + (jmUp ? "up" : "gone")
                + ", "
                + tmsUp
                + " of "
                + cluster.taskManagers()
                + " TaskManager(s) up (logs in "
                + cluster.logDir()
                + "); run stop to clean up");
        return jmUp || tmsUp > 0 ? EXIT_FAILED : EXIT_NOT_RUNNING;
      }
      String overview;
      try {
        overview = cluster.rest("overview");
      } catch (IOException e) {
        out.println(
            "not answering: JVMs up (pids "
                + cluster.jobManagerPid()
                + ", "
                + pids(cluster.taskManagerPids())
                + ") but REST fails: "
                + e.getMessage());
        return EXIT_FAILED;
      }
      out.println("running");
      describe(cluster, out);
      out.println("  overview: " + overview);
      return EXIT_OK;
    }
  }

  @Command(
      name = "stop",
      description =
          "Stop the cluster's JVMs and remove its state (the logs stay until the next start).")
  static final class Stop implements Callable<Integer> {
    @Mixin Common common;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path workDir = common.workDir();
      Optional<LocalFlinkCluster> attached = LocalFlinkCluster.attach(workDir);
      boolean wasRunning =
          attached
              .map(c -> c.jobManagerProcess().isPresent() || !c.taskManagerProcesses().isEmpty())
              .orElse(false);
      attached.ifPresent(LocalFlinkCluster::stop);
      wasRunning |= stopLeftovers(workDir, out);
      WorkDir dir = new WorkDir(workDir);
      dir.clearKeepingLogs();
      out.println(
          (wasRunning ? "stopped" : "not running")
              + (Files.isDirectory(dir.log())
                  ? " (logs kept in " + dir.log() + " until the next start)"
                  : ""));
      return EXIT_OK;
    }
  }

  /** No command given: the usage, as an error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new LocalFlinkClusterCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          String name = "flink-local-cluster " + command.getCommandName();
          command.getErr().println(name + " failed: " + e.getMessage());
          return EXIT_FAILED;
        });
    showCommandOptionsInHelp(cl);
    return cl.execute(args);
  }

  /** The top-level --help also shows each command's own usage, so one --help says everything. */
  private static void showCommandOptionsInHelp(CommandLine cl) {
    UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
    List<String> keys = new ArrayList<>(usage.sectionKeys());
    keys.add(
        keys.indexOf(UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING), COMMAND_OPTIONS_SECTION);
    Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
    sections.put(
        COMMAND_OPTIONS_SECTION,
        help -> {
          StringBuilder s = new StringBuilder();
          for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof HelpCommand)) {
              s.append(String.format("%n")).append(sub.getUsageMessage(help.colorScheme()));
            }
          }
          return s.toString();
        });
    usage.sectionKeys(keys);
    usage.sectionMap(sections);
  }

  static Path defaultWorkDir() {
    String home = System.getenv("COURIER_FLINK_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"), ".courier", "flink-local-cluster");
  }

  private static boolean stopLeftovers(Path workDir, PrintWriter out) {
    List<ProcessHandle> leftovers = LocalFlinkCluster.processesOf(workDir);
    if (leftovers.isEmpty()) {
      return false;
    }
    out.println(
        "stopping leftover Flink JVMs of "
            + workDir
            + " (pids "
            + LocalFlinkClusterBuilder.pids(leftovers)
            + ")");
    ClusterJvms.terminateTaskManagersFirst(leftovers);
    return true;
  }

  private static void describe(LocalFlinkCluster c, PrintWriter out) {
    out.println(
        "  Flink "
            + c.flinkVersion()
            + " session cluster on loopback: JobManager pid "
            + c.jobManagerPid()
            + ", TaskManager pid(s) "
            + pids(c.taskManagerPids())
            + ", "
            + c.taskSlots()
            + " task slot(s) each");
    out.println(
        "  submit with:  --runner=FlinkRunner --flinkMaster="
            + c.flinkMaster()
            + " --parallelism="
            + c.taskSlots() * c.taskManagers());
    out.println("  web UI:       " + c.restUri());
    out.println("  logs:         " + c.logDir());
  }

  private static String pids(List<Long> pids) {
    return pids.stream().map(Object::toString).collect(Collectors.joining(", "));
  }
}
