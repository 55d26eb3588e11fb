package courier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.simulator.Plan;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code bin/courier-bench [--scenario=NAME ...] [--out=FILE] [--runs=N] [--keep]}: starts the
 * simulator on loopback in this JVM, runs each scenario's modes in child JVMs, prints a table and
 * writes every figure as JSON (default {@code bench/results/latest.json}).
 */
public final class BenchMain {
  static final String SHOP = "courier-bench";

  /** Everything --load=all reads: the window starts here (see WindowPlanner). */
  static final String WINDOW_FROM = "2000-01-01T00:00:00Z";

  private final Path root;
  private final Path work;
  private final String classpath;
  private final Integer runsOverride;
  private final boolean keep;
  private final boolean profile;
  private final double scale;
  private final boolean gzip;
  private final PrintStream out;

  private BenchMain(
      Path root,
      Path work,
      String classpath,
      Integer runsOverride,
      boolean keep,
      boolean profile,
      double scale,
      boolean gzip,
      PrintStream out) {
    this.root = root;
    this.work = work;
    this.classpath = classpath;
    this.runsOverride = runsOverride;
    this.keep = keep;
    this.profile = profile;
    this.scale = scale;
    this.gzip = gzip;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Args.Bench o =
        Args.parseOrExit(new Args.Bench(), args, Args.Bench::selected, System.out, System.err);
    if (o.simulatorScale) {
      SimulatorScale.run(System.out);
      return;
    }
    Path root = Path.of(System.getProperty("courier.bench.root", ".")).toAbsolutePath().normalize();
    Path jar = root.resolve("pipelines/target/courier.jar");
    if (!Files.isRegularFile(jar)) {
      System.err.println(
          "courier-bench: "
              + jar
              + " is missing: build first (./mvnw -B -q -DskipTests package, or run bin/courier-bench, which builds it)");
      System.exit(2);
    }
    // Children run courier.jar's main or the baseline; the baseline's parser is picocli.
    String classpath =
        String.join(
            java.io.File.pathSeparator,
            jar.toString(),
            codeSource(BenchMain.class).toString(),
            codeSource(CommandLine.class).toString());
    BenchMain bench =
        new BenchMain(
            root,
            root.resolve(o.work),
            classpath,
            o.runs,
            o.keep,
            o.profile,
            o.scale,
            o.gzip,
            System.out);
    bench.runAll(o.selected(), root.resolve(o.out), args);
  }

  private static Path codeSource(Class<?> c) throws java.net.URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  static List<Scenario> select(String names) {
    List<Scenario> all = Scenario.all();
    if (names == null || names.isBlank() || names.equals("all")) {
      return all;
    }
    List<Scenario> chosen = new ArrayList<>();
    for (String name : names.split(",")) {
      Scenario s =
          all.stream()
              .filter(x -> x.name().equals(name.trim()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown scenario '"
                              + name.trim()
                              + "'; scenarios: "
                              + String.join(", ", all.stream().map(Scenario::name).toList())));
      if (!chosen.contains(s)) {
        chosen.add(s);
      }
    }
    // Always in the canonical order, whatever order they were named in.
    chosen.sort(Comparator.comparingInt(all::indexOf));
    return chosen;
  }

  private void runAll(List<Scenario> scenarios, Path outFile, String[] args) throws Exception {
    long start = System.nanoTime();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("generated_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    doc.put(
        "command", "bin/courier-bench" + (args.length == 0 ? "" : " " + String.join(" ", args)));
    doc.put("machine", Machine.describe(root));
    doc.put(
        "load_average_note",
        "load_average_before/after: the machine's 1, 5 and 15-minute load averages around "
            + "each scenario; well above the core count, other processes shared the CPU and wall times are inflated");
    List<Map<String, Object>> results = new ArrayList<>();
    doc.put("scenarios", results);
    for (Scenario scenario : scenarios) {
      out.println();
      out.println("== " + scenario.name() + ": " + scenario.description());
      results.add(runScenario(scenario));
      doc.put("total_wall_s", Stats.round((System.nanoTime() - start) / 1e9, 1));
      Report.writeJson(
          doc, outFile); // after every scenario, so an interrupted run keeps what it measured
    }
    out.println();
    Report.printTable(results, out);
    for (Path plot : Plots.writeNextTo(outFile)) {
      out.println("Plot: " + (plot.startsWith(root) ? root.relativize(plot) : plot));
    }
    out.printf(
        "%nTotal %.0f s. Figures: %s%n",
        (System.nanoTime() - start) / 1e9,
        outFile.startsWith(root) ? root.relativize(outFile) : outFile);
  }

