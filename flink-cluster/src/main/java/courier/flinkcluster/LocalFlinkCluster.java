package courier.flinkcluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Flink session cluster on loopback: one JobManager and one TaskManager, each in
 * its own JVM (child processes), for tests and for trying the Flink path on one machine
 * ({@code bin/flink-local-cluster}).
 *
 * <p>The cluster JVMs run from the Flink jars the build copies from Maven Central into
 * {@code flink-cluster/target/flink-dist/lib} (flink-dist itself is not published there), never from
 * courier.jar: they hold no courier or Beam class, so a job runs only if the client staged its jar,
 * as on a real cluster. Submit client-side with
 * {@code --runner=FlinkRunner --flinkMaster=<flinkMaster()> --parallelism=2}: under
 * {@code java -jar courier.jar} Beam stages that jar by itself (the classpath); from any other JVM
 * (a test) set {@code --filesToStage=<courier.jar>}.
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
 * log4j.properties), {@code log/} (jobmanager.log, taskmanager.log, and .out files with each
 * JVM's stdout and stderr), {@code tmp/} and the state file {@code cluster.properties} (pids,
 * ports) that {@link #attach(Path)} reads.
 *
 * <p>Observed on a 2-core, 24 GiB machine with the defaults (JobManager 1 GiB, TaskManager 3 GiB
 * process size; Flink sets -Xms = -Xmx, so RSS grows towards the heap as it is used): ready 5 to
 * 11 s after {@code start}; RSS idle about 230 MB (JobManager) and 530 MB (TaskManager), after
 * three small jobs that each staged the 226 MB courier.jar about 600 MB and 1.5 GB. Stopping takes
 * under a second (the TaskManager, then the JobManager, each on SIGTERM).
 */
public final class LocalFlinkCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);

  /** System property naming the folder of cluster jars; overrides the location next to this class. */
  public static final String FLINK_LIB_PROPERTY = "courier.flink.lib";

  /** Environment variable naming the folder of cluster jars (after the system property). */
  public static final String FLINK_LIB_ENV = "COURIER_FLINK_LIB";

  static final String STATE_FILE = "cluster.properties";
  static final String JOB_MANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  static final String CLUSTER_FLAG = "-Dcourier.flink.cluster=";
  static final String ROLE_FLAG = "-Dcourier.flink.role=";
  private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final String BASH_JAVA_UTILS_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";

  /**
   * Flink's own {@code env.java.opts.all} default for Java 17: the JDK packages Beam and Flink
   * reflect into (the parent pom's java17.opens, which courier.jar's manifest opens too).
   */
  public static final List<String> JAVA17_OPTS = List.of(
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

  /** Jars without which the cluster cannot start (checked before anything is launched). */
  private static final List<String> REQUIRED_JARS = List.of(
      "flink-runtime-", "flink-clients-", "flink-rpc-akka-loader-", "flink-runtime-web-",
      "log4j-core-", "log4j-slf4j-impl-");

  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final int LOG_TAIL_LINES = 40;

  private final Path workDir;
  private final int restPort;
  private final int rpcPort;
  private final int blobPort;
  private final int taskSlots;
  private final long jobManagerPid;
  private final long taskManagerPid;
  /** Empty when the recorded pid is no longer one of this work dir's cluster JVMs. */
  private final Optional<ProcessHandle> jobManager;
  private final Optional<ProcessHandle> taskManager;
  private final List<Path> classpath;
  private volatile String flinkVersion;
  private Thread shutdownHook;
  private boolean stopped;

  private LocalFlinkCluster(Path workDir, int restPort, int rpcPort, int blobPort, int taskSlots,
      long jobManagerPid, long taskManagerPid, Optional<ProcessHandle> jobManager,
      Optional<ProcessHandle> taskManager, List<Path> classpath) {
    this.workDir = workDir;
    this.restPort = restPort;
    this.rpcPort = rpcPort;
    this.blobPort = blobPort;
    this.taskSlots = taskSlots;
    this.jobManagerPid = jobManagerPid;
    this.taskManagerPid = taskManagerPid;
    this.jobManager = jobManager;
    this.taskManager = taskManager;
    this.classpath = classpath;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@code start|stop|status [--work-dir=DIR] ...}: the command behind {@code bin/flink-local-cluster}.
   * {@code start} leaves the cluster running after this JVM exits.
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
    Path dir = workDir.toAbsolutePath().normalize();
    Path stateFile = dir.resolve(STATE_FILE);
    if (!Files.isRegularFile(stateFile)) {
      return Optional.empty();
    }
    Properties state = new Properties();
    try (InputStream in = Files.newInputStream(stateFile)) {
      state.load(in);
    }
    long jmPid = Long.parseLong(state.getProperty("jobmanager.pid"));
    long tmPid = Long.parseLong(state.getProperty("taskmanager.pid"));
    LocalFlinkCluster cluster = new LocalFlinkCluster(dir,
        Integer.parseInt(state.getProperty("rest.port")),
        Integer.parseInt(state.getProperty("rpc.port")),
        Integer.parseInt(state.getProperty("blob.port")),
        Integer.parseInt(state.getProperty("task.slots", "2")),
        jmPid, tmPid, ours(jmPid, dir), ours(tmPid, dir), List.of());
    cluster.flinkVersion = state.getProperty("flink.version");
    return Optional.of(cluster);
  }

  /**
   * Every live cluster JVM started for this work directory (by its {@code -Dcourier.flink.cluster}
   * flag): the JobManager and TaskManager, also when no handle or state file knows them any more.
   */
  public static List<ProcessHandle> processesOf(Path workDir) {
    Path dir = workDir.toAbsolutePath().normalize();
    return ProcessHandle.allProcesses().filter(p -> belongsTo(p, dir)).collect(Collectors.toList());
  }

  /** {@code jobmanager} or {@code taskmanager}, for a cluster JVM this class started. */
  static Optional<String> role(ProcessHandle p) {
    return p.info().commandLine()
        .map(c -> Pattern.compile(Pattern.quote(ROLE_FLAG) + "(\\w+)").matcher(c))
        .filter(Matcher::find)
        .map(m -> m.group(1));
  }

  // The JDK reads at most 4096 bytes of a process's command line, less than the cluster's classpath:
  // the flags that identify our JVMs come first.
  private static boolean belongsTo(ProcessHandle p, Path dir) {
    return p.info().commandLine().map(c -> c.contains(CLUSTER_FLAG + dir + " ")).orElse(false);
  }

  /** The pid as a handle if it is still one of this work dir's cluster JVMs (guards against pid reuse). */
  private static Optional<ProcessHandle> ours(long pid, Path dir) {
    return ProcessHandle.of(pid).filter(p -> belongsTo(p, dir));
  }

  public int restPort() {
    return restPort;
  }

  /** The value for Beam's {@code --flinkMaster}: {@code 127.0.0.1:<rest port>}. */
  public String flinkMaster() {
    return "127.0.0.1:" + restPort;
  }

  /** The REST endpoint and web UI. */
  public URI restUri() {
    return URI.create("http://127.0.0.1:" + restPort + "/");
  }

  public int rpcPort() {
    return rpcPort;
  }

  public int blobPort() {
    return blobPort;
  }

  public int taskSlots() {
    return taskSlots;
  }

  /** The Flink version the running JobManager reports, e.g. {@code 1.19.0}. */
  public String flinkVersion() {
    return flinkVersion;
  }

  public Path workDir() {
    return workDir;
  }

  public Path logDir() {
    return workDir.resolve("log");
  }

  public Path jobManagerLog() {
    return logDir().resolve("jobmanager.log");
  }

  public Path taskManagerLog() {
    return logDir().resolve("taskmanager.log");
  }

  public long jobManagerPid() {
    return jobManagerPid;
  }

  public long taskManagerPid() {
    return taskManagerPid;
  }

  /** The JobManager JVM, unless it has exited (or, for an attached handle, its pid was reused). */
  public Optional<ProcessHandle> jobManagerProcess() {
    return jobManager.filter(ProcessHandle::isAlive);
  }

  public Optional<ProcessHandle> taskManagerProcess() {
    return taskManager.filter(ProcessHandle::isAlive);
  }

  /** The cluster JVMs' classpath (empty for an attached handle). */
  public List<Path> classpath() {
    return classpath;
  }

  /** Both JVMs are alive. */
  public boolean isRunning() {
    return jobManagerProcess().isPresent() && taskManagerProcess().isPresent();
  }

  /**
   * GET {@code path} from the REST API (e.g. {@code overview}, {@code jobs/overview}) and returns
   * the body; throws if the answer is not 200.
   */
  public String rest(String path) throws IOException {
    HttpResponse<String> response = get(restUri().resolve(path.startsWith("/") ? path.substring(1) : path));
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /**
   * Stops the TaskManager, then the JobManager: SIGTERM, up to 30 s to exit, then SIGKILL. Keeps
   * the logs; removes the state file. Safe to call more than once.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    taskManager.ifPresent(LocalFlinkCluster::terminate);
    jobManager.ifPresent(LocalFlinkCluster::terminate);
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting; the hook is running or has run
      }
    }
    try {
      Files.deleteIfExists(workDir.resolve(STATE_FILE));
    } catch (IOException e) {
      // the processes are gone; a stale state file is recognised as such by attach()
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "LocalFlinkCluster[" + flinkMaster() + ", jobmanager pid " + jobManagerPid
        + ", taskmanager pid " + taskManagerPid + ", " + workDir + "]";
  }

  /** SIGTERM, up to {@link #STOP_GRACE} to exit, then SIGKILL. */
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

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private static HttpResponse<String> get(URI uri) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + uri, e);
    }
  }

  private static Optional<Integer> intField(String json, String field) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
  }

  private static Optional<String> stringField(String json, String field) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Builds and starts a cluster. */
  public static final class Builder {
    private Path flinkLib;
    private final Map<String, String> taskManagerEnv = new LinkedHashMap<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private int taskSlots = 2;
    private int parallelism = 2;
    private String jobManagerMemory = "1024m";
    private String taskManagerMemory = "3072m";
    private Duration startTimeout = Duration.ofMinutes(2);
    private boolean keepRunningAfterExit;

    private Builder() {}

    /**
     * The folder of cluster jars. Default: system property {@value #FLINK_LIB_PROPERTY}, else
     * environment variable {@value #FLINK_LIB_ENV}, else {@code flink-dist/lib} next to the jar or
     * classes folder this class was loaded from (i.e. {@code flink-cluster/target/flink-dist/lib}).
     */
    public Builder flinkLib(Path dir) {
      this.flinkLib = dir;
      return this;
    }

    /**
     * Extra environment variables for the TaskManager only (where the courier's workers run and
     * read their secrets, e.g. {@code SHOPIFY_ACCESS_TOKEN}, {@code COURIER_JDBC_PASSWORD}). Both
     * JVMs also inherit this JVM's environment.
     */
    public Builder taskManagerEnv(Map<String, String> env) {
      this.taskManagerEnv.putAll(env);
      return this;
    }

    public Builder taskSlots(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("taskSlots must be at least 1, got " + slots);
      }
      this.taskSlots = slots;
      return this;
    }

    /** {@code parallelism.default} of the cluster (Beam's {@code --parallelism} overrides it). */
    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    /** {@code jobmanager.memory.process.size}, e.g. {@code 1024m}. */
    public Builder jobManagerMemory(String size) {
      this.jobManagerMemory = Objects.requireNonNull(size);
      return this;
    }

    /** {@code taskmanager.memory.process.size}, e.g. {@code 3072m}. */
    public Builder taskManagerMemory(String size) {
      this.taskManagerMemory = Objects.requireNonNull(size);
      return this;
    }

    /** Any other Flink configuration key (written to config.yaml after the generated ones). */
    public Builder config(String key, String value) {
      this.config.put(key, value);
      return this;
    }

    /** How long to wait for the TaskManager's slots to register (default 2 minutes). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /**
     * Leave the cluster running when this JVM exits (what {@code bin/flink-local-cluster start}
     * wants). By default a shutdown hook stops it, so a crashed test leaves nothing behind.
     */
    public Builder keepRunningAfterExit(boolean keep) {
      this.keepRunningAfterExit = keep;
      return this;
    }

    /**
     * Writes the configuration into {@code workDir/conf}, starts the JobManager and TaskManager
     * JVMs, and returns once REST {@code /overview} shows one TaskManager with all its slots.
     * On failure or timeout both JVMs are stopped and the exception carries their log tails.
     */
    public LocalFlinkCluster start(Path workDir) throws IOException {
      long t0 = System.nanoTime();
      Path dir = workDir.toAbsolutePath().normalize();
      List<Path> jars = clusterJars(flinkLib != null ? flinkLib : defaultFlinkLib());
      String cp = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));

      if (!processesOf(dir).isEmpty()) {
        throw new IllegalStateException("a Flink cluster from " + dir + " is still running (pids "
            + processesOf(dir).stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", "))
            + "): stop it first");
      }
      Path conf = dir.resolve("conf");
      Path log = dir.resolve("log");
      Path tmp = dir.resolve("tmp");
      for (Path p : List.of(conf, log, tmp)) {
        deleteRecursively(p);
        Files.createDirectories(p);
      }
      Files.deleteIfExists(dir.resolve(STATE_FILE));

      int[] ports = freePorts(3);
      int rpcPort = ports[0];
      int restPort = ports[1];
      int blobPort = ports[2];
      writeConfig(conf, tmp, rpcPort, restPort, blobPort);

      // What bin/jobmanager.sh and bin/taskmanager.sh ask Flink for: JVM memory flags (line 1)
      // and the resolved memory and CPU settings as dynamic properties (line 2).
      CompletableFuture<List<List<String>>> jmParams =
          CompletableFuture.supplyAsync(() -> resourceParams(cp, conf, log, "GET_JM_RESOURCE_PARAMS"));
      List<List<String>> tmParams = resourceParams(cp, conf, log, "GET_TM_RESOURCE_PARAMS");
      List<List<String>> jmp = join(jmParams);

      Process jm = null;
      Process tm = null;
      LocalFlinkCluster cluster = null;
      try {
        jm = launch(dir, cp, conf, log, "jobmanager", jmp, JOB_MANAGER_MAIN, Map.of());
        tm = launch(dir, cp, conf, log, "taskmanager", tmParams, TASK_MANAGER_MAIN, taskManagerEnv);
        cluster = new LocalFlinkCluster(dir, restPort, rpcPort, blobPort, taskSlots,
            jm.pid(), tm.pid(), Optional.of(jm.toHandle()), Optional.of(tm.toHandle()), List.copyOf(jars));
        LocalFlinkCluster c = cluster;
        cluster.shutdownHook = new Thread(c::stop, "stop-local-flink-cluster");
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);

        awaitReady(cluster, jm, tm);
        writeState(cluster);
        if (keepRunningAfterExit) {
          Runtime.getRuntime().removeShutdownHook(cluster.shutdownHook);
          cluster.shutdownHook = null;
        }
        LOG.info(
            "Flink {} session cluster ready in {} ms at {} (jobmanager pid {}, taskmanager pid {}, logs in {})",
            cluster.flinkVersion, (System.nanoTime() - t0) / 1_000_000, cluster.flinkMaster(),
            jm.pid(), tm.pid(), log);
        return cluster;
      } catch (IOException | RuntimeException | Error e) {
        if (cluster != null) {
          cluster.stop();
        } else {
          for (Process p : new Process[] {tm, jm}) {
            if (p != null) {
              terminate(p.toHandle());
            }
          }
        }
        throw e;
      }
    }

    private void awaitReady(LocalFlinkCluster cluster, Process jm, Process tm) throws IOException {
      long deadline = System.nanoTime() + startTimeout.toNanos();
      URI overview = cluster.restUri().resolve("overview");
      String last = "no answer from " + overview;
      while (true) {
        for (Process p : List.of(jm, tm)) {
          if (!p.isAlive()) {
            throw startFailure(cluster, (p == jm ? "JobManager" : "TaskManager") + " JVM exited with code "
                + p.exitValue() + " during start-up");
          }
        }
        try {
          HttpResponse<String> r = get(overview);
          last = "/overview answered " + r.statusCode() + ": " + r.body();
          if (r.statusCode() == 200
              && intField(r.body(), "taskmanagers").orElse(0) == 1
              && intField(r.body(), "slots-total").orElse(0) == taskSlots) {
            cluster.flinkVersion = stringField(r.body(), "flink-version").orElse("unknown");
            return;
          }
        } catch (IOException notYet) {
          last = "no answer from " + overview + " (" + notYet + ")";
        }
        if (System.nanoTime() > deadline) {
          throw startFailure(cluster, "did not become ready within " + startTimeout.toMillis()
              + " ms (waiting for 1 TaskManager with " + taskSlots + " slots); last: " + last);
        }
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the Flink cluster", e);
        }
      }
    }

    private static IllegalStateException startFailure(LocalFlinkCluster cluster, String what) {
      cluster.stop();
      StringBuilder message = new StringBuilder("Local Flink cluster in ")
          .append(cluster.workDir).append(' ').append(what).append(" (logs in ").append(cluster.logDir())
          .append(')');
      for (String name : List.of("jobmanager.log", "jobmanager.out", "taskmanager.log", "taskmanager.out")) {
        message.append(tail(cluster.logDir().resolve(name)));
      }
      return new IllegalStateException(message.toString());
    }

    private void writeConfig(Path conf, Path tmp, int rpcPort, int restPort, int blobPort) throws IOException {
      Map<String, String> c = new LinkedHashMap<>();
      c.put("jobmanager.rpc.address", "127.0.0.1");
      c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
      c.put("jobmanager.bind-host", "127.0.0.1");
      c.put("jobmanager.memory.process.size", jobManagerMemory);
      c.put("taskmanager.host", "127.0.0.1");
      c.put("taskmanager.bind-host", "127.0.0.1");
      c.put("taskmanager.numberOfTaskSlots", Integer.toString(taskSlots));
      c.put("taskmanager.memory.process.size", taskManagerMemory);
      // Beam's batch jobs sort in managed memory, but the courier's workers (HTTP, Parquet
      // writers, JDBC batches) live on the task heap: give the heap the larger share.
      c.put("taskmanager.memory.managed.fraction", "0.25");
      // The courier's batch plan has many blocking exchanges (13 tables, each to Parquet and to the
      // database). Flink 1.19's sort shuffle reserves 512 buffers per result partition by default,
      // which exhausts the network pool ("Insufficient number of network buffers"): reserve fewer
      // per partition and give the pool more memory. README, "Running on Flink", says the same.
      c.put("taskmanager.network.sort-shuffle.min-buffers", "64");
      c.put("taskmanager.memory.network.fraction", "0.2");
      // Deploying a batch job's tasks on a busy 2-core machine can outlast the 10 s default.
      c.put("pekko.ask.timeout", "60 s");
      c.put("parallelism.default", Integer.toString(parallelism));
      c.put("rest.address", "127.0.0.1");
      c.put("rest.bind-address", "127.0.0.1");
      c.put("rest.port", Integer.toString(restPort));
      c.put("blob.server.port", Integer.toString(blobPort));
      c.put("io.tmp.dirs", tmp.toString());
      c.put("web.tmpdir", tmp.resolve("web").toString());
      c.put("web.upload.dir", tmp.resolve("upload").toString());
      // A failed job fails at once (no retries hiding the cause); Beam may override per job.
      c.put("restart-strategy.type", "none");
      // Beam's runner touches the user classloader after a job ends (as with Beam's [local]).
      c.put("classloader.check-leaked-classloader", "false");
      c.putAll(config);
      StringBuilder yaml = new StringBuilder(
          "# Generated by courier.flinkcluster.LocalFlinkCluster: a throwaway session cluster on loopback.\n");
      c.forEach((k, v) -> yaml.append(k).append(": ").append(yamlString(v)).append('\n'));
      Files.writeString(conf.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
      Files.writeString(conf.resolve("log4j.properties"), LOG4J_PROPERTIES, StandardCharsets.UTF_8);
    }

    private static String yamlString(String value) {
      return value.matches("[A-Za-z0-9_.\\-]+") ? value : "'" + value.replace("'", "''") + "'";
    }

    private static List<List<String>> resourceParams(String cp, Path conf, Path log, String command) {
      List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx256m",
          "-Dlog.file=" + log.resolve("bash-java-utils.log"),
          "-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"),
          "-cp", cp, BASH_JAVA_UTILS, command, "--configDir", conf.toString()));
      try {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          p.destroyForcibly();
          throw new IllegalStateException("Flink's BashJavaUtils " + command + " failed (check "
              + conf.resolve("config.yaml") + "):\n" + out);
        }
        List<List<String>> lines = out.lines()
            .filter(l -> l.startsWith(BASH_JAVA_UTILS_PREFIX))
            .map(l -> Arrays.stream(l.substring(BASH_JAVA_UTILS_PREFIX.length()).trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).collect(Collectors.toList()))
            .collect(Collectors.toList());
        if (lines.size() < 2) {
          throw new IllegalStateException("unexpected output of Flink's BashJavaUtils " + command + ":\n" + out);
        }
        return lines;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }

    private static Process launch(Path dir, String cp, Path conf, Path log, String name,
        List<List<String>> params, String mainClass, Map<String, String> extraEnv) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(java());
      cmd.add(CLUSTER_FLAG + dir);
      cmd.add(ROLE_FLAG + name);
      cmd.addAll(params.get(0));
      cmd.addAll(JAVA17_OPTS);
      cmd.add("-Dlog.file=" + log.resolve(name + ".log"));
      cmd.add("-Dlog4j.configuration=file:" + conf.resolve("log4j.properties"));
      cmd.add("-Dlog4j.configurationFile=file:" + conf.resolve("log4j.properties"));
      cmd.add("-cp");
      cmd.add(cp);
      cmd.add(mainClass);
      cmd.add("--configDir");
      cmd.add(conf.toString());
      cmd.addAll(params.get(1));
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.resolve(name + ".out").toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().put("FLINK_CONF_DIR", conf.toString());
      pb.environment().put("FLINK_LOG_DIR", log.toString());
      pb.environment().putAll(extraEnv);
      return pb.start();
    }

    private static String java() {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static <T> T join(CompletableFuture<T> future) {
      try {
        return future.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof RuntimeException) {
          throw (RuntimeException) e.getCause();
        }
        throw e;
      }
    }

    private static void writeState(LocalFlinkCluster c) throws IOException {
      Properties state = new Properties();
      state.setProperty("flink.master", c.flinkMaster());
      state.setProperty("flink.version", c.flinkVersion);
      state.setProperty("rest.port", Integer.toString(c.restPort));
      state.setProperty("rpc.port", Integer.toString(c.rpcPort));
      state.setProperty("blob.port", Integer.toString(c.blobPort));
      state.setProperty("task.slots", Integer.toString(c.taskSlots));
      state.setProperty("jobmanager.pid", Long.toString(c.jobManagerPid));
      state.setProperty("taskmanager.pid", Long.toString(c.taskManagerPid));
      state.setProperty("log.dir", c.logDir().toString());
      Path tmp = c.workDir.resolve(STATE_FILE + ".tmp");
      try (var out = Files.newOutputStream(tmp)) {
        state.store(out, "Local Flink cluster (courier.flinkcluster.LocalFlinkCluster)");
      }
      Files.move(tmp, c.workDir.resolve(STATE_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** The jars of {@code lib}, sorted, after checking it is a complete Flink cluster classpath. */
  static List<Path> clusterJars(Path lib) throws IOException {
    String hint = " (build it with: ./mvnw -B -pl flink-cluster -am -DskipTests package)";
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException("no Flink cluster jars at " + lib + hint);
    }
    List<Path> jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.filter(f -> f.getFileName().toString().endsWith(".jar"))
          .map(Path::toAbsolutePath)
          .sorted(Comparator.comparing(Path::toString))
          .collect(Collectors.toList());
    }
    for (String required : REQUIRED_JARS) {
      if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith(required))) {
        throw new IllegalStateException("the Flink cluster jars at " + lib + " lack " + required + "*.jar" + hint);
      }
    }
    for (Path jar : jars) {
      String name = jar.getFileName().toString();
      if (name.startsWith("courier") || name.startsWith("beam-")) {
        throw new IllegalStateException(jar + " must not be on the cluster's classpath: jobs stage their own jar");
      }
    }
    return jars;
  }

  static Path defaultFlinkLib() {
    String configured = System.getProperty(FLINK_LIB_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(FLINK_LIB_ENV);
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    try {
      // flink-cluster/target/<jar> or flink-cluster/target/classes -> flink-cluster/target/flink-dist/lib
      Path codeSource = Path.of(LocalFlinkCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return codeSource.toAbsolutePath().getParent().resolve("flink-dist").resolve("lib");
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("flink-cluster", "target", "flink-dist", "lib").toAbsolutePath();
    }
  }

  /** Free TCP ports on loopback, all held open until every one is chosen, so they differ. */
  static int[] freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  static String tail(Path file) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      if (lines.isEmpty()) {
        return "";
      }
      List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "\n--- last " + last.size() + " lines of " + file + " ---\n" + String.join("\n", last);
    } catch (IOException e) {
      return "\n--- " + file + " unreadable: " + e + " ---";
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Log4j 2 configuration for both JVMs: Flink's own default (bin/../conf/log4j.properties), one
   * rolling file per JVM at {@code -Dlog.file}.
   */
  static final String LOG4J_PROPERTIES = String.join("\n",
      "# Generated by courier.flinkcluster.LocalFlinkCluster (Flink's default log4j.properties).",
      "monitorInterval = 30",
      "rootLogger.level = INFO",
      "rootLogger.appenderRef.file.ref = MainAppender",
      "logger.pekko.name = org.apache.pekko",
      "logger.pekko.level = INFO",
      "logger.kafka.name = org.apache.kafka",
      "logger.kafka.level = INFO",
      "logger.hadoop.name = org.apache.hadoop",
      "logger.hadoop.level = WARN",
      "logger.zookeeper.name = org.apache.zookeeper",
      "logger.zookeeper.level = INFO",
      "logger.shaded_zookeeper.name = org.apache.flink.shaded.zookeeper3",
      "logger.shaded_zookeeper.level = INFO",
      "logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline",
      "logger.netty.level = OFF",
      "appender.main.name = MainAppender",
      "appender.main.type = RollingFile",
      "appender.main.append = true",
      "appender.main.fileName = ${sys:log.file}",
      "appender.main.filePattern = ${sys:log.file}.%i",
      "appender.main.layout.type = PatternLayout",
      "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
      "appender.main.policies.type = Policies",
      "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
      "appender.main.policies.size.size = 100MB",
      "appender.main.strategy.type = DefaultRolloverStrategy",
      "appender.main.strategy.max = 10",
      "");
}
