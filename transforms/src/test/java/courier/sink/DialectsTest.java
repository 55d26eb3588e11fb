package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each dialect does besides staging, on H2 where it is H2's and without a server where it is
 * PostgreSQL's: H2's commit lock (a row, a one-hour wait) and its shutdown of file databases only;
 * PostgreSQL's driver settings and advisory lock keys.
 */
class DialectsTest {
  private static final H2Dialect H2 = new H2Dialect();
  private static final PostgresDialect POSTGRES = new PostgresDialect();

  @Test
  void h2sCommitLockIsOneRowPerNameHeldInATransactionThatWaitsAnHour() throws SQLException {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:mem:dialects-lock;DB_CLOSE_DELAY=-1");
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      H2.beginLockedCommit(c, "shopify_|acme");
      assertFalse(c.getAutoCommit(), "the commit's transaction has begun");
      assertEquals(3_600_000L, single(c, "CALL LOCK_TIMEOUT()"));
      c.commit();
      c.setAutoCommit(true);
      H2.beginLockedCommit(c, "shopify_|acme");
      c.commit();
      c.setAutoCommit(true);
      H2.beginLockedCommit(c, "shopify_|other");
      c.commit();
      assertEquals(
          1L,
          single(
              c,
              "SELECT count(*) FROM \"courier_commit_locks\""
                  + " WHERE \"lock_name\" = 'shopify_|acme'"));
      assertEquals(2L, single(c, "SELECT count(*) FROM \"courier_commit_locks\""));
    }
  }

  /**
   * Two commits of a shop that find no lock row both insert it; the one whose insert meets the
   * other's (the unique key's violation) still takes the lock once the other commits.
   */
  @Test
  void h2sCommitLockSurvivesAnotherCommitCreatingTheRowMeanwhile() throws Exception {
    String url = "jdbc:h2:mem:dialects-lock-race;DB_CLOSE_DELAY=-1";
    JdbcTarget db = JdbcTarget.of(url);
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (Connection first = db.connect();
        Connection second = db.connect();
        Statement s = first.createStatement()) {
      s.execute("CREATE TABLE \"courier_commit_locks\" (\"lock_name\" VARCHAR PRIMARY KEY)");
      first.setAutoCommit(false);
      s.execute("INSERT INTO \"courier_commit_locks\" VALUES ('shopify_|acme')"); // uncommitted
      Future<?> locking =
          thread.submit(
              () -> {
                H2.beginLockedCommit(second, "shopify_|acme");
                return null;
              });
      // The second commit's insert waits on the first's uncommitted row: commit that then.
      while (!locking.isDone() && !insertWaiting(first)) {
        Thread.sleep(10);
      }
      first.commit();
      locking.get(1, TimeUnit.MINUTES);
      assertFalse(second.getAutoCommit(), "the lock is held in the commit's transaction");
      second.commit();
      assertEquals(1L, single(first, "SELECT count(*) FROM \"courier_commit_locks\""));
    } finally {
      thread.shutdownNow();
    }
  }

  /** Whether another session is executing an INSERT (H2 shows a session waiting as running). */
  private static boolean insertWaiting(Connection c) throws SQLException {
    return single(
            c,
            "SELECT count(*) FROM INFORMATION_SCHEMA.SESSIONS"
                + " WHERE SESSION_ID <> SESSION_ID() AND EXECUTING_STATEMENT LIKE 'INSERT INTO%'")
        > 0;
  }

  @Test
  void h2ShutsDownAFileDatabaseAfterTheCommitButNotAnInMemoryOne(@TempDir Path dir)
      throws SQLException {
    String memory = "jdbc:h2:mem:dialects-after-commit;DB_CLOSE_DELAY=-1";
    try (Connection c = JdbcTarget.of(memory).connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (id BIGINT)");
      H2.afterCommit(c, memory);
      assertEquals(0L, single(c, "SELECT count(*) FROM kept"), "still open");
    }

    String file = "jdbc:h2:file:" + dir.resolve("db");
    JdbcTarget target = JdbcTarget.of(file);
    try (Connection held = target.connect();
        Connection c = target.connect()) {
      H2.afterCommit(c, file);
      assertThrows(SQLException.class, () -> single(held, "SELECT 1"), "every connection closed");
    }
  }

  /** The URL alone decides: a server's database (tcp:, ssl:) is shared, never shut down. */
  @Test
  void h2LeavesAServersDatabaseOpenAfterTheCommit() throws SQLException {
    String memory = "jdbc:h2:mem:dialects-server-urls;DB_CLOSE_DELAY=-1";
    try (Connection c = JdbcTarget.of(memory).connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (id BIGINT)");
      H2.afterCommit(c, "jdbc:h2:tcp://db.internal:9092/courier");
      H2.afterCommit(c, "jdbc:h2:ssl://db.internal:9092/courier");
      assertEquals(0L, single(c, "SELECT count(*) FROM kept"), "still open");
    }
  }

  /**
   * H2 before 2.4.240 could lose committed rows when a file was closed and opened again
   * (h2database#4247; README, "The embedded H2 file"): a dependency change must not bring it back.
   */
  @Test
  void theEmbeddedH2IsABuildThatKeepsCommittedRowsAcrossAClose() throws SQLException {
    try (Connection c = JdbcTarget.of("jdbc:h2:mem:dialects-version").connect()) {
      String version = c.getMetaData().getDatabaseProductVersion();
      int build = Integer.parseInt(version.replaceFirst("^\\d+\\.\\d+\\.(\\d+).*$", "$1"));
      assertTrue(build >= 240, "H2 " + version + " loses committed rows; use 2.4.240 or newer");
    }
  }

  @Test
  void postgresqlKeepsRowValuesOutOfItsErrorsAndKeysLocksByTheNamesDigest() throws Exception {
    assertEquals(Map.of("logServerErrorDetail", "false"), POSTGRES.driverProperties());
    assertEquals(Map.of(), H2.driverProperties());
    assertEquals("org.postgresql.Driver", Class.forName(POSTGRES.driverClassName()).getName());
    assertEquals("org.h2.Driver", Class.forName(H2.driverClassName()).getName());
    assertEquals(List.of("TEXT", "VARCHAR"), List.of(POSTGRES.textType(), H2.textType()));
    // The first 8 bytes of SHA-256("courier-commit:" + name): fixed, so that two JVMs (a client
    // and a TaskManager, two versions of the courier) agree on the lock of a shop.
    assertEquals(6515805777858549406L, PostgresDialect.lockKey("shopify_|acme.myshopify.com"));
    assertEquals(-3866604728424273699L, PostgresDialect.lockKey(""));
    assertNotEquals(
        PostgresDialect.lockKey("shopify_|a.myshopify.com"),
        PostgresDialect.lockKey("shopify_|b.myshopify.com"));
  }

  @Test
  void aMissingUrlIsRefusedNamingTheSupportedOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SqlDialect.forUrl(null));
    assertTrue(e.getMessage().contains("supported: h2 (jdbc:h2:...)"), e.getMessage());
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }
}
