package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link PostgresDialect} does on a real server besides staging (StagingTest): the commit lock
 * is the name's advisory lock, held until the transaction ends; ANALYZE of the staging tables.
 */
class PostgresDialectTest {
  private static final PostgresDialect POSTGRES = new PostgresDialect();
  private static PostgresServer.Lease postgres;
  private static JdbcTarget db;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.shared().lease();
    db = JdbcTarget.of(postgres.createDatabase("dialect")).withUser(PostgresServer.SUPERUSER);
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theCommitLockIsTheNamesAdvisoryLockHeldUntilTheTransactionEnds() throws SQLException {
    try (Connection committing = db.connect();
        Connection other = db.connect()) {
      POSTGRES.beginLockedCommit(committing, "shopify_|acme.myshopify.com");
      assertFalse(committing.getAutoCommit(), "the commit's transaction has begun");
      assertFalse(tryLock(other, "shopify_|acme.myshopify.com"), "held by the commit");
      assertTrue(tryLock(other, "shopify_|other.myshopify.com"), "another shop's is free");
      committing.commit();
      assertTrue(tryLock(other, "shopify_|acme.myshopify.com"), "released by the commit");
    }
  }

  @Test
  void analyzeCollectsStatisticsOfTheNamedTables() throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      // Autovacuum off: only the ANALYZE under test may count the rows.
      s.execute("CREATE TABLE \"Mixed Case\" (id BIGINT) WITH (autovacuum_enabled = false)");
      s.execute("CREATE TABLE untouched (id BIGINT)");
      s.execute("INSERT INTO \"Mixed Case\" SELECT generate_series(1, 100)");
      POSTGRES.analyze(c, List.of("Mixed Case"));
      try (ResultSet rs =
          s.executeQuery(
              "SELECT relname, reltuples FROM pg_class"
                  + " WHERE relname IN ('Mixed Case', 'untouched') ORDER BY relname")) {
        assertTrue(rs.next());
        assertEquals(100, rs.getLong(2), "counted by ANALYZE");
        assertTrue(rs.next());
        assertEquals(-1, rs.getLong(2), "never analyzed");
      }
    }
  }

  /** Takes the commit lock of a name in its own transaction if free, and lets it go again. */
  private static boolean tryLock(Connection c, String name) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      s.setLong(1, PostgresDialect.lockKey(name));
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    } finally {
      c.rollback();
      c.setAutoCommit(true);
    }
  }
}
