package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import courier.simulator.ShopState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The command line as an operator meets it: bad options fail before any work with the documented
 * message and exit status; Shopify refusals stop the run with exit 3 and leave nothing behind; and
 * the access token appears nowhere: not on stdout, stderr or the log, and in no file of the output.
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

  /**
   * Runs `courier <args>` in this JVM with stdout, stderr and the log (slf4j-simple writes to
   * System.err) captured.
   */
  private static Outcome courier(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      int code = Courier.execute(args, o, e);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  private record Outcome(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private static String[] run(Path output, String... more) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(shop.args(output, more));
    args.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    return args.toArray(String[]::new);
  }

  private static void assertBadConfiguration(Outcome o, String expectedMessage) {
    assertEquals(2, o.code, o.all());
    assertTrue(o.err.contains(expectedMessage), "expected '" + expectedMessage + "' in:\n" + o.err);
    assertTrue(o.err.contains("exit 2: bad configuration"), o.err);
  }

  @Test
  void badOptionsFailFastWithTheFixAndExitTwo() throws IOException {
    Path output = dir.resolve("bad");
    assertBadConfiguration(
        courier(run(output, "--load=all", "--tables=order,orders")),
        "unknown table orders; valid tables: all, customer, customer_address");
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
    List<String> s3 = new ArrayList<>(Arrays.asList(run(output, "--load=all")));
    s3.replaceAll(a -> a.startsWith("--output=") ? "--output=s3://bucket/courier" : a);
    assertBadConfiguration(
        courier(s3.toArray(String[]::new)), "this build has no filesystem for 's3://'");
    assertBadConfiguration(courier("run", "--load=all", "--shop=acme"), "SHOPIFY_ACCESS_TOKEN");
    assertFalse(Files.exists(output), "nothing may be written before the options are valid");
  }

  @Test
  void missingTokenVariableSaysWhichOne() {
    assumeTrue(
        System.getenv("SHOPIFY_ACCESS_TOKEN") == null,
        "the test machine has SHOPIFY_ACCESS_TOKEN set");
    Outcome o = courier("run", "--shop=acme", "--load=all", "--output=" + dir.resolve("none"));
    assertEquals(2, o.code, o.all());
    assertTrue(o.err.contains("environment variable SHOPIFY_ACCESS_TOKEN is not set"), o.err);
  }

  @Test
  void shopifyRefusalsExitThreeAndLeaveNothingBehind() throws IOException {
    Path wrongToken = dir.resolve("wrong-token");
    Files.writeString(wrongToken, "shpat_not_the_right_one");
    Path output = dir.resolve("refused");
    Outcome unauthorized = courier(run(output, "--load=all", "--accessTokenFile=" + wrongToken));
    assertEquals(3, unauthorized.code, unauthorized.all());
    assertTrue(unauthorized.err.contains("401"), unauthorized.err);
    assertTrue(unauthorized.err.contains("exit 3: Shopify refused access"), unauthorized.err);
    assertFalse(
        unauthorized.all().contains("shpat_not_the_right_one"), "a token never appears in output");
    assertFalse(Files.exists(output.resolve("runs")), "a refused run writes no manifest");
    assertFalse(Files.exists(output.resolve("feeds")), "a refused run writes no feeds");

    shop.sim.setScopes(Set.of("read_customers", "read_products", "read_locations"));
    try {
      Outcome forbidden = courier(run(output, "--load=all"));
      assertEquals(3, forbidden.code, forbidden.all());
      assertTrue(
          forbidden.err.contains("read_orders"), "names the missing scope: " + forbidden.err);
    } finally {
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
      assertEquals(3, frozen.code, frozen.all());
      assertTrue(frozen.err.contains("402"), frozen.err);
    } finally {
      shop.sim.setShopState(ShopState.ACTIVE);
    }
    assertFalse(Files.exists(output.resolve("runs")), "no refused run wrote a manifest");
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
    assertEquals(4, o.code, o.all());
    assertTrue(o.err.contains("cannot read the run history (courier_runs)"), o.err);
    assertTrue(o.err.contains("exit 4: transient failures"), o.err);
  }

  @Test
  void aRunWhoseFeedsCannotBeWrittenCommitsNothing() throws Exception {
    Path output = dir.resolve("feeds-fail");
    // A file where the run's order feed directory must go: the Parquet write fails at its end.
    Path blocked = output.resolve("feeds").resolve("order").resolve("run_id=blocked-feeds");
    Files.createDirectories(blocked.getParent());
    Files.writeString(blocked, "not a directory");
    Outcome failed = courier(run(output, "--load=all", "--runId=blocked-feeds"));
    assertTrue(failed.code != 0, failed.all());

    String url = Landed.h2Url(output);
    assertEquals(
        Map.of(),
        Landed.tableCounts(url, "sa").entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
        "no rows committed");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
        java.sql.ResultSet runs =
            c.createStatement().executeQuery("SELECT count(*) FROM courier_runs")) {
      runs.next();
      assertEquals(
          0,
          runs.getLong(1),
          "the run is not recorded, so the next incremental run reads its window again");
    }
    assertFalse(
        Files.exists(output.resolve("runs").resolve("blocked-feeds").resolve("manifest.json")));
  }

  @Test
  void aSuccessfulRunPrintsTheSummaryAndTheTokenAppearsNowhere() throws IOException {
    Path output = dir.resolve("ok");
    Outcome ok = courier(run(output, "--load=all"));
    assertEquals(0, ok.code, ok.all());
    assertTrue(ok.out.contains("order_line"), ok.out);
    assertTrue(ok.out.contains("requests,"), ok.out);
    assertTrue(ok.err.contains("progress"), "progress lines are logged: " + ok.err);
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
    assertEquals(0, help.code);
    assertTrue(help.out.contains("--targetSliceRecords"), help.out);
    assertTrue(help.out.contains("product_variant"), help.out);
    assertTrue(help.out.contains("4 transient failures"), help.out);
    Outcome unknown = courier("launch");
    assertEquals(2, unknown.code);
    assertTrue(unknown.err.contains("unknown command 'launch'"), unknown.err);
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