  private Map<String, Object> runScenario(Scenario scenario) throws Exception {
    Scenario.Shop shop = scale == 1 ? scenario.shop() : scenario.shop().scaled(scale);
    // Data is laid out up to an hour ago, so all of it lies inside --load=all's window (as in
    // `courier demo`).
    Instant shopNow = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", scenario.name());
    result.put("description", scenario.description());
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("shop", shop.describe());
    inputs.put("seed", Long.parseLong(Scenario.SEED));
    inputs.put("gzip", gzip);
    if (scale != 1) {
      inputs.put("scale", scale);
    }
    Map<String, Object> modes = new LinkedHashMap<>();
    scenario.modes().forEach(m -> modes.put(m.name(), m.describe()));
    inputs.put("modes", modes);
    result.put("inputs", inputs);
    result.put("load_average_before", loadAverage());

    Map<String, Map<String, Object>> figures = new LinkedHashMap<>();
    try (ShopifySimulator sim =
        ShopifySimulator.builder()
            .seed(Long.parseLong(Scenario.SEED))
            .customers(shop.customers())
            .orders(shop.orders())
            .products(shop.products())
            .locations(shop.locations())
            .plan(shop.plan())
            .latencyMs(shop.latencyMs())
            .gzip(gzip)
            .shop(SHOP)
            .now(shopNow)
            .build()
            .start()) {
      Path token = tokenFile(sim.accessToken());
      try {
        for (Scenario.Mode mode : scenario.modes()) {
          int runs = runsOverride != null ? runsOverride : mode.runs();
          List<RunFigures> done = new ArrayList<>();
          for (int i = 1; i <= runs; i++) {
            out.printf("   %s run %d/%d ... ", mode.name(), i, runs);
            out.flush();
            RunFigures f = runOnce(scenario, mode, i, sim, token, shopNow);
            out.println(f.oneLine());
            done.add(f);
          }
          figures.put(mode.name(), RunFigures.aggregate(done));
        }
      } finally {
        Files.deleteIfExists(token);
      }
    }
    result.put("load_average_after", loadAverage());
    result.put("modes", figures);
    Map<String, Object> ratios = Report.ratios(figures);
    if (!ratios.isEmpty()) {
      result.put("ratios_to_baseline", ratios);
    }
    return result;
  }

  /** Shopify's single-query maximum: what a GraphQL client may need free for its next query. */
  private static final double GRAPHQL_HEADROOM = 1000;

  private RunFigures runOnce(
      Scenario scenario,
      Scenario.Mode mode,
      int i,
      ShopifySimulator sim,
      Path token,
      Instant shopNow)
      throws IOException, InterruptedException {
    Path dir = work.resolve(scenario.name()).resolve(mode.name() + "-" + i);
    deleteTree(dir);
    Files.createDirectories(dir);
    Path output = dir.resolve("out");
    String runId = "bench-" + scenario.name() + "-" + mode.name() + "-" + i;
    List<String> args = new ArrayList<>();
    String main;
    if (mode.baseline()) {
      main = Baseline.class.getName();
      args.addAll(
          List.of(
              "--baseUrl=" + sim.baseUrl(),
              "--tokenFile=" + token,
              "--shop=" + SHOP,
              "--output=" + output,
              "--from=" + WINDOW_FROM,
              "--to=" + Instant.now().truncatedTo(ChronoUnit.SECONDS),
              "--summary=" + dir.resolve("summary.json")));
      args.addAll(mode.courierArgs());
    } else {
      main = "courier.pipeline.Courier";
      args.add("run");
      args.addAll(mode.courierArgs());
      args.addAll(
          List.of(
              "--shop=" + SHOP,
              "--shopifyBaseUrl=" + sim.baseUrl(),
              "--accessTokenFile=" + token,
              "--output=" + output,
              "--runId=" + runId));
      if (mode.sampleOrders() > 0) {
        Instant to = shopNow.plusSeconds(1);
        args.add("--from=" + latestOrdersFrom(sim, mode.sampleOrders(), to));
        args.add("--to=" + to);
      } else {
        args.add("--load=all");
      }
    }
    SessionCluster cluster = null;
    if (mode.sessionTaskManagers() > 0) {
      out.print("(starting the cluster) ");
      out.flush();
      try {
        cluster = SessionCluster.start(root, mode.sessionTaskManagers(), dir.resolve("flink"));
      } catch (IOException | RuntimeException e) {
        return couldNotStart("the session cluster", e, scenario, dir);
      }
      args.addAll(cluster.courierArgs());
    }
    RunDatabase database = null;
    if (mode.postgres()) {
      out.print("(starting PostgreSQL) ");
      out.flush();
      try {
        database = RunDatabase.start();
      } catch (IOException | RuntimeException e) {
        return couldNotStart("PostgreSQL", e, scenario, dir);
      }
      args.addAll(database.args(mode.baseline()));
    }
    RequestSampler sampler = null;
    ChildRun.Result child;
    Double clusterCpu = null;
    List<Long> recordsPerTaskManager = null;
    Double databaseCpu = null;
    try {
      sampler = new RequestSampler(sim, mode.graphql());
      child = ChildRun.run(root, classpath, jvmArgs(mode, dir), main, args, dir, mode.timeout());
      if (cluster != null) {
        clusterCpu = cluster.cpuSeconds();
        recordsPerTaskManager = cluster.recordsPerTaskManager();
      }
      if (database != null) {
        databaseCpu = databaseCpu(database);
      }
    } finally {
      closeAll(sampler, cluster, database);
    }
    List<RateFigures.Sample> samples = sampler.stop();
    Plan plan = scenario.shop().plan();
    RateFigures rate =
        mode.graphql()
            ? RateFigures.of(
                samples, plan.graphqlMaximum(), plan.graphqlRestoreRate(), GRAPHQL_HEADROOM)
            : RateFigures.of(samples, plan.bucketSize(), plan.leakPerSecond());
    GraphqlCounts graphql = mode.graphql() ? GraphqlCounts.of(sim.counters()) : null;
    RunFigures f =
        RunFigures.of(
            child,
            rate,
            graphql,
            sampler.maxInFlight(),
            mode.baseline()
                ? readJson(dir.resolve("summary.json"))
                : readJson(output.resolve("runs").resolve(runId).resolve("manifest.json")),
            mode.baseline(),
            scenario.rateLimited(),
            dir.resolve("output.log"));
    if (clusterCpu != null) {
      f.values.put("cluster_cpu_s", Stats.round(clusterCpu, 2));
      f.values.put("records_per_taskmanager", recordsPerTaskManager);
    }
    if (databaseCpu != null) {
      f.values.put("database_cpu_s", Stats.round(databaseCpu, 2));
    }
    if (!keep) {
      deleteTree(output);
    }
    return f;
  }

