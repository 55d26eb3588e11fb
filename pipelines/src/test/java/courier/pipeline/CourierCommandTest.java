package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import courier.pipeline.InProcessCourier.Outcome;
import courier.simulator.FaultConfig;
import courier.simulator.ShopState;
import courier.sink.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as an operator meets it: bad options and a refused database login fail with the
 * documented message and exit 2; Shopify refusals stop the run with exit 3 and leave nothing
 * behind; transient failures that outlast the retries exit 4, an internal failure exits 1; and the
 * access token appears nowhere: not on stdout, stderr or the log, and in no file of the output.
 */
class CourierCommandTest {
  @TempDir static Path dir;
  private static TestShop shop;

  @BeforeAll
  static void startShop() {
    shop =
        TestShop.start(
            dir,
            courier.simulator.ShopifySimulator.builder()
                .seed(11)
                .customers(60)
                .orders(120)
                .products(12)
                .locations(2));
  }

  @AfterAll
  static void stopShop() {
    shop.close();
  }

  private static Outcome courier(String... args) {
    return InProcessCourier.courier(args);
  }

  private static String[] run(Path output, String... more) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(shop.args(output, more));
    args.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    return args.toArray(String[]::new);
  }

  private static void assertBadConfiguration(Outcome o, String expectedMessage) {
    assertEquals(2, o.code(), o.all());
    assertTrue(
        o.err().contains(expectedMessage), "expected '" + expectedMessage + "' in:\n" + o.err());
    assertTrue(o.err().contains("exit 2: bad configuration"), o.err());
  }

  @Test
  void badOptionsFailFastWithTheFixAndExitTwo() throws IOException {
    Path output = dir.resolve("bad");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--tables=order,orders")),
        "unknown table orders; valid tables: all, abandoned_checkout, abandoned_checkout_address");
    assertBadConfiguration(
        courier(
            run(
                output,
                "--load=all",
                "--transport=rest",
                "--tables=customer_segment,customer_segment_member")),
        "can only be read over GraphQL (Shopify's REST Admin API has no segments): use"
            + " --transport=graphql");
    assertBadConfiguration(
        courier(run(output, "--from=2026-03-01", "--to=2026-02-01")),
        "--from=2026-03-01 must be before --to=2026-02-01");
    List<String> badShop = new ArrayList<>(Arrays.asList(run(output, "--load=all")));
    badShop.replaceAll(a -> a.startsWith("--shop=") ? "--shop=https://evil.example.com" : a);
    assertBadConfiguration(courier(badShop.toArray(String[]::new)), "is not a shop");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--shopifyBaseUrl=http://10.1.2.3:8080")),
        "not a loopback address");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--accessTokenFile=" + dir.resolve("missing-token"))),
        "does not exist");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--pageSize=500")),
        "--pageSize=500 must be between 1 and 250");
    assertBadConfiguration(courier(run(output, "--load=all", "--nosuchOption=1")), "nosuchOption");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--fetchMode=fast")),
        "--fetchMode=fast is not a fetch mode: use auto, bulk or paged");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--fetchMode=bulk", "--transport=rest")),
        "--fetchMode=bulk reads through GraphQL bulk operations: add --transport=graphql");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--maxBulkJobs=6")),
        "--maxBulkJobs=6 must be between 1 and 5");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--bulkTimeout=2h")),
        "--bulkTimeout=2h is not an ISO-8601 duration such as PT2H");
    List<String> hdfs = new ArrayList<>(Arrays.asList(run(output, "--load=all")));
    hdfs.replaceAll(a -> a.startsWith("--output=") ? "--output=hdfs://nn/courier" : a);
    assertBadConfiguration(
        courier(hdfs.toArray(String[]::new)), "this build has no filesystem for 'hdfs://'");
    assertBadConfiguration(courier("run", "--load=all", "--shop=acme"), "SHOPIFY_ACCESS_TOKEN");
    assertFalse(Files.exists(output), "nothing may be written before the options are valid");
  }

  @Test
  void missingTokenVariableSaysWhichOne() {
    assumeTrue(
        System.getenv("SHOPIFY_ACCESS_TOKEN") == null,
        "the test machine has SHOPIFY_ACCESS_TOKEN set");
    Outcome o = courier("run", "--shop=acme", "--load=all", "--output=" + dir.resolve("none"));
    assertEquals(2, o.code(), o.all());
    assertTrue(o.err().contains("environment variable SHOPIFY_ACCESS_TOKEN is not set"), o.err());
  }

  @Test
  void shopifyRefusalsExitThreeAndLeaveNothingBehind() throws IOException, SQLException {
    Path wrongToken = dir.resolve("wrong-token");
    Files.writeString(wrongToken, "shpat_not_the_right_one");
    Path output = dir.resolve("refused");
    Outcome unauthorized = courier(run(output, "--load=all", "--accessTokenFile=" + wrongToken));
    assertEquals(3, unauthorized.code(), unauthorized.all());
    assertTrue(unauthorized.err().contains("401"), unauthorized.err());
    assertTrue(unauthorized.err().contains("exit 3: Shopify refused access"), unauthorized.err());
    assertFalse(
        unauthorized.all().contains("shpat_not_the_right_one"), "a token never appears in output");
    assertFalse(Files.exists(output.resolve("runs")), "a refused run writes no manifest");
    assertFalse(Files.exists(output.resolve("feeds")), "a refused run writes no feeds");

    shop.sim.setScopes(Set.of("read_customers", "read_products", "read_locations"));
    // Slow answers: the refusal arrives after the run has had time to create its tables, so a
    // commit that did not wait for the fetch would show. One resource, so the DirectRunner has
    // threads for the database while the fetch waits.
    shop.sim.setLatencyMs(2_000);
    try {
      Outcome forbidden = courier(run(output, "--load=all", "--tables=order,order_line"));
      assertEquals(3, forbidden.code(), forbidden.all());
      assertTrue(
          forbidden.err().contains("read_orders"), "names the missing scope: " + forbidden.err());
    } finally {
      shop.sim.setLatencyMs(0);
      shop.sim.setScopes(
          Set.of(
              "read_customers",
              "read_orders",
              "read_all_orders",
              "read_products",
              "read_locations"));
    }

    shop.sim.setShopState(ShopState.FROZEN);
    try {
      Outcome frozen = courier(run(output, "--load=all", "--tables=order"));
      assertEquals(3, frozen.code(), frozen.all());
      assertTrue(frozen.err().contains("402"), frozen.err());
    } finally {
      shop.sim.setShopState(ShopState.ACTIVE);
    }
    assertFalse(Files.exists(output.resolve("runs")), "no refused run wrote a manifest");
    assertFalse(Files.exists(output.resolve("feeds")), "no refused run wrote feeds");
    // Nothing is staged before every fetch has succeeded (LatestVersion groups them all), nothing
    // committed before everything is staged: no refused run may leave a row in a domain table or
    // a run in courier_runs.
    assertNothingCommitted(Landed.h2Url(output));
  }

  /** The domain tables are empty and courier_runs records no run. */
  private static void assertNothingCommitted(String url) throws SQLException {
    Map<String, Long> rows = Landed.tableCounts(url, "sa");
    rows.values().removeIf(n -> n == 0);
    assertEquals(Map.of(), rows, "no rows committed");
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet runs = c.createStatement().executeQuery("SELECT count(*) FROM courier_runs")) {
      runs.next();
      assertEquals(
          0,
          runs.getLong(1),
          "the run is not recorded, so the next incremental run reads its window again");
    }
  }

  @Test
  void transientFailuresThatOutlastTheRetriesExitFour() {
    // Every request fails: the simulator's mix (5xx, resets, truncated bodies; a tenth only slow),
    // then failures without an HTTP status at all (resets, bodies cut short). Two attempts per
    // request give up within seconds instead of minutes of backoff.
    List<FaultConfig> allFail =
        List.of(
            FaultConfig.faultRate(1.0),
            FaultConfig.builder().resetRate(0.5).truncateRate(0.5).build());
    for (int i = 0; i < allFail.size(); i++) {
      FaultConfig faults = allFail.get(i);
      shop.sim.setFaults(faults);
      Outcome o;
      try {
        // An output folder each: a failed run's database work may still be under way in this JVM.
        Path output = dir.resolve("faults-" + i);
        o = courier(run(output, "--load=all", "--tables=order", "--maxAttempts=2"));
      } finally {
        shop.sim.setFaults(FaultConfig.none());
      }
      assertEquals(4, o.code(), faults + "\n" + o.all());
      // GraphQL, the default transport: every request is a POST to graphql.json.
      assertTrue(
          o.err().contains("courier: Gave up on POST /admin/api/2026-10/graphql.json"), o.err());
      assertTrue(o.err().contains("after 2 attempts; last problem: "), o.err());
      assertTrue(o.err().contains("exit 4: transient failures outlasted the retries"), o.err());
    }
  }

  @Test
  void aDatabaseRefusingThePasswordExitsTwo() throws Exception {
    try (PostgresServer postgres = PostgresServer.start()) {
      String url = postgres.createDatabase("refusing");
      postgres.createRole("courier_role", "the-right-password", "refusing");
      Path wrongPassword = dir.resolve("wrong-db-password");
      Files.writeString(wrongPassword, "not-the-password-7f3a", StandardCharsets.UTF_8);
      Outcome o =
          courier(
              run(
                  dir.resolve("refused-login"),
                  "--load=all",
                  "--tables=locations",
                  "--jdbcUrl=" + url,
                  "--jdbcUser=courier_role",
                  "--jdbcPasswordFile=" + wrongPassword));
      assertEquals(2, o.code(), o.all());
      assertTrue(
          o.err().contains("password authentication failed for user \"courier_role\""), o.err());
      assertTrue(o.err().contains("exit 2: bad configuration"), o.err());
      assertFalse(o.all().contains("not-the-password-7f3a"), "the password never appears");
      assertFalse(o.all().contains("the-right-password"), o.all());
    }
  }

  @Test
  void anUnreachableDatabaseExitsFourSoTheSchedulerRetries() throws IOException {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Outcome o =
        courier(
            run(
                dir.resolve("no-db"),
                "--load=incremental",
                "--jdbcUrl=jdbc:postgresql://127.0.0.1:"
                    + closedPort
                    + "/courier?connectTimeout=2"));
    assertEquals(4, o.code(), o.all());
    assertTrue(o.err().contains("cannot read the run history (courier_runs)"), o.err());
    assertTrue(o.err().contains("exit 4: transient failures"), o.err());
  }

  @Test
  void aRunWhoseFeedsCannotBeWrittenCommitsNothing() throws Exception {
    Path output = dir.resolve("feeds-fail");
    // A file where the runs' directory must go: the Parquet write, staged there, fails.
    Path blocked = output.resolve("runs");
    Files.createDirectories(output);
    Files.writeString(blocked, "not a directory");
    Outcome failed = courier(run(output, "--load=all", "--runId=blocked-feeds"));
    // Neither an operator's mistake nor Shopify nor the network: exit 1, with the trace.
    assertEquals(1, failed.code(), failed.all());
    // Whichever file comes first (FileIO's or an empty feed's) names the run's folder.
    assertTrue(failed.err().contains("Exception: "), failed.err());
    assertTrue(failed.err().contains("runs/blocked-feeds/"), failed.err());
    assertTrue(failed.err().contains("exit 1: failed; see the message above"), failed.err());

    assertNothingCommitted(Landed.h2Url(output));
    assertFalse(Files.exists(output.resolve("feeds").resolve("order")), "nothing in feeds/");
  }

  @Test
  void aSuccessfulRunPrintsTheSummaryAndTheTokenAppearsNowhere() throws IOException {
    Path output = dir.resolve("ok");
    Outcome ok = courier(run(output, "--load=all"));
    assertEquals(0, ok.code(), ok.all());
    assertTrue(ok.out().contains("order_line"), ok.out());
    assertTrue(ok.out().contains("requests,"), ok.out());
    assertTrue(ok.err().contains("progress"), "progress lines are logged: " + ok.err());
    String token = shop.sim.accessToken();
    assertFalse(ok.all().contains(token), "the token is not in stdout, stderr or the log");
    byte[] needle = token.getBytes(StandardCharsets.UTF_8);
    for (Path file : Landed.allFiles(output)) {
      assertFalse(contains(Files.readAllBytes(file), needle), "the token is not in " + file);
    }
  }

  @Test
  void helpListsOptionsTablesAndExitCodes() {
    Outcome help = courier("run", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--targetSliceRecords"), help.out());
    assertTrue(help.out().contains("product_variant"), help.out());
    assertTrue(help.out().contains("customer_segment_member"), help.out());
    assertTrue(help.out().contains("4 transient failures"), help.out());
    assertFalse(help.out().contains("--maxAttempts"), "a hook for tests, not an option to offer");
    Outcome unknown = courier("launch");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown command 'launch'"), unknown.err());
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
