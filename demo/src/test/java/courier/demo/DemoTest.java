package courier.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.pipeline.Courier;
import courier.schema.SchemaCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier demo} as bin/courier runs it, end to end, on a tiny shop. */
class DemoTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Demo.Shop TINY = new Demo.Shop(5, 30, 60, 6, 2);

  @TempDir Path dir;

  private record Outcome(int code, String out, String err) {}

  private static Outcome courier(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int code = Courier.execute(Courier.commandLine(o, e, new Demo(o, TINY)), args);
      return new Outcome(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void landsEveryTableAsFeedsAndInTheDatabase() throws IOException, SQLException {
    Path output = dir.resolve("out");
    Outcome demo = courier("demo", "--output=" + output);
    assertEquals(0, demo.code, demo.out + demo.err);
    assertTrue(
        demo.out.contains("seed 5: 30 customers, 60 orders, 6 products, 2 locations"), demo.out);
    assertTrue(demo.out.contains("bin/courier sql --output=" + output), demo.out);
    for (String table : SchemaCatalog.packaged().tableNames()) {
      try (Stream<Path> files = Files.walk(output.resolve("feeds").resolve(table))) {
        assertTrue(
            files.anyMatch(f -> f.toString().endsWith(".parquet")), "a Parquet feed for " + table);
      }
    }
    try (Connection c = h2(output)) {
      assertEquals(30, count(c, "shopify_customer"));
      assertEquals(60, count(c, "shopify_order"));
      assertEquals(2, count(c, "shopify_locations"));
      assertEquals(1, count(c, "courier_runs"));
    }
  }

  @Test
  void twoShopsLandAsOneGroupSharingNoId() throws IOException, SQLException {
    Path output = dir.resolve("group");
    Outcome demo = courier("demo", "--shops=2", "--output=" + output);
    assertEquals(0, demo.code, demo.out + demo.err);
    assertTrue(demo.out.contains("courier-demo-1 on loopback (seed 5: 30 customers"), demo.out);
    assertTrue(demo.out.contains("courier-demo-2 on loopback (seed 6: 30 customers"), demo.out);
    assertTrue(
        demo.out.contains("  courier-demo-1.myshopify.com: 30 customers, 60 orders, "), demo.out);
    assertTrue(
        demo.out.contains("  courier-demo-2.myshopify.com: 30 customers, 60 orders, "), demo.out);
    try (Connection c = h2(output)) {
      List<List<String>> runs =
          rows(c, "SELECT shop, table_counts FROM courier_runs ORDER BY shop");
      assertEquals(
          List.of("courier-demo-1.myshopify.com", "courier-demo-2.myshopify.com"),
          runs.stream().map(r -> r.get(0)).toList());
      for (List<String> run : runs) {
        String shop = run.get(0);
        JsonNode written = MAPPER.readTree(run.get(1));
        assertEquals(SchemaCatalog.packaged().tableNames().size(), written.size(), run.toString());
        // Tables key on Shopify's id: a shared id would leave a shop fewer rows than it wrote.
        written
            .fields()
            .forEachRemaining(
                table ->
                    assertEquals(
                        table.getValue().asLong(),
                        uncheckedCount(c, "shopify_" + table.getKey(), shop),
                        shop + "'s rows in " + table.getKey()));
        assertEquals(30, written.path("customer").asLong(), shop);
        assertTrue(written.path("order_line").asLong() > 0, shop);
        assertTrue(written.path("product_variant").asLong() > 0, shop);
      }
    }
  }

  @Test
  void refusesAShopCountOutOfRangeBeforeAnyShopStarts() {
    Outcome demo = courier("demo", "--shops=0", "--output=" + dir.resolve("none"));
    assertEquals(2, demo.code, demo.err);
    assertTrue(demo.err.contains("--shops must be 1..4, got 0"), demo.err);
    assertFalse(demo.out.contains("Starting"), demo.out);
  }

  @Test
  void refusesWhatItChoosesBeforeTheShopStarts() {
    Outcome demo = courier("demo", "--shop=acme", "--output=" + dir.resolve("refused"));
    assertEquals(2, demo.code, demo.err);
    assertTrue(
        demo.err.contains("courier demo chooses --shop itself: use `courier run` for that"),
        demo.err);
    assertTrue(demo.err.contains("exit 2: bad configuration"), demo.err);
    assertFalse(demo.out.contains("Starting"), demo.out);
    assertFalse(Files.exists(dir.resolve("refused")));
  }

  @Test
  void helpListsTheDemoAndItsOptions() {
    Outcome help = courier("help");
    assertEquals(0, help.code, help.err);
    assertTrue(help.out.matches("(?s).*\\bdemo +A full load.*"), help.out);
    Outcome demoHelp = courier("demo", "--help");
    assertEquals(0, demoHelp.code, demoHelp.err);
    assertTrue(demoHelp.out.contains("--output=DIR"), demoHelp.out);
    assertTrue(demoHelp.out.contains("Default: ./courier-out"), demoHelp.out);
  }

  private static Connection h2(Path output) throws SQLException {
    String url =
        "jdbc:h2:file:"
            + output.resolve("courier-db").toAbsolutePath()
            + ";DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE";
    return DriverManager.getConnection(url, "sa", "");
  }

  private static long uncheckedCount(Connection c, String table, String shop) {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT count(*) FROM \"" + table + "\" WHERE _shop = ?")) {
      ps.setString(1, shop);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(table, e);
    }
  }

  private static List<List<String>> rows(Connection c, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  private static long count(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
