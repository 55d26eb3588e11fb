package courier.demo;

import com.fasterxml.jackson.databind.JsonNode;
import courier.pipeline.ConfigException;
import courier.pipeline.Courier;
import courier.pipeline.CourierOptions;
import courier.pipeline.CourierRun;
import courier.pipeline.ExitCode;
import courier.pipeline.HelpOption;
import courier.pipeline.RunReport;
import courier.schema.SchemaCatalog;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code courier demo}: a full load of every table from a simulated shop started in this JVM on
 * loopback, on the DirectRunner, into ./courier-out (or --output). Any other courier option passes
 * through, e.g. --runnerConfig=runner-configs/flink-local.properties to try the Flink path.
 */
@Command(
    name = "demo",
    description = {
      "A full load of every table from a simulated Shopify store started in this JVM on loopback, "
          + "on the DirectRunner, then where to look at what landed.",
      "Any other courier or Beam option passes through to the run (courier help run lists them), e.g. "
          + "--runnerConfig=runner-configs/flink-local.properties to try the Flink path."
    },
    customSynopsis = "courier demo [--output=DIR] [--shops=N] [--<courier option>=<value>...]",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer =
        "The demo chooses the shop, its address and token, and the load mode (--load=all) itself: "
            + "use `courier run` to choose them.")
public final class Demo implements Callable<Integer> {
  static final String SHOP = "courier-demo";
  static final String DEFAULT_OUTPUT = "./courier-out";
  static final int MAX_SHOPS = 4;

  /** What runner-configs/direct.properties says, without depending on the current directory. */
  private static final Map<String, String> DIRECT_RUNNER =
      Map.of("runner", "DirectRunner", "targetParallelism", "8");

  /** The options the demo sets itself, each with its getter to find it given anyway. */
  private static final Map<String, Function<CourierOptions, String>> CHOSEN = chosen();

  /** The simulated shop's size and seed. */
  record Shop(long seed, int customers, int orders, int products, int locations) {
    static final Shop DEFAULT = new Shop(42, 2500, 4000, 300, 4);

