package courier.flinkcluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Configures and starts a {@link LocalFlinkCluster}. */
public final class LocalFlinkClusterBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

  static final int DEFAULT_TASK_MANAGERS = 1;
  static final int DEFAULT_TASK_SLOTS = 2;
  static final String DEFAULT_JOB_MANAGER_MEMORY = "1024m";
  static final String DEFAULT_TASK_MANAGER_MEMORY = "3072m";
  static final long DEFAULT_START_TIMEOUT_SECONDS = 120;

  private Path flinkLib;
  private final Map<String, String> taskManagerEnv = new LinkedHashMap<>();
  private final Map<String, String> config = new LinkedHashMap<>();
  private int taskManagers = DEFAULT_TASK_MANAGERS;
  private int taskSlots = DEFAULT_TASK_SLOTS;

  /** Null: every slot of every TaskManager. */
  private Integer parallelism;

  private String jobManagerMemory = DEFAULT_JOB_MANAGER_MEMORY;
  private String taskManagerMemory = DEFAULT_TASK_MANAGER_MEMORY;
  private Duration startTimeout = Duration.ofSeconds(DEFAULT_START_TIMEOUT_SECONDS);
  private boolean keepRunningAfterExit;

  LocalFlinkClusterBuilder() {}

  /**
   * The folder of cluster jars. Default: system property {@value
   * LocalFlinkCluster#FLINK_LIB_PROPERTY}, else environment variable {@value
   * LocalFlinkCluster#FLINK_LIB_ENV}, else {@code flink-dist/lib} beside the jar or classes folder
   * this class was loaded from (i.e. {@code flink-cluster/target/flink-dist/lib}).
   */
  public LocalFlinkClusterBuilder flinkLib(Path dir) {
    this.flinkLib = dir;
    return this;
  }

  /**
   * Extra environment variables for the TaskManager only (where the courier's workers run and read
   * their secrets, e.g. {@code SHOPIFY_ACCESS_TOKEN}, {@code COURIER_JDBC_PASSWORD}). Both JVMs
   * also inherit this JVM's environment.
   */
  public LocalFlinkClusterBuilder taskManagerEnv(Map<String, String> env) {
    this.taskManagerEnv.putAll(env);
    return this;
  }

  /**
   * How many TaskManager JVMs to start (default 1), each with {@link #taskSlots} slots: more than
   * one runs a job's workers in several JVMs, as on a real cluster (each with its own rate
   * governor, connection pools and static state).
   */
  public LocalFlinkClusterBuilder taskManagers(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("taskManagers must be at least 1, got " + count);
    }
    this.taskManagers = count;
    return this;
  }

  /** Task slots of each TaskManager (default 2). */
  public LocalFlinkClusterBuilder taskSlots(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("taskSlots must be at least 1, got " + slots);
    }
    this.taskSlots = slots;
    return this;
  }

  /**
   * {@code parallelism.default} of the cluster (Beam's {@code --parallelism} overrides it); by
   * default every slot: TaskManagers × slots.
   */
  public LocalFlinkClusterBuilder parallelism(int parallelism) {
    this.parallelism = parallelism;
    return this;
  }

  /** {@code jobmanager.memory.process.size}, e.g. {@code 1024m}. */
  public LocalFlinkClusterBuilder jobManagerMemory(String size) {
    this.jobManagerMemory = Objects.requireNonNull(size);
    return this;
  }

  /** {@code taskmanager.memory.process.size}, e.g. {@code 3072m}. */
  public LocalFlinkClusterBuilder taskManagerMemory(String size) {
    this.taskManagerMemory = Objects.requireNonNull(size);
    return this;
  }

  /** Any other Flink configuration key (written to config.yaml after the generated ones). */
  public LocalFlinkClusterBuilder config(String key, String value) {
    this.config.put(key, value);
    return this;
  }

  /** How long to wait for the TaskManagers' slots to register (default 2 minutes). */
  public LocalFlinkClusterBuilder startTimeout(Duration timeout) {
    this.startTimeout = timeout;
    return this;
  }

  /**
   * Leave the cluster running when this JVM exits (what {@code bin/flink-local-cluster start}
   * wants). By default a shutdown hook stops it, so a crashed test leaves nothing behind.
   */
  public LocalFlinkClusterBuilder keepRunningAfterExit(boolean keep) {
    this.keepRunningAfterExit = keep;
    return this;
  }

  /**
   * Writes the configuration into {@code workDir/conf}, starts the JobManager and TaskManager JVMs,
   * and returns once REST {@code /overview} shows every TaskManager with all its slots. On failure
   * or timeout every JVM is stopped and the exception carries their log tails.
   */
  public LocalFlinkCluster start(Path workDir) throws IOException {
    long t0 = System.nanoTime();
    WorkDir dir = new WorkDir(workDir);
    List<Path> jars = ClusterJars.in(flinkLib != null ? flinkLib : ClusterJars.defaultLib());
    String cp = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    List<ProcessHandle> running = ClusterJvms.processesOf(dir);
    if (!running.isEmpty()) {
      throw new IllegalStateException(
          "a Flink cluster from "
              + dir
              + " is still running (pids "
              + pids(running)
              + "): stop it first");
    }
    dir.prepareForStart();
    Ports ports = Ports.free();
    Map<String, Object> settings =
        FlinkConfigFiles.clusterSettings(
            ports,
            taskSlots,
            parallelism != null ? parallelism : taskManagers * taskSlots,
            jobManagerMemory,
            taskManagerMemory,
            dir.tmp());
    settings.putAll(config);
    FlinkConfigFiles.write(dir.conf(), settings);

    // Each BashJavaUtils call is a JVM start: run the two side by side.
    CompletableFuture<List<List<String>>> jmParams =
        CompletableFuture.supplyAsync(() -> resourceParams(cp, dir, "GET_JM_RESOURCE_PARAMS"));
    List<List<String>> tmParams = resourceParams(cp, dir, "GET_TM_RESOURCE_PARAMS");
    List<List<String>> jmp = join(jmParams);

    Process jm = null;
    List<Process> tms = new ArrayList<>();
    Thread hook = null;
    try {
      jm =
          ClusterJvms.launch(
              dir,
              cp,
              ClusterJvms.JOB_MANAGER,
              ClusterJvms.JOB_MANAGER,
              jmp,
              ClusterJvms.JOB_MANAGER_MAIN,
              Map.of());
      for (int i = 1; i <= taskManagers; i++) {
        tms.add(
            ClusterJvms.launch(
                dir,
                cp,
                ClusterJvms.TASK_MANAGER,
                ClusterJvms.logName(ClusterJvms.TASK_MANAGER, i),
                tmParams,
                ClusterJvms.TASK_MANAGER_MAIN,
                taskManagerEnv));
      }
      hook = stopOnExit(dir, jm, tms);
      String version = awaitReady(dir, new FlinkRest(FlinkRest.onLoopback(ports.rest())), jm, tms);
      ClusterState state =
          new ClusterState(
              ports.rest(),
              ports.rpc(),
              ports.blob(),
              taskSlots,
              jm.pid(),
              tms.stream().map(Process::pid).toList(),
              version);
      state.write(dir);
      if (keepRunningAfterExit) {
        Runtime.getRuntime().removeShutdownHook(hook);
        hook = null;
      }
      LocalFlinkCluster cluster =
          new LocalFlinkCluster(
              dir,
              state,
              Optional.of(jm.toHandle()),
              tms.stream().map(p -> Optional.of(p.toHandle())).toList(),
              jars,
              hook);
      LOG.info(
          "Flink {} session cluster ready in {} ms at {} (jobmanager pid {}, taskmanager pids {},"
              + " logs in {})",
          version,
          (System.nanoTime() - t0) / 1_000_000,
          cluster.flinkMaster(),
          jm.pid(),
          state.taskManagerPids(),
          dir.log());
      return cluster;
    } catch (IOException | RuntimeException | Error e) {
      terminate(jm, tms);
      if (hook != null) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
      try {
        Files.deleteIfExists(dir.stateFile());
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Until the cluster is handed out (and unless it is kept running), JVM exit stops it. */
  private static Thread stopOnExit(WorkDir dir, Process jm, List<Process> tms) {
    Thread hook =
        new Thread(
            () -> {
              terminate(jm, tms);
              try {
                Files.deleteIfExists(dir.stateFile());
              } catch (IOException e) {
                // attach() recognises a stale state file as such
              }
            },
            "stop-local-flink-cluster");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** Waits for every TaskManager with all its slots; returns the Flink version they report. */
  private String awaitReady(WorkDir dir, FlinkRest rest, Process jm, List<Process> tms)
      throws IOException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    String last = "no answer yet";
    while (true) {
      if (!jm.isAlive()) {
        throw startFailure(
            dir, jm, tms, "JobManager JVM exited with code " + jm.exitValue() + " during start-up");
      }
      for (int i = 0; i < tms.size(); i++) {
        if (!tms.get(i).isAlive()) {
          throw startFailure(
              dir,
              jm,
              tms,
              "TaskManager JVM "
                  + ClusterJvms.logName(ClusterJvms.TASK_MANAGER, i + 1)
                  + " exited with code "
                  + tms.get(i).exitValue()
                  + " during start-up");
        }
      }
      try {
        FlinkRest.Overview overview = rest.overview();
        if (overview.taskManagers() == taskManagers
            && overview.slotsTotal() == taskManagers * taskSlots) {
          return overview.flinkVersion();
        }
        last = "/overview says " + overview;
      } catch (IOException notYet) {
        last = notYet.getMessage();
      }
      if (System.nanoTime() > deadline) {
        throw startFailure(
            dir,
            jm,
            tms,
            "did not become ready within "
                + startTimeout.toMillis()
                + " ms (waiting for "
                + taskManagers
                + " TaskManager(s) with "
                + taskSlots
                + " slots each); last: "
                + last);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the Flink cluster", e);
      }
    }
  }

  /** Stops every JVM first, so that their logs are complete when their tails are read. */
  private static IllegalStateException startFailure(
      WorkDir dir, Process jm, List<Process> tms, String what) {
    terminate(jm, tms);
    List<String> logs = new ArrayList<>(List.of("jobmanager.log", "jobmanager.out"));
    for (int i = 1; i <= tms.size(); i++) {
      String name = ClusterJvms.logName(ClusterJvms.TASK_MANAGER, i);
      logs.addAll(List.of(name + ".log", name + ".out"));
    }
    String tails = dir.logTails(logs.toArray(String[]::new));
    return new IllegalStateException(
        "Local Flink cluster in " + dir + " " + what + " (logs in " + dir.log() + ")" + tails);
  }

  private static void terminate(Process jm, List<Process> tms) {
    ClusterJvms.terminateTaskManagersFirst(
        tms.stream().map(Process::toHandle).toList(),
        jm == null ? List.of() : List.of(jm.toHandle()));
  }

  private static List<List<String>> resourceParams(String cp, WorkDir dir, String command) {
    try {
      return ClusterJvms.resourceParams(cp, dir, command);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  static String pids(List<ProcessHandle> processes) {
    return processes.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", "));
  }
}
