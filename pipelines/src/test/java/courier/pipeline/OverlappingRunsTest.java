package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.beam.PausePoint;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import courier.sink.CourierRuns;
import courier.sink.JdbcTarget;
import courier.sink.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, items 1 and 9: two courier processes of one shop against one PostgreSQL database. A
 * backfill reads an order, then, held back before its commit, lets an incremental run read and
 * commit the order's newer version; the backfill commits last. Both succeed, and the newer version
 * stays: the backfill skips the order as stale and counts it.
 */
class OverlappingRunsTest {
  @TempDir static Path dir;
  private static TestShop shop;
  private static PostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    shop =
        TestShop.start(
            dir, ShopifySimulator.builder().seed(47).customers(10).orders(30).products(4));
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    shop.close();
    postgres.close();
  }

  @Test
  void anOlderBackfillCommittingAfterANewerRunKeepsTheNewerVersion() throws Exception {
    String db = postgres.createDatabase("overlap");
    Path output = dir.resolve("overlap");
    long order = shop.sim.ids(Resource.ORDERS).get(0);
    String noteSql = "SELECT note FROM shopify_order WHERE id = " + order;
    Path resume = dir.resolve("resume-backfill");

    try (CourierProcess backfill =
        CourierProcess.start(
            dir,
            List.of(
                "-D" + PausePoint.PROPERTY + "=" + PausePoint.STAGING,
                "-D" + PausePoint.RESUME_PROPERTY + "=" + resume),
            run(output, db, "backfill", "--from=2020-01-01T00:00:00Z"))) {
      // Staging starts once every entity is read: the backfill holds the order's old version.
      backfill.awaitOutput("courier paused at " + PausePoint.STAGING, Duration.ofMinutes(3));

      Instant refunded = shop.clockToNow();
      shop.sim.update(Resource.ORDERS, order, o -> o.put("note", "refunded"));
      TestShop.waitPast(refunded);
      try (CourierProcess incremental =
          CourierProcess.start(
              dir, List.of(), run(output, db, "incremental", "--from=" + refunded))) {
        assertEquals(0, incremental.exitCode(Duration.ofMinutes(3)), incremental.output());
      }
      assertEquals(
          List.of("note=refunded|"), Landed.rows(db, PostgresServer.SUPERUSER, noteSql, Set.of()));

      Files.writeString(resume, "go");
      assertEquals(0, backfill.exitCode(Duration.ofMinutes(3)), backfill.output());
    }

    assertEquals(
        List.of("note=refunded|"),
        Landed.rows(db, PostgresServer.SUPERUSER, noteSql, Set.of()),
        "the backfill, committed last, kept the newer version");
    JdbcTarget target = JdbcTarget.of(db).withUser(PostgresServer.SUPERUSER);
    assertEquals(
        1L,
        CourierRuns.find(target, "backfill").orElseThrow().staleSkipped().get("order"),
        "and counted the order it skipped");
  }

  private static List<String> run(Path output, String db, String runId, String from) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(
        shop.args(
            output,
            from,
            "--safetyLag=PT0S",
            "--tables=order,order_line",
            "--runId=" + runId,
            "--jdbcUrl=" + db,
            "--jdbcUser=" + PostgresServer.SUPERUSER));
    args.addAll(List.of("--runner=DirectRunner", "--targetParallelism=2"));
    return args;
  }
}
