package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staging writers' pool, on H2 databases that need a user and password: the target's URL, user
 * and password (read where the pool opens) reach the database, one pool per target and JVM, sized
 * by the target, idle connections closed after a minute; an unreadable password fails naming the
 * URL without its password.
 */
class PooledDataSourceTest {
  private static final String PASSWORD = "pool-test-password";

  @TempDir Path dir;

  /** An in-memory database owned by this user and password; kept while {@code owner} is open. */
  private static String database(String name) {
    return "jdbc:h2:mem:pooled-" + name + ";DB_CLOSE_DELAY=-1";
  }

  private JdbcTarget target(String url) throws Exception {
    Path secret = dir.resolve("password");
    Files.writeString(secret, PASSWORD);
    return JdbcTarget.of(url).withUser("pool_user").withPasswordFile(secret.toString());
  }

  @Test
  void aPooledConnectionReachesTheTargetsDatabaseAsItsUser() throws Exception {
    String url = database("reaches");
    try (Connection owner = DriverManager.getConnection(url, "pool_user", PASSWORD)) {
      owner.createStatement().execute("CREATE TABLE marker (id INT)");
      DataSource pool = new PooledDataSource(target(url)).apply(null);
      try (Connection c = pool.getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery("SELECT CURRENT_USER, (SELECT count(*) FROM marker)")) {
        assertTrue(rs.next());
        assertEquals("POOL_USER", rs.getString(1));
        assertEquals(0, rs.getInt(2), "the target's own database");
      }
      assertSame(pool, new PooledDataSource(target(url)).apply(null), "one pool per target");
    }
  }

  @Test
  void thePoolIsSizedByTheTargetAndLetsIdleConnectionsGo() throws Exception {
    JdbcTarget target = target(database("sized")).withMaxConnections(3);
    BasicDataSource pool =
        assertInstanceOf(BasicDataSource.class, new PooledDataSource(target).apply(null));
    assertEquals(
        List.of("org.h2.Driver", target.jdbcUrl(), 3, 3, 0),
        List.of(
            pool.getDriverClassName(),
            pool.getUrl(),
            pool.getMaxTotal(),
            pool.getMaxIdle(),
            pool.getMinIdle()));
    // A writer waits at most five minutes for a connection; idle ones close after a minute.
    assertEquals(
        List.of(300_000L, 15_000L, 60_000L),
        List.of(
            pool.getMaxWaitMillis(),
            pool.getTimeBetweenEvictionRunsMillis(),
            pool.getMinEvictableIdleTimeMillis()));
  }

  @Test
  void theDriverComesFromTheThreadsContextClassLoader() throws Exception {
    // Flink loads the job's jars in a class loader of their own, the context one of its threads.
    ClassLoader jobs =
        new java.net.URLClassLoader(new java.net.URL[0], getClass().getClassLoader());
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(jobs);
    try {
      BasicDataSource pool =
          (BasicDataSource) new PooledDataSource(target(database("context"))).apply(null);
      assertSame(jobs, pool.getDriverClassLoader());
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void withoutAContextClassLoaderTheDriverComesFromTheCouriersOwn() throws Exception {
    String url = database("loader");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (Connection owner = DriverManager.getConnection(url, "pool_user", PASSWORD)) {
      thread.setContextClassLoader(null);
      DataSource pool = new PooledDataSource(target(url)).apply(null);
      thread.setContextClassLoader(before);
      assertEquals(
          PooledDataSource.class.getClassLoader(), ((BasicDataSource) pool).getDriverClassLoader());
      try (Connection c = pool.getConnection()) {
        assertTrue(c.isValid(5));
      }
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @Test
  void anUnreadablePasswordFailsNamingTheUrlWithoutItsPassword() {
    JdbcTarget target =
        JdbcTarget.of(database("unreadable") + ";PASSWORD=in-the-url")
            .withPasswordFile(dir.resolve("absent").toString());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new PooledDataSource(target).apply(null));
    assertEquals(
        "cannot open a connection pool to "
            + database("unreadable")
            + ";PASSWORD=***: cannot read the database password from file "
            + dir.resolve("absent")
            + ": NoSuchFileException",
        e.getMessage());
    assertFalse(e.getMessage().contains("in-the-url"));
    assertInstanceOf(SQLException.class, e.getCause());
  }
}
