package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostgresServerTest {
  @Test
  void startsOnLoopbackAndStopsCompletely() throws Exception {
    PostgresServer server = PostgresServer.start();
    try (Connection c =
            DriverManager.getConnection(
                server.createDatabase("harness"), PostgresServer.SUPERUSER, "");
        ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
      rs.next();
      assertTrue(rs.getInt(1) >= 100000, "a real PostgreSQL server answers: " + rs.getInt(1));
    } finally {
      server.close();
    }
    assertNothingListensOn(server.port());
    assertFalse(Files.exists(server.directory()), "the cluster's files are deleted");
    server.close(); // idempotent
  }

  @Test
  void theSharedServerGivesEachLeaseItsOwnDatabasesAndDropsThemOnClose() throws Exception {
    PostgresServer server = PostgresServer.shared();
    assertSame(server, PostgresServer.shared(), "one server per JVM");
    assertThrows(IllegalStateException.class, server::close, "only the JVM's exit stops it");

    String first;
    String second;
    try (PostgresServer.Lease a = server.lease();
        PostgresServer.Lease b = server.lease()) {
      first = a.createDatabase("same_name");
      second = b.createDatabase("same_name");
      assertNotEquals(first, second, "a name two classes (or two PIT runs) use stays apart");
      a.createRole("lease_role", "first-password", first);
      b.createRole("lease_role", "second-password", second); // roles are server-wide
      try (Connection held = DriverManager.getConnection(second, "lease_role", "second-password")) {
        assertEquals("lease_role", currentUser(held));
        b.close(); // drops its database under a session still connected to it
      }
      assertThrows(
          SQLException.class,
          () -> DriverManager.getConnection(second, PostgresServer.SUPERUSER, "").close());
      DriverManager.getConnection(first, PostgresServer.SUPERUSER, "").close();
    }
    assertThrows(
        SQLException.class,
        () -> DriverManager.getConnection(first, PostgresServer.SUPERUSER, "").close(),
        "a closed lease's databases are dropped");
  }

  /**
   * A JVM killed without running its shutdown hooks (kill -9, a PIT minion timed out) leaves its
   * server running; the next start in any JVM stops it and deletes its files.
   */
  @Test
  void aServerWhoseJvmWasKilledIsReapedByTheNextStart() throws Exception {
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StartAndWait.class.getName())
            .redirectErrorStream(true)
            .start();
    Path directory;
    int port;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      while (line != null && !line.startsWith(StartAndWait.READY)) {
        line = out.readLine(); // a JVM or logging warning first
      }
      assertTrue(line != null, "the child JVM ended without starting a server");
      String[] started = line.substring(StartAndWait.READY.length()).split(" ");
      directory = Path.of(started[0]);
      port = Integer.parseInt(started[1]);
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the child JVM did not die");
    }
    try (Socket stillThere = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertTrue(Files.exists(directory), "the orphan outlived its JVM, as it would in a kill -9");
    }

    PostgresServer.reapOrphans();

    assertNothingListensOn(port);
    assertFalse(Files.exists(directory), "the orphan's files are deleted");
    assertTrue(
        PostgresServer.shared().directory().toFile().isDirectory(),
        "a live JVM's server is left alone");
  }

  /**
   * A directory of the harness's name whose owner file the harness did not write (empty, or not a
   * pid) is left alone, and does not stop the next server from starting.
   */
  @Test
  void anOwnerFileThatIsNotAPidStopsNoStart() throws Exception {
    Path odd = Files.createTempDirectory(PostgresServer.DIR_PREFIX);
    try {
      for (String owner : List.of("", "not-a-pid 12", "12 not-a-start")) {
        Files.writeString(odd.resolve(PostgresServer.OWNER_FILE), owner);
        PostgresServer.reapOrphans();
        assertTrue(Files.isDirectory(odd), "left alone: '" + owner + "'");
      }
    } finally {
      Files.deleteIfExists(odd.resolve(PostgresServer.OWNER_FILE));
      Files.deleteIfExists(odd);
    }
  }

  /** Starts a server, says where, and waits to be killed. */
  static final class StartAndWait {
    static final String READY = "started ";

    public static void main(String[] args) throws Exception {
      PostgresServer server = PostgresServer.start();
      System.out.println(READY + server.directory() + " " + server.port());
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
    }
  }

  private static String currentUser(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void assertNothingListensOn(int port) {
    assertThrows(
        java.io.IOException.class,
        () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
        "nothing listens on the port once stopped");
  }
}
