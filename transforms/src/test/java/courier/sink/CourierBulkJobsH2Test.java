package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.fetch.BulkJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * courier_bulk_jobs on H2: created on first use (twice is harmless), every field of a job stored as
 * given (times in UTC), the newest job of a slice found by its key, how it ended recorded, and a
 * record that outlives the process halting right after. {@link CourierBulkJobsTest} runs the same
 * round trip on PostgreSQL.
 */
class CourierBulkJobsH2Test {
  static final Instant FROM = Instant.parse("2026-07-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-07-02T00:00:00Z");
  private static final BulkJobStore.Key KEY =
      new BulkJobStore.Key("acme.myshopify.com", "orders", "ab12", FROM, TO);

  @TempDir Path dir;

  private JdbcTarget newDatabase(String name) {
    return JdbcTarget.of("jdbc:h2:file:" + dir.resolve(name) + ";DATABASE_TO_LOWER=TRUE");
  }

  @Test
  void recordsAndFindsTheNewestJobOfASlice() {
    recordsAndFinds(newDatabase("db"));
  }

  /** The round trip both databases must pass. */
  static void recordsAndFinds(JdbcTarget target) {
    BulkJobStore.Key other = new BulkJobStore.Key("acme.myshopify.com", "orders", "cd34", FROM, TO);
    BulkJobStore first = CourierBulkJobs.in(target);
    assertNull(first.latest(KEY));
    first.submitted(KEY, "gid://shopify/BulkOperation/1", FROM.plusSeconds(10));
    first.ended("gid://shopify/BulkOperation/1", "FAILED", FROM.plusSeconds(20));
    // Another JVM (a rerun) finds the table there and the newest job of the slice first.
    BulkJobStore rerun = CourierBulkJobs.in(target);
    assertEquals(
        new BulkJobStore.Job("gid://shopify/BulkOperation/1", "FAILED"), rerun.latest(KEY));
    rerun.submitted(KEY, "gid://shopify/BulkOperation/2", FROM.plusSeconds(30));
    assertEquals(
        new BulkJobStore.Job("gid://shopify/BulkOperation/2", "SUBMITTED"), rerun.latest(KEY));
    rerun.ended("gid://shopify/BulkOperation/2", "COMPLETED", FROM.plusSeconds(40));
    assertEquals("COMPLETED", first.latest(KEY).status());
    assertNull(rerun.latest(other));
    // Newest by submission time, not by when the row was written.
    rerun.submitted(KEY, "gid://shopify/BulkOperation/0", FROM.plusSeconds(5));
    assertEquals("gid://shopify/BulkOperation/2", rerun.latest(KEY).operationId());
    // Each part of the key tells slices apart.
    assertNull(
        rerun.latest(new BulkJobStore.Key("other.myshopify.com", "orders", "ab12", FROM, TO)));
    assertNull(
        rerun.latest(new BulkJobStore.Key("acme.myshopify.com", "customers", "ab12", FROM, TO)));
  }

  @Test
  void everyFieldIsStoredAsGivenWithTimesInUtc() throws SQLException {
    JdbcTarget target = newDatabase("fields");
    CourierBulkJobs jobs = CourierBulkJobs.in(target);
    jobs.submitted(KEY, "gid://shopify/BulkOperation/7", FROM.plusSeconds(5));
    String stored =
        "gid://shopify/BulkOperation/7|acme.myshopify.com|orders|ab12|" + FROM + "|" + TO;
    assertEquals(List.of(stored + "|SUBMITTED|" + FROM.plusSeconds(5) + "|null"), rows(target));
    jobs.ended("gid://shopify/BulkOperation/7", "EXPIRED", TO.plusSeconds(1));
    jobs.ended("gid://shopify/BulkOperation/other", "FAILED", TO.plusSeconds(2));
    assertEquals(
        List.of(stored + "|EXPIRED|" + FROM.plusSeconds(5) + "|" + TO.plusSeconds(1)),
        rows(target),
        "ended() changes the job it names only");
  }

  @Test
  void theTableIsTheOneSchemaSyncDescribesAndCreatingItTwiceIsHarmless() throws SQLException {
    assertEquals(CourierBulkJobs.TABLE, CourierBulkJobs.table().name());
    assertEquals(List.of("operation_id"), CourierBulkJobs.table().primaryKey());
    JdbcTarget target = newDatabase("twice");
    CourierBulkJobs.in(target).submitted(KEY, "gid://shopify/BulkOperation/1", FROM);
    // Another prefix is another database as far as this JVM's "created already" goes.
    CourierBulkJobs.in(target.withTablePrefix("acme_"))
        .submitted(KEY, "gid://shopify/BulkOperation/2", FROM.plusSeconds(1));
    assertEquals(2, rows(target).size(), "one table, whatever the table prefix");
  }

  @Test
  void aFailureNamesWhatItDidTheTableTheUrlAndTheSqlState() throws Exception {
    String url = "jdbc:h2:mem:bulk-jobs-refused;DB_CLOSE_DELAY=-1";
    try (Connection owner = DriverManager.getConnection(url, "owner", "right-password")) {
      Path wrong = dir.resolve("password");
      Files.writeString(wrong, "wrong-password");
      CourierBulkJobs jobs =
          CourierBulkJobs.in(
              JdbcTarget.of(url).withUser("owner").withPasswordFile(wrong.toString()));
      String where = " courier_bulk_jobs in " + url + " (SQLState 28000)";
      assertFailure("cannot read" + where, () -> jobs.latest(KEY));
      assertFailure("cannot record" + where, () -> jobs.submitted(KEY, "gid://x/1", FROM));
      assertFailure("cannot update" + where, () -> jobs.ended("gid://x/1", "FAILED", TO));
    }
  }

  /**
   * A crash right after a job is submitted must not lose its record, or the rerun submits it again.
   * H2 stores commits in the background up to 500 ms later: a JVM that records a job and halts at
   * once (no shutdown hooks, as under kill -9) shows whether the record was made durable.
   */
  @Test
  void aRecordOutlivesTheProcessHaltingRightAfter() throws Exception {
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

  private static void assertFailure(String message, Runnable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
    assertEquals(message, e.getMessage());
  }

  /** Every row, its columns joined by '|', times as UTC instants. */
  private static List<String> rows(JdbcTarget target) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = target.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT operation_id, shop, resource, query_hash, window_from, window_to, status,"
                    + " submitted_at, finished_at FROM courier_bulk_jobs ORDER BY operation_id")) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
          Object value = rs.getObject(i);
          values.add(
              value instanceof OffsetDateTime t ? t.toInstant().toString() : String.valueOf(value));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }
}
