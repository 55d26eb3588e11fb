package courier.flinkcluster;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A real Apache Flink session cluster on loopback: one JobManager and one TaskManager (or several,
 * {@link LocalFlinkClusterBuilder#taskManagers}), each in its own JVM (child processes), for tests
 * and for trying the Flink path on one machine ({@code bin/flink-local-cluster}).
 *
 * <p>The cluster JVMs run from the Flink jars the build copies from Maven Central into {@code
 * flink-cluster/target/flink-dist/lib} (flink-dist itself is not published there): they hold no
 * courier or Beam class, so a job runs only if the client staged its jar, as on a real cluster.
 * Submit client-side with {@code --runner=FlinkRunner --flinkMaster=<flinkMaster()>
 * --parallelism=2}: under {@code java -jar courier.jar} Beam stages that jar by itself (the
 * classpath); from any other JVM (a test) set {@code --filesToStage=<courier.jar>}.
 *
 * <pre>{@code
 * try (LocalFlinkCluster flink = LocalFlinkCluster.builder()
 *         .taskManagerEnv(Map.of("SHOPIFY_ACCESS_TOKEN", token))
 *         .start(workDir)) {
 *   options.setFlinkMaster(flink.flinkMaster());
 *   ...
 * }
 * }</pre>
 *
 * <p>Everything lives in the work directory: {@code conf/} (generated config.yaml and
 * log4j.properties), {@code log/} (jobmanager.log, taskmanager.log, taskmanager-2.log... and .out
 * files with each JVM's stdout and stderr), {@code tmp/} and the state file {@code
 * cluster.properties} (pids, ports) that {@link #attach(Path)} reads.
 */
public final class LocalFlinkCluster implements AutoCloseable {

  /** System property naming the folder of cluster jars; overrides the default location. */
  public static final String FLINK_LIB_PROPERTY = "courier.flink.lib";

  /** Environment variable naming the folder of cluster jars (after the system property). */
  public static final String FLINK_LIB_ENV = "COURIER_FLINK_LIB";

  /**
   * Flink's own {@code env.java.opts.all} default for Java 17: the JDK packages Beam and Flink
   * reflect into (the parent pom's java17.opens, which courier.jar's manifest opens too).
   */
  public static final List<String> JAVA17_OPTS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final WorkDir workDir;
  private final ClusterState state;

  /** Empty when the recorded pid is no longer one of this work dir's cluster JVMs. */
  private final Optional<ProcessHandle> jobManager;

  /** In the order they were started; each empty as {@link #jobManager}. */
  private final List<Optional<ProcessHandle>> taskManagers;

  private final List<Path> classpath;
  private final FlinkRest rest;
  private Thread shutdownHook;
  private boolean stopped;

  LocalFlinkCluster(
      WorkDir workDir,
      ClusterState state,
      Optional<ProcessHandle> jobManager,
      List<Optional<ProcessHandle>> taskManagers,
      List<Path> classpath,
      Thread shutdownHook) {
    this.workDir = workDir;
    this.state = state;
    this.jobManager = jobManager;
    this.taskManagers = List.copyOf(taskManagers);
    this.classpath = List.copyOf(classpath);
    this.shutdownHook = shutdownHook;
    this.rest = new FlinkRest(restUri());
  }

  public static LocalFlinkClusterBuilder builder() {
    return new LocalFlinkClusterBuilder();
  }

  /**
   * {@code start|status|stop [options]}: the command behind {@code bin/flink-local-cluster} ({@code
   * --help}). {@code start} leaves the cluster running after this JVM exits.
   */
  public static void main(String[] args) {
    System.exit(LocalFlinkClusterCommand.run(args, System.out, System.err));
  }

  /** Starts a cluster with the defaults (2 slots, parallelism 2) and waits until it is ready. */
  public static LocalFlinkCluster start(Path workDir) throws IOException {
    return builder().start(workDir);
  }

  /**
   * The cluster a previous {@code start} left running in {@code workDir} (possibly from another
   * JVM, as {@code bin/flink-local-cluster} does), from its state file; empty if there is no state
   * file. The handle's processes may have died since: see {@link #isRunning()}.
   */
  public static Optional<LocalFlinkCluster> attach(Path workDir) throws IOException {
    WorkDir dir = new WorkDir(workDir);
    return ClusterState.read(dir)
        .map(
            s ->
                new LocalFlinkCluster(
                    dir,
                    s,
                    ClusterJvms.ours(s.jobManagerPid(), dir),
                    s.taskManagerPids().stream().map(pid -> ClusterJvms.ours(pid, dir)).toList(),
                    List.of(),
                    null));
  }

  /**
   * Every live cluster JVM started for this work directory: the JobManager and TaskManagers, also
   * when no handle or state file knows them any more.
   */
  public static List<ProcessHandle> processesOf(Path workDir) {
    return ClusterJvms.processesOf(new WorkDir(workDir));
  }

  public int restPort() {
    return state.restPort();
  }

  /** The value for Beam's {@code --flinkMaster}: {@code 127.0.0.1:<rest port>}. */
  public String flinkMaster() {
    return state.flinkMaster();
  }

  /** The REST endpoint and web UI. */
  public URI restUri() {
    return FlinkRest.onLoopback(restPort());
  }

  public int rpcPort() {
    return state.rpcPort();
  }

  public int blobPort() {
    return state.blobPort();
  }

  /** Task slots of each TaskManager. */
  public int taskSlots() {
    return state.taskSlots();
  }

  /** How many TaskManager JVMs the cluster was started with. */
  public int taskManagers() {
    return state.taskManagerPids().size();
  }

  /** The Flink version the running JobManager reports, e.g. {@code 1.19.0}. */
  public String flinkVersion() {
    return state.flinkVersion();
  }

  public Path workDir() {
    return workDir.path();
  }

  public Path logDir() {
    return workDir.log();
  }

  public Path jobManagerLog() {
    return logDir().resolve(ClusterJvms.JOB_MANAGER + ".log");
  }

  /** Each TaskManager's log, in the order they were started. */
  public List<Path> taskManagerLogs() {
    return IntStream.rangeClosed(1, taskManagers())
        .mapToObj(i -> logDir().resolve(ClusterJvms.logName(ClusterJvms.TASK_MANAGER, i) + ".log"))
        .toList();
  }

  public long jobManagerPid() {
    return state.jobManagerPid();
  }

  public List<Long> taskManagerPids() {
    return state.taskManagerPids();
  }

  /** The JobManager JVM, unless it has exited (or, for an attached handle, its pid was reused). */
  public Optional<ProcessHandle> jobManagerProcess() {
    return jobManager.filter(ProcessHandle::isAlive);
  }

  /** The TaskManager JVMs that are still alive (as {@link #jobManagerProcess()}). */
  public List<ProcessHandle> taskManagerProcesses() {
    return taskManagers.stream().flatMap(Optional::stream).filter(ProcessHandle::isAlive).toList();
  }

  /** The cluster JVMs' classpath (empty for an attached handle). */
  public List<Path> classpath() {
    return classpath;
  }

  /** Every JVM is alive. */
  public boolean isRunning() {
    return jobManagerProcess().isPresent() && taskManagerProcesses().size() == taskManagers();
  }

  /**
   * GET {@code path} from the REST API (e.g. {@code overview}, {@code jobs/overview}) and returns
   * the body; throws if the answer is not 200.
   */
  public String rest(String path) throws IOException {
    return rest.get(path);
  }

  /**
   * Stops the TaskManagers, then the JobManager: SIGTERM, up to 30 s each to exit, then SIGKILL.
   * Keeps the logs; removes the state file. Safe to call more than once.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    ClusterJvms.terminateTaskManagersFirst(
        taskManagers.stream().flatMap(Optional::stream).toList(), jobManager.stream().toList());
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook is running or has run
      }
    }
    try {
      Files.deleteIfExists(workDir.stateFile());
    } catch (IOException e) {
      // the processes are gone; attach() recognises a stale state file as such
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "LocalFlinkCluster["
        + flinkMaster()
        + ", jobmanager pid "
        + jobManagerPid()
        + ", taskmanager pids "
        + taskManagerPids()
        + ", "
        + workDir
        + "]";
  }
}
