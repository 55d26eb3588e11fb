package courier.sink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: {@code initdb} into a temporary folder, started on a
 * free loopback port, stopped (and waited for) on {@link #close()} or, failing that, at JVM exit.
 * Uses the Debian {@code postgresql} package's binaries; as root it runs them as the {@code
 * postgres} user, since initdb refuses to run as root. No Docker.
 *
 * <pre>{@code
 * static PostgresServer postgres;
 * @BeforeAll static void start() throws Exception { postgres = PostgresServer.start(); }
 * @AfterAll static void stop() { postgres.close(); }
 * ... JdbcTarget.of(postgres.createDatabase("my_test")).withUser(PostgresServer.SUPERUSER)
 * }</pre>
 *
 * <p>Authentication: trust for the superuser on 127.0.0.1, SCRAM passwords for roles made with
 * {@link #createRole}, so tests can check that a configured password really is sent.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String SUPERUSER = "postgres";
  private static final String OS_USER = "postgres";
  private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

  private final Path bin;
  private final Path dataDir;
  private final int port;
  private final Thread shutdownHook;
  private boolean stopped;

  private PostgresServer(Path bin, Path dataDir, int port) {
    this.bin = bin;
    this.dataDir = dataDir;
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "postgres-test-server-stop");
  }

  /** initdb, configure and start a server; fails with what to install if there is no PostgreSQL. */
  public static PostgresServer start() throws IOException, InterruptedException {
    Path bin = findBinaries();
    Path dataDir = Files.createTempDirectory("courier-postgres-");
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

  private void asServerUser(List<String> command) throws IOException, InterruptedException {
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
}
