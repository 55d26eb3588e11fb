package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.fetch.BulkJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * courier_bulk_jobs on H2 and on a real PostgreSQL: created on first use (twice is harmless), the
 * newest job of a slice is found by its key, and how it ended is recorded.
 */
class CourierBulkJobsTest {
  private static final Instant FROM = Instant.parse("2026-07-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-07-02T00:00:00Z");
  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void onH2(@TempDir Path dir) {
    recordsAndFinds(JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE"));
  }

  @Test
  void onPostgres() throws Exception {
    recordsAndFinds(
        JdbcTarget.of(postgres.createDatabase("bulk_jobs")).withUser(PostgresServer.SUPERUSER));
  }

  /**
   * A crash right after a job is submitted must not lose its record, or the rerun submits it again.
   * H2 stores commits in the background up to 500 ms later: a JVM that records a job and halts at
   * once (no shutdown hooks, as under kill -9) shows whether the record was made durable.
   */
  @Test
  void aRecordOnH2OutlivesTheProcessHaltingRightAfter(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE";
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RecordThenHalt.class.getName(),
                url)
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes());
    assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the recording JVM did not end");
    assertEquals(RecordThenHalt.HALTED, child.exitValue(), output);
    assertEquals(
        new BulkJobStore.Job("gid://shopify/BulkOperation/7", "SUBMITTED"),
        CourierBulkJobs.in(JdbcTarget.of(url)).latest(RecordThenHalt.KEY));
  }

  /** Records one job in the database its argument names and halts the JVM at once. */
  static final class RecordThenHalt {
    static final int HALTED = 42;
    static final BulkJobStore.Key KEY =
        new BulkJobStore.Key("acme.myshopify.com", "orders", "ef56", FROM, TO);

    public static void main(String[] args) throws Exception {
      JdbcTarget target = JdbcTarget.of(args[0]);
      // Held open as a run's staging writers hold theirs: H2 stores everything when the last
      // connection to a database closes, which would hide the delay.
      try (Connection held = target.connect()) {
        CourierBulkJobs.in(target)
            .submitted(KEY, "gid://shopify/BulkOperation/7", FROM.plusSeconds(5));
        Runtime.getRuntime().halt(HALTED);
      }
    }
  }

  private static void recordsAndFinds(JdbcTarget target) {
    BulkJobStore.Key key = new BulkJobStore.Key("acme.myshopify.com", "orders", "ab12", FROM, TO);
    BulkJobStore.Key other = new BulkJobStore.Key("acme.myshopify.com", "orders", "cd34", FROM, TO);
    BulkJobStore first = CourierBulkJobs.in(target);
    assertNull(first.latest(key));
    first.submitted(key, "gid://shopify/BulkOperation/1", FROM.plusSeconds(10));
    first.ended("gid://shopify/BulkOperation/1", "FAILED", FROM.plusSeconds(20));
    // Another JVM (a rerun) finds the table there and the newest job of the slice first.
    BulkJobStore rerun = CourierBulkJobs.in(target);
    assertEquals(
        new BulkJobStore.Job("gid://shopify/BulkOperation/1", "FAILED"), rerun.latest(key));
    rerun.submitted(key, "gid://shopify/BulkOperation/2", FROM.plusSeconds(30));
    assertEquals(
        new BulkJobStore.Job("gid://shopify/BulkOperation/2", "SUBMITTED"), rerun.latest(key));
    rerun.ended("gid://shopify/BulkOperation/2", "COMPLETED", FROM.plusSeconds(40));
    assertEquals("COMPLETED", first.latest(key).status());
    assertNull(rerun.latest(other));
  }
}
