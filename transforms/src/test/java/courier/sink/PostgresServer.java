package courier.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a temporary folder, started on a
 * free loopback port, stopped (and waited for) on {@link #close()} or, failing that, at JVM exit.
 * Uses the Debian {@code postgresql} package's binaries; as root it runs them as the {@code
 * postgres} user, since initdb refuses to run as root. No Docker.
 *
 * <p>Most test classes share one server per JVM (initdb and start cost seconds, and PIT reruns a
 * class for every mutant it covers), each with databases of its own that it drops when done:
 *
 * <pre>{@code
 * static PostgresServer.Lease postgres;
 * @BeforeAll static void start() throws Exception { postgres = PostgresServer.shared().lease(); }
 * @AfterAll static void stop() { postgres.close(); }
 * ... JdbcTarget.of(postgres.createDatabase("my_test")).withUser(PostgresServer.SUPERUSER)
 * }</pre>
 *
 * <p>A test that stops the server or changes its settings starts a private one with {@link
 * #start()} and closes it.
 *
 * <p>A JVM killed without its shutdown hooks (kill -9, a PIT minion timing out, a Surefire fork
 * killed) leaves its servers running: each server's folder names its owner JVM, and every start
 * first stops and deletes the servers whose owner is gone ({@link #reapOrphans()}).
 *
 * <p>Authentication: trust for the superuser on 127.0.0.1, SCRAM passwords for roles made with
 * {@link #createRole}, so tests can check that a configured password really is sent.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String SUPERUSER = "postgres";
  private static final String OS_USER = "postgres";
  private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
  static final String DIR_PREFIX = "courier-postgres-";

  /** In each server's folder: "pid start-millis" of the JVM that started it. */
  static final String OWNER_FILE = "owner-jvm";

  private static PostgresServer shared;

  private final Path bin;
  private final Path dataDir;
  private final int port;
  private final Thread shutdownHook;
  private final AtomicInteger databases = new AtomicInteger();
  private boolean stopped;

  private PostgresServer(Path bin, Path dataDir, int port) {
    this.bin = bin;
    this.dataDir = dataDir;
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-test-server-stop");
  }

  /**
   * This JVM's shared server, started on first use and stopped at JVM exit; use it through a {@link
   * #lease()} and never close it.
   */
  public static synchronized PostgresServer shared() throws IOException, InterruptedException {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** A test class's own databases on this server, dropped when the lease closes. */
  public Lease lease() {
    return new Lease(this);
  }

  /** initdb, configure and start a server; fails with what to install if there is no PostgreSQL. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBinaries();
    reapOrphans();
    Path dataDir = Files.createTempDirectory(DIR_PREFIX);
    // Written whole or not at all: a JVM killed mid-write must not leave a half owner to misjudge.
    Path ownerDraft = dataDir.resolve(OWNER_FILE + ".draft");
    Files.writeString(ownerDraft, owner(ProcessHandle.current()));
    Files.move(ownerDraft, dataDir.resolve(OWNER_FILE), StandardCopyOption.ATOMIC_MOVE);
    if (isRoot()) {
      run(List.of("chown", "-R", OS_USER + ":", dataDir.toString()), false);
    }
    PostgresServer server = new PostgresServer(bin, dataDir, freePort());
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    try {
      server.initdb();
      server.pgctl(
          "start",
          "-w",
          "-t",
          "60",
          "-l",
          dataDir.resolve("server.log").toString(),
          "-o",
          "-p "
              + server.port
              + " -k "
              + dataDir
              + " -c listen_addresses=127.0.0.1 -c fsync=off"
              + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300");
      return server;
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  /** The folder holding the cluster, the socket and the server log; deleted on close. */
  public Path directory() {
    return dataDir;
  }

  /** JDBC URL of a database on this server (it must exist; see {@link #createDatabase}). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates an empty database and returns its JDBC URL. */
  public String createDatabase(String name) throws SQLException {
    superuserSql("CREATE DATABASE \"" + name + "\"");
    return jdbcUrl(name);
  }

  /** Creates a login role that must authenticate with this password (SCRAM), owning nothing yet. */
  public void createRole(String role, String password, String database) throws SQLException {
    superuserSql(
        "CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + password.replace("'", "''") + "'");
    grant(role, database);
  }

  /** Lets the role connect to the database and create tables in its public schema. */
  public void grant(String role, String database) throws SQLException {
    superuserSql("GRANT ALL ON DATABASE \"" + database + "\" TO \"" + role + "\"");
    try (Connection c = DriverManager.getConnection(jdbcUrl(database), SUPERUSER, "");
        Statement s = c.createStatement()) {
      s.execute("GRANT ALL ON SCHEMA public TO \"" + role + "\"");
    }
  }

  private void superuserSql(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Stops the server (fast shutdown, waiting for it) and deletes its files. Idempotent. */
  @Override
  public synchronized void close() {
    if (this == shared) {
      throw new IllegalStateException("the shared server stops at JVM exit; close its lease");
    }
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or ran: nothing to remove.
    }
  }

  private synchronized void stopQuietly() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      if (Files.exists(dataDir.resolve("pgdata").resolve("postmaster.pid"))) {
        pgctl("stop", "-w", "-t", "60", "-m", "fast");
      }
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "could not stop the test PostgreSQL server in " + dataDir + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteRecursively(dataDir);
    }
  }

  /**
   * Stops (immediate shutdown) and deletes every test server under the temporary folder whose owner
   * JVM is gone. Folders without an owner file are left alone: they may be starting, or belong to a
   * JVM running an older version of this class.
   */
  static void reapOrphans() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> orphans;
    try (Stream<Path> dirs = Files.list(tmp)) {
      orphans =
          dirs.filter(d -> d.getFileName().toString().startsWith(DIR_PREFIX))
              .filter(PostgresServer::ownerIsGone)
              .toList();
    } catch (IOException e) {
      System.err.println("could not look for orphaned test PostgreSQL servers: " + e.getMessage());
      return;
    }
    for (Path orphan : orphans) {
      Path pgdata = orphan.resolve("pgdata");
      try {
        if (Files.exists(pgdata.resolve("postmaster.pid"))) {
          Path bin = findBinaries();
          asServerUser(
              List.of(
                  bin.resolve("pg_ctl").toString(),
                  "-D",
                  pgdata.toString(),
                  "stop",
                  "-w",
                  "-t",
                  "60",
                  "-m",
                  "immediate"));
        }
      } catch (IOException | RuntimeException e) {
        // Another JVM reaped it meanwhile, or the server had died with its owner.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      deleteRecursively(orphan);
    }
  }

  private static boolean ownerIsGone(Path dir) {
    Path ownerFile = dir.resolve(OWNER_FILE);
    String recorded;
    try {
      recorded = Files.readString(ownerFile).trim();
    } catch (IOException e) {
      return false; // no owner recorded (yet): not ours to judge
    }
    String[] pidAndStart = recorded.split(" ");
    long pid;
    long startMillis;
    try {
      pid = Long.parseLong(pidAndStart[0]);
      startMillis = pidAndStart.length > 1 ? Long.parseLong(pidAndStart[1]) : -1;
    } catch (NumberFormatException e) {
      // Not written by this harness (it writes the file whole): not ours to judge, and one such
      // directory must not stop every test JVM on the machine from starting its server.
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty()) {
      return true;
    }
    // The start time tells a reused pid from the owner; where one is unknown, the pid is enough.
    Optional<Instant> started = process.get().info().startInstant();
    return startMillis >= 0 && started.isPresent() && started.get().toEpochMilli() != startMillis;
  }

  private static String owner(ProcessHandle process) {
    return process.pid()
        + process.info().startInstant().map(t -> " " + t.toEpochMilli()).orElse("");
  }

  private void initdb() throws IOException, InterruptedException {
    Path pgdata = dataDir.resolve("pgdata");
    asServerUser(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            pgdata.toString(),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync"));
    // Passwords for the roles tests create, trust for the superuser; loopback only.
    String hba =
        "host all "
            + SUPERUSER
            + " 127.0.0.1/32 trust\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "local all all trust\n";
    Path hbaFile = pgdata.resolve("pg_hba.conf");
    Files.writeString(hbaFile, hba, StandardCharsets.UTF_8);
    if (isRoot()) {
      run(List.of("chown", OS_USER + ":", hbaFile.toString()), false);
    }
  }

  private void pgctl(String... arguments) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.resolve("pgdata").toString()));
    command.addAll(List.of(arguments));
    asServerUser(command);
  }

  private static void asServerUser(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(command);
    run(full, true);
  }

  private static String run(List<String> command, boolean showOutputOnFailure)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "failed ("
              + process.exitValue()
              + "): "
              + String.join(" ", command)
              + (showOutputOnFailure ? "\n" + output : ""));
    }
    return output;
  }

  private static Path findBinaries() {
    String override = System.getenv("COURIER_PG_BIN");
    if (override != null && Files.isExecutable(Path.of(override, "initdb"))) {
      return Path.of(override);
    }
    if (Files.isDirectory(DEBIAN_VERSIONS)) {
      try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
        // Prefer 15 (what CI installs), else the newest present.
        List<Path> bins =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .sorted(
                    Comparator.comparing(
                            (Path b) -> !b.getParent().getFileName().toString().equals("15"))
                        .thenComparing(Comparator.reverseOrder()))
                .toList();
        if (!bins.isEmpty()) {
          return bins.get(0);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        "PostgreSQL server binaries not found under "
            + DEBIAN_VERSIONS
            + "/<version>/bin (or $COURIER_PG_BIN):"
            + " install the 'postgresql' package (apt-get install postgresql) to run the PostgreSQL tests");
  }

  /** By uid, not by name: PostgreSQL refuses to run as uid 0 whatever the account is called. */
  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }

  /**
   * A test class's share of a server: databases named after the class's own names plus a number
   * unique on the server (the shared server outlives test classes, and PIT reruns a class in the
   * same JVM), dropped with their connections when the lease closes so a long run does not fill the
   * disk.
   */
  public static final class Lease implements AutoCloseable {
    private final PostgresServer server;
    private final List<String> names = new ArrayList<>();

    private Lease(PostgresServer server) {
      this.server = server;
    }

    /** Creates an empty database named {@code name_<n>} and returns its JDBC URL. */
    public synchronized String createDatabase(String name) throws SQLException {
      String unique = name + "_" + server.databases.incrementAndGet();
      String url = server.createDatabase(unique);
      names.add(unique);
      return url;
    }

    /**
     * A login role with this password (SCRAM), allowed into the database of this URL; if the role
     * exists (roles are server-wide, and outlive the lease) its password is set to this one.
     */
    public void createRole(String role, String password, String databaseUrl) throws SQLException {
      server.superuserSql(
          "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
              + quoteLiteral(role)
              + ") THEN CREATE ROLE \""
              + role
              + "\" LOGIN; END IF; END $$");
      server.superuserSql("ALTER ROLE \"" + role + "\" LOGIN PASSWORD " + quoteLiteral(password));
      grant(role, databaseUrl);
    }

    /** Lets the role connect to the database of this URL and create tables in it. */
    public void grant(String role, String databaseUrl) throws SQLException {
      server.grant(role, databaseUrl.substring(databaseUrl.lastIndexOf('/') + 1));
    }

    public int port() {
      return server.port();
    }

    /** Drops this lease's databases, ending the sessions still connected to them. */
    @Override
    public synchronized void close() {
      for (String name : names) {
        try {
          server.superuserSql("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
        } catch (SQLException e) {
          System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
      }
      names.clear();
    }

    private static String quoteLiteral(String text) {
      return "'" + text.replace("'", "''") + "'";
    }
  }
}
