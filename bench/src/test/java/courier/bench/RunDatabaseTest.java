package courier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A real PostgreSQL server, as the harness starts one for a postgresql mode. */
class RunDatabaseTest {
  @Test
  void theRunsOptionsReachTheDatabaseAndItsWorkCountsInTheServersCpu() throws Exception {
    try (RunDatabase database = RunDatabase.start()) {
      String baselineUrl = database.args(true).get(0).substring("--jdbcUrl=".length());
      double before = database.cpuSeconds();
      double live;
      try (Connection c = DriverManager.getConnection(baselineUrl);
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE t AS SELECT g, md5(g::text) AS h FROM generate_series(1, 1000000) g");
        s.execute("CREATE INDEX t_h ON t (h)");
        // While the backend lives: its own CPU; once it exits, the postmaster's count of it.
        live = database.cpuSeconds();
        assertTrue(live - before > 0.5, "the backend's CPU counts: " + before + " -> " + live);
      }
      // Once the backend has exited (and been reaped), its CPU counts once, not twice or never.
      double exited = live;
      for (int i = 0; i < 50 && Math.abs(exited - live) < 0.3; i++) {
        Thread.sleep(100);
        exited = database.cpuSeconds();
      }
      assertTrue(
          exited >= live - 0.05 && exited <= live + 0.3,
          "an exited backend's CPU: " + live + " while it ran, " + exited + " after");

      // courier run's form: the user apart from the URL.
      String url = database.args(false).get(0).substring("--jdbcUrl=".length());
      String user = database.args(false).get(1).substring("--jdbcUser=".length());
      Properties properties = new Properties();
      properties.setProperty("user", user);
      try (Connection c = DriverManager.getConnection(url, properties);
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("SELECT count(*) FROM t")) {
        rows.next();
        assertEquals(1_000_000, rows.getLong(1));
      }
    }
  }
}