  /** The database server's CPU seconds; null, said on the console, if they cannot be read. */
  private Double databaseCpu(RunDatabase database) {
    try {
      return database.cpuSeconds();
    } catch (IOException | RuntimeException e) {
      out.print("(the database's CPU not read: " + e.getMessage() + ") ");
      return null;
    }
  }

  /** Closes what a run started, each even if closing another failed. */
  private static void closeAll(
      RequestSampler sampler, SessionCluster cluster, RunDatabase database) {
    try {
      if (sampler != null) {
        sampler.close();
      }
    } finally {
      try {
        if (cluster != null) {
          cluster.close();
        }
      } finally {
        if (database != null) {
          database.close();
        }
      }
    }
  }

  /**
   * A mode whose cluster or database did not start fails on its own (no PostgreSQL binaries, a
   * cluster too slow to start); the other scenarios still run.
   */
  private static RunFigures couldNotStart(String what, Exception e, Scenario scenario, Path dir)
      throws IOException {
    Path log = dir.resolve("output.log");
    Files.writeString(log, "could not start " + what + ": " + e + "\n");
    return RunFigures.of(
        new ChildRun.Result(-1, false, 0, null, null),
        RateFigures.of(List.of(), 1, 1),
        null,
        0,
        null,
        false,
        scenario.rateLimited(),
        log);
  }

  /** The child's heap and, with --profile, a JFR recording beside its log. */
  private List<String> jvmArgs(Scenario.Mode mode, Path dir) {
    if (!profile) {
      return List.of(mode.heap());
    }
    return List.of(
        mode.heap(),
        "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
            + dir.resolve("profile.jfr"));
  }

  /** The latest second from which the shop's orders updated before {@code to} number at least n. */
  static Instant latestOrdersFrom(ShopifySimulator sim, int n, Instant to) {
    long low = Instant.parse(WINDOW_FROM).getEpochSecond();
    long high = to.getEpochSecond();
    while (low < high) {
      long mid = low + (high - low + 1) / 2;
      if (sim.ids(Resource.ORDERS, Instant.ofEpochSecond(mid), to).size() >= n) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return Instant.ofEpochSecond(low);
  }

  private static JsonNode readJson(Path file) {
    try {
      return Files.exists(file) ? new ObjectMapper().readTree(file.toFile()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static List<Double> loadAverage() {
    try {
      String[] parts =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
      return Arrays.stream(parts, 0, 3).map(Double::valueOf).toList();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The simulator's token goes through a file only this user can read, as a real token would. */
  private static Path tokenFile(String token) throws IOException {
    Path file =
        Files.createTempFile(
            "courier-bench-token",
            ".txt",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token, StandardCharsets.UTF_8);
    file.toFile().deleteOnExit();
    return file;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Iterator<Path> it = paths.sorted(Comparator.reverseOrder()).iterator(); it.hasNext(); ) {
        Files.delete(it.next());
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
