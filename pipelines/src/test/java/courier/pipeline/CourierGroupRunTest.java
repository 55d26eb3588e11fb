package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import courier.simulator.ShopifySimulator;
import courier.sink.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A courier group over two simulated shops, on both runners, into PostgreSQL: both shops land in
 * one commit (one courier_runs row per shop, one run id, one finish), and when one shop's token is
 * refused, neither shop is committed and the exit code is 3; incremental windows stay per shop.
 *
 * <p>Both shops hold customers and products, in id spaces 0 and 1: their ids differ, as Shopify's
 * do across shops, so they share the domain tables and each keeps every row it wrote.
 */
class CourierGroupRunTest {
  private static final List<String> TABLES =
      List.of(
          "customer",
          "customer_address",
          "customer_tags",
          "product",
          "product_variant",
          "product_tags");

  private static final String EU = "group-eu.myshopify.com";
  private static final String US = "group-us.myshopify.com";

  @TempDir static Path dir;
  private static PostgresServer postgres;
  private static ShopifySimulator eu;
  private static ShopifySimulator us;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    Instant hourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    eu =
        ShopifySimulator.builder()
            .shop("group-eu")
            .seed(21)
            .idSpace(0)
            .customers(40)
            .orders(0)
            .products(12)
            .checkouts(0)
            .locations(0)
            .now(hourAgo)
            .build()
            .start();
    us =
        ShopifySimulator.builder()
            .shop("group-us")
            .seed(22)
            .idSpace(1)
            .customers(25)
            .orders(0)
            .products(15)
            .checkouts(0)
            .locations(0)
            .now(hourAgo)
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    eu.close();
    us.close();
    postgres.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DirectRunner", "FlinkRunner"})
  void bothShopsLandInOneCommit(String runner) throws Exception {
    String jdbcUrl = postgres.createDatabase("group_ok_" + runner.toLowerCase(Locale.ROOT));
    Path output = dir.resolve(runner + "-ok");
    Path group = groupFile(runner + "-ok", us.accessToken());

    InProcessCourier.Outcome outcome = run(runner, group, output, jdbcUrl);

    assertEquals(0, outcome.code(), outcome.all());
    Instant to = Instant.now();
    Map<String, Long> euRows = ExpectedRows.forWindow(eu, Instant.EPOCH, to);
    Map<String, Long> usRows = ExpectedRows.forWindow(us, Instant.EPOCH, to);
    assertTrue(euRows.get("product_variant") > 0 && usRows.get("customer_address") > 0);
    for (String table : TABLES) {
      assertEquals(euRows.getOrDefault(table, 0L), rows(jdbcUrl, table, EU), "eu " + table);
      assertEquals(usRows.getOrDefault(table, 0L), rows(jdbcUrl, table, US), "us " + table);
    }

    List<List<String>> runs =
        query(
            jdbcUrl,
            "SELECT run_id, group_name, shop, CAST(finished_at AS TEXT), table_counts"
                + " FROM courier_runs ORDER BY shop");
    assertEquals(2, runs.size(), runs.toString());
    assertEquals(List.of("group-" + runner, "nightly", EU), runs.get(0).subList(0, 3));
    assertEquals(List.of("group-" + runner, "nightly", US), runs.get(1).subList(0, 3));
    assertEquals(runs.get(0).get(3), runs.get(1).get(3), "one commit, one finish");
    assertTrue(
        runs.get(0).get(4).contains("\"customer\":" + euRows.get("customer")), runs.toString());

    JsonNode manifest = Landed.manifest(output, "group-" + runner);
    assertEquals("nightly", manifest.path("group").asText());
    assertEquals(EU + "," + US, manifest.path("shop").asText());
    JsonNode shops = manifest.path("shops");
    assertEquals(2, shops.size(), manifest.toString());
    assertEquals(
        (long) usRows.get("product"), shops.get(1).path("rows").path("product").asLong(), "us");
    assertEquals(
        euRows.get("customer") + usRows.getOrDefault("customer", 0L),
        manifest.path("tables").path("customer").path("rows").asLong());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DirectRunner", "FlinkRunner"})
  void oneRefusedTokenCommitsNeitherShop(String runner) throws Exception {
    String jdbcUrl = postgres.createDatabase("group_refused_" + runner.toLowerCase(Locale.ROOT));
    Path output = dir.resolve(runner + "-refused");
    Path group = groupFile(runner + "-refused", "shpat_not_the_right_token");

    InProcessCourier.Outcome outcome = run(runner, group, output, jdbcUrl);

    assertEquals(3, outcome.code(), outcome.all());
    assertTrue(outcome.err().contains(US), "names the refused shop: " + outcome.err());
    assertFalse(outcome.all().contains("shpat_not_the_right_token"), "no token in the output");
    assertEquals(List.of(), query(jdbcUrl, "SELECT run_id FROM courier_runs WHERE 1 = 1"));
    for (String table : TABLES) {
      assertEquals(0L, rows(jdbcUrl, table, EU), "eu " + table + " not committed");
    }
    assertEquals(List.of(), filesUnder(output.resolve("feeds")), "no published feed files");
  }

  /**
   * Incremental windows stay per shop and table: after each shop's own run of one shop ending at a
   * different instant, a group's --load=incremental starts each shop where its own window ended.
   */
  @Test
  void incrementalWindowsStayPerShop() throws Exception {
    String jdbcUrl = postgres.createDatabase("group_incremental");
    Path output = dir.resolve("incremental");
    Instant euEnd = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
    Instant usEnd = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    Path group = groupFile("incremental", us.accessToken());
    Path euToken = dir.resolve("incremental-eu-token");
    Path usToken = dir.resolve("incremental-us-token");
    for (String[] shop :
        List.of(
            new String[] {"group-eu", eu.baseUrl(), euToken.toString(), euEnd.toString()},
            new String[] {"group-us", us.baseUrl(), usToken.toString(), usEnd.toString()})) {
      InProcessCourier.Outcome single =
          InProcessCourier.courier(
              "run",
              "--shop=" + shop[0],
              "--shopifyBaseUrl=" + shop[1],
              "--accessTokenFile=" + shop[2],
              "--tables=" + String.join(",", TABLES),
              "--output=" + output,
              "--jdbcUrl=" + jdbcUrl,
              "--jdbcUser=" + PostgresServer.SUPERUSER,
              "--from=2000-01-01",
              "--to=" + shop[3],
              "--runner=DirectRunner");
      assertEquals(0, single.code(), single.all());
    }

    InProcessCourier.Outcome outcome =
        InProcessCourier.courier(
            "run",
            "--group=" + group,
            "--runId=group-incremental",
            "--output=" + output,
            "--jdbcUrl=" + jdbcUrl,
            "--jdbcUser=" + PostgresServer.SUPERUSER,
            "--load=incremental",
            "--lookback=PT1H",
            "--runner=DirectRunner");

    assertEquals(0, outcome.code(), outcome.all());
    List<List<String>> runs =
        query(
            jdbcUrl,
            "SELECT shop, CAST(EXTRACT(EPOCH FROM window_from) AS BIGINT) FROM courier_runs WHERE run_id = 'group-incremental'"
                + " ORDER BY shop");
    assertEquals(2, runs.size(), runs.toString());
    assertEquals(
        euEnd.minus(Duration.ofHours(1)),
        Instant.ofEpochSecond(Long.parseLong(runs.get(0).get(1))),
        "eu starts where its window ended, minus the lookback");
    assertEquals(
        usEnd.minus(Duration.ofHours(1)),
        Instant.ofEpochSecond(Long.parseLong(runs.get(1).get(1))),
        "us too");
  }

  private static InProcessCourier.Outcome run(
      String runner, Path group, Path output, String jdbcUrl) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "--group=" + group,
                "--runId=group-" + runner,
                "--output=" + output,
                "--jdbcUrl=" + jdbcUrl,
                "--jdbcUser=" + PostgresServer.SUPERUSER,
                "--load=all",
                "--pageSize=20",
                "--targetSliceRecords=20"));
    args.addAll(EndToEndTest.runnerArgs(runner));
    return InProcessCourier.courier(args.toArray(String[]::new));
  }

  /** The group file: eu's token from a file, us's from the file holding {@code usToken}. */
  private static Path groupFile(String name, String usToken) throws IOException {
    Path euToken = Files.writeString(dir.resolve(name + "-eu-token"), eu.accessToken());
    Path usTokenFile = Files.writeString(dir.resolve(name + "-us-token"), usToken);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "name: nightly",
            "timeZone: Europe/Paris",
            "tables: [" + String.join(", ", TABLES) + "]",
            "shops:",
            "  - shop: group-eu",
            "    accessTokenFile: " + euToken,
            "    baseUrl: " + eu.baseUrl(),
            "  - shop: group-us",
            "    accessTokenFile: " + usTokenFile,
            "    baseUrl: " + us.baseUrl(),
            "    timeZone: America/New_York",
            ""),
        StandardCharsets.UTF_8);
    return file;
  }

  /** Rows of {@code shop} in domain table {@code table}; 0 when the table was never created. */
  private static long rows(String jdbcUrl, String table, String shop) throws SQLException {
    String name = "shopify_" + table;
    if (query(jdbcUrl, "SELECT 1 FROM pg_tables WHERE tablename = '" + name + "'").isEmpty()) {
      return 0;
    }
    return Long.parseLong(
        query(jdbcUrl, "SELECT count(*) FROM \"" + name + "\" WHERE _shop = '" + shop + "'")
            .get(0)
            .get(0));
  }

  /** Every row as text; none when the table does not exist. */
  private static List<List<String>> query(String jdbcUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(jdbcUrl, PostgresServer.SUPERUSER, "")) {
      Set<String> tables = new HashSet<>();
      try (ResultSet rs = c.getMetaData().getTables(null, null, "courier_runs", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      if (sql.contains("courier_runs") && tables.isEmpty()) {
        return List.of();
      }
      try (PreparedStatement statement = c.prepareStatement(sql);
          ResultSet rs = statement.executeQuery()) {
        List<List<String>> result = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            row.add(rs.getString(i));
          }
          result.add(row);
        }
        return result;
      }
    }
  }

  private static List<Path> filesUnder(Path folder) throws IOException {
    return Files.exists(folder) ? Landed.allFiles(folder) : List.of();
  }
}
