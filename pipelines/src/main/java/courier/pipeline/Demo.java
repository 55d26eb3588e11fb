package courier.pipeline;

import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code courier demo}: a full load of all 13 tables from a simulated shop started in this JVM on
 * loopback, on the DirectRunner, into ./courier-out (or --output). Any other courier option passes
 * through, e.g. --runnerConfig=runner-configs/flink-local.properties to try the Flink path.
 */
final class Demo {
  static final String SHOP = "courier-demo";

  private Demo() {}

  static RunReport run(String[] args, PrintStream out) throws IOException {
    String output = "./courier-out";
    List<String> passThrough = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--output=")) {
        output = arg.substring("--output=".length());
      } else if (arg.startsWith("--shop=") || arg.startsWith("--load=") || arg.startsWith("--from=")
          || arg.startsWith("--to=") || arg.startsWith("--runDate=") || arg.startsWith("--shopifyBaseUrl=")) {
        throw new ConfigException("courier demo chooses " + arg.substring(0, arg.indexOf('=')) + " itself: use `courier run` for that");
      } else {
        passThrough.add(arg);
      }
    }
    out.println("Starting a simulated Shopify store on loopback (seed 42: 2,500 customers, 4,000 orders, 300 products, 4 locations)...");
    // Data is laid out up to an hour ago, so the whole shop lies inside --load=all's window.
    Instant shopNow = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    try (ShopifySimulator shop =
        ShopifySimulator.builder()
            .seed(42)
            .customers(2500)
            .orders(4000)
            .products(300)
            .locations(4)
            .shop(SHOP)
            .now(shopNow)
            .build()
            .start()) {
      Path token = tokenFile(shop.accessToken());
      try {
        List<String> runArgs = new ArrayList<>();
        if (passThrough.stream().noneMatch(a -> a.startsWith("--runner=") || a.startsWith("--runnerConfig="))) {
          // What runner-configs/direct.properties says, without depending on the current directory.
          runArgs.add("--runner=DirectRunner");
          runArgs.add("--targetParallelism=8");
        }
        runArgs.addAll(passThrough);
        runArgs.add("--shop=" + SHOP);
        runArgs.add("--shopifyBaseUrl=" + shop.baseUrl());
        runArgs.add("--accessTokenFile=" + token);
        runArgs.add("--output=" + output);
        runArgs.add("--load=all");
        out.println("Landing all 13 tables from " + shop.baseUrl() + " into " + output + " ...");
        RunReport report = CourierRun.run(Courier.parseOptions(runArgs.toArray(String[]::new)));
        report.printSummary(out);
        printWhereToLook(report, output, out);
        return report;
      } finally {
        Files.deleteIfExists(token);
      }
    }
  }

  /** The simulator's token goes through a file readable only by this user, as a real token would. */
  private static Path tokenFile(String token) throws IOException {
    Path file = Files.createTempFile("courier-demo-token", ".txt", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token, StandardCharsets.UTF_8);
    file.toFile().deleteOnExit();
    return file;
  }

  private static void printWhereToLook(RunReport report, String output, PrintStream out) {
    out.println();
    out.println("Where to look:");
    out.println("  Parquet feeds, one folder per table and run: " + report.output() + "/feeds/");
    out.println("  The run manifest (counts, files, schema versions, fetch figures): " + report.manifestLocation());
    out.println("  The domain tables, in an H2 database file: " + report.output() + "/courier-db.mv.db");
    out.println();
    out.println("Query the tables:");
    String o = output.equals("./courier-out") ? "" : " --output=" + output;
    out.println("  bin/courier sql" + o + " \"SELECT name, total_price, financial_status FROM shopify_order ORDER BY total_price DESC LIMIT 5\"");
    out.println("  bin/courier sql" + o + " \"SELECT value, count(*) AS orders FROM shopify_order_tags GROUP BY value ORDER BY orders DESC\"");
    out.println("  bin/courier sql" + o + " \"SELECT * FROM courier_runs\"");
    out.println("Read a feed with any Parquet reader, e.g. DuckDB:");
    out.println("  duckdb -c \"SELECT * FROM '" + report.output() + "/feeds/order/*/*.parquet' LIMIT 5\"");
  }
}