    /** The shop {@code i} of a demo group: the same sizes, its own data. */
    Shop nth(int i) {
      return new Shop(seed + i, customers, orders, products, locations);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "seed %d: %,d customers, %,d orders, %,d products, %,d locations",
          seed,
          customers,
          orders,
          products,
          locations);
    }
  }

  private final PrintStream out;
  private final Shop shop;

  @Mixin HelpOption help;

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = DEFAULT_OUTPUT,
      description =
          "Where the feeds, the run manifest and the H2 database go: a folder, s3://bucket/prefix "
              + "or gs://bucket/prefix (the H2 file then stays in ./courier-out).%n"
              + "Default: ${DEFAULT-VALUE}")
  String output;

  @Option(
      names = "--shops",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "How many simulated shops (1.."
              + MAX_SHOPS
              + "): more than one run as a courier group (one commit), each shop with its own "
              + "data and ids, into the same tables (_shop tells them apart).%n"
              + "Default: ${DEFAULT-VALUE}")
  int shops;

  @Unmatched List<String> courierOptions = new ArrayList<>();

  Demo(PrintStream out, Shop shop) {
    this.out = out;
    this.shop = shop;
  }

  /** {@code courier} with the demo among its commands: what bin/courier runs for demo and help. */
  public static void main(String[] args) {
    Demo demo = new Demo(System.out, Shop.DEFAULT);
    System.exit(Courier.execute(Courier.commandLine(System.out, System.err, demo), args));
  }

  @Override
  public Integer call() throws IOException {
    if (shops < 1 || shops > MAX_SHOPS) {
      throw new ConfigException(
          "--shops must be 1.." + MAX_SHOPS + ", got " + shops + ": e.g. --shops=2 for a group");
    }
    refuseChosenOptions();
    // Data is laid out up to an hour ago, so the whole shop lies inside --load=all's window.
    Instant shopNow = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    List<ShopifySimulator> sims = new ArrayList<>();
    try {
      for (int i = 0; i < shops; i++) {
        sims.add(startShop(i, shopNow));
      }
      RunReport report = shops == 1 ? landOne(sims.get(0)) : landGroup(sims);
      report.printSummary(out);
      if (shops > 1) {
        printPerShop(report);
      }
      printWhereToLook(report);
      return ExitCode.SUCCESS.code();
    } finally {
      sims.forEach(ShopifySimulator::close);
    }
  }

  /** Shop {@code i}: its own seed and id space, so shops in one database share no id. */
  private ShopifySimulator startShop(int i, Instant shopNow) {
    Shop nth = shop.nth(i);
    String name = shops == 1 ? SHOP : SHOP + "-" + (i + 1);
    out.println("Starting a simulated Shopify store " + name + " on loopback (" + nth + ")...");
    return ShopifySimulator.builder()
        .seed(nth.seed())
        .idSpace(i)
        .customers(nth.customers())
        .orders(nth.orders())
        .products(nth.products())
        .locations(nth.locations())
        .shop(name)
        .now(shopNow)
        .build()
        .start();
  }

  private RunReport landOne(ShopifySimulator sim) throws IOException {
    Path token = tokenFile(sim.accessToken());
    try {
      return land(
          List.of(
              "--shop=" + SHOP, "--shopifyBaseUrl=" + sim.baseUrl(), "--accessTokenFile=" + token),
          sim.baseUrl());
    } finally {
      Files.deleteIfExists(token);
    }
  }

  private RunReport landGroup(List<ShopifySimulator> sims) throws IOException {
    try (DemoGroupFile group = DemoGroupFile.write(sims)) {
      return land(List.of("--group=" + group.file()), sims.size() + " shops (group file)");
    }
  }

  /** A full load with {@code shopArgs} naming the shop or group, into --output. */
  private RunReport land(List<String> shopArgs, String from) {
    List<String> runArgs = new ArrayList<>(courierOptions);
    runArgs.addAll(shopArgs);
    runArgs.add("--output=" + output);
    runArgs.add("--load=all");
    if (isRemote(output) && !givesDatabase()) {
      // Object stores (s3://, gs://) hold no database file: the H2 file goes where it would by
      // default, so `courier sql` finds it without options.
      runArgs.add("--jdbcUrl=" + localH2Url());
      runArgs.add("--jdbcUser=sa");
    }
    out.println(
        "Landing all "
            + SchemaCatalog.packaged().tableNames().size()
            + " tables from "
            + from
            + " into "
            + output
            + " ...");
    return CourierRun.run(Courier.parseOptions(runArgs.toArray(String[]::new), DIRECT_RUNNER));
  }

  /** A group's manifest lists each shop's rows per table: the shops' share of what landed. */
  private void printPerShop(RunReport report) {
    out.println();
    out.println("Per shop (rows landed, one commit for all):");
    for (JsonNode shopFigures : report.manifest().path("shops")) {
      JsonNode rows = shopFigures.path("rows");
      long total = 0;
      for (JsonNode n : rows) {
        total += n.asLong();
      }
      out.println(
          String.format(
              Locale.ROOT,
              "  %s: %,d customers, %,d orders, %,d order lines; %,d rows in %d tables",
              shopFigures.path("shop").asText(),
              rows.path("customer").asLong(),
              rows.path("order").asLong(),
              rows.path("order_line").asLong(),
              total,
              rows.size()));
    }
  }

  /** Reads the passed-through options before the shop starts, so a bad one costs nothing. */
  private void refuseChosenOptions() {
    CourierOptions given =
        Courier.parseOptions(courierOptions.toArray(String[]::new), DIRECT_RUNNER);
    CHOSEN.forEach(
        (name, getter) -> {
          if (getter.apply(given) != null) {
            throw new ConfigException(
                "courier demo chooses --" + name + " itself: use `courier run` for that");
          }
        });
  }

  private static boolean isRemote(String output) {
    return output.contains("://");
  }

  private boolean givesDatabase() {
    return courierOptions.stream().anyMatch(o -> o.startsWith("--jdbcUrl"));
  }

  private static String localH2Url() {
    return "jdbc:h2:file:"
        + Path.of(DEFAULT_OUTPUT, "courier-db").toAbsolutePath().normalize()
        + ";DATABASE_TO_LOWER=TRUE";
  }

  private static Map<String, Function<CourierOptions, String>> chosen() {
    Map<String, Function<CourierOptions, String>> chosen = new LinkedHashMap<>();
    chosen.put("shop", CourierOptions::getShop);
    chosen.put("shopifyBaseUrl", CourierOptions::getShopifyBaseUrl);
    chosen.put("accessTokenFile", CourierOptions::getAccessTokenFile);
    chosen.put("load", CourierOptions::getLoad);
    chosen.put("from", CourierOptions::getFrom);
    chosen.put("to", CourierOptions::getTo);
    chosen.put("runDate", CourierOptions::getRunDate);
    return chosen;
  }

  /**
   * The simulator's token goes through a file readable only by this user, as a real token would.
   */
  private static Path tokenFile(String token) throws IOException {
    Path file =
        Files.createTempFile(
            "courier-demo-token",
            ".txt",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token, StandardCharsets.UTF_8);
    file.toFile().deleteOnExit();
    return file;
  }

  private void printWhereToLook(RunReport report) {
    out.println();
    out.println("Where to look:");
    out.println("  Parquet feeds, one folder per table and run: " + report.output() + "/feeds/");
    out.println(
        "  The run manifest (counts, files, schema versions, fetch figures): "
            + report.manifestLocation());
    boolean localDatabase = !isRemote(output) || !givesDatabase();
    if (localDatabase) {
      String folder = isRemote(output) ? DEFAULT_OUTPUT : report.output();
      out.println("  The domain tables, in an H2 database file: " + folder + "/courier-db.mv.db");
    }
    out.println();
    out.println("Query the tables:");
    String o = output.equals(DEFAULT_OUTPUT) || isRemote(output) ? "" : " --output=" + output;
    out.println(
        "  bin/courier sql"
            + o
            + " \"SELECT name, total_price, financial_status FROM shopify_order ORDER BY total_price DESC LIMIT 5\"");
    out.println(
        "  bin/courier sql"
            + o
            + " \"SELECT value, count(*) AS orders FROM shopify_order_tags GROUP BY value ORDER BY orders DESC\"");
    out.println("  bin/courier sql" + o + " \"SELECT * FROM courier_runs\"");
    out.println("Read a feed with any Parquet reader, e.g. DuckDB:");
    out.println(
        "  duckdb -c \"SELECT * FROM '" + report.output() + "/feeds/order/*/*.parquet' LIMIT 5\"");
  }
}
