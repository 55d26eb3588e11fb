package courier.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier demo} as bin/courier runs it, end to end, on a tiny shop. */
class DemoTest {
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
    String url =
        "jdbc:h2:file:"
            + output.resolve("courier-db").toAbsolutePath()
            + ";DATABASE_TO_LOWER=TRUE;IFEXISTS=TRUE";
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      assertEquals(30, count(c, "shopify_customer"));
      assertEquals(60, count(c, "shopify_order"));
      assertEquals(2, count(c, "shopify_locations"));
      assertEquals(1, count(c, "courier_runs"));
    }
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

  private static long count(Connection c, String table) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
