package courier.bench;

import courier.simulator.Plan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark scenario: the simulated shop it runs against and the ways the courier (or the
 * baseline) reads it.
 */
record Scenario(String name, String description, Shop shop, List<Mode> modes, boolean rateLimited) {

  /** The simulated shop: sizes, plan and added latency. */
  record Shop(int customers, int orders, int products, int locations, Plan plan, int latencyMs) {
    /**
     * Sizes times {@code factor} (at least 1 each): for smoke tests of the harness, never for
     * figures.
     */
    Shop scaled(double factor) {
      return new Shop(
          atLeastOne(customers * factor),
          atLeastOne(orders * factor),
          atLeastOne(products * factor),
          locations,
          plan,
          latencyMs);
    }

    private static int atLeastOne(double n) {
      return Math.max(1, (int) Math.round(n));
    }

    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("customers", customers);
      m.put("orders", orders);
      m.put("products", products);
      m.put("locations", locations);
      m.put("plan", plan.name().toLowerCase(java.util.Locale.ROOT));
      m.put("bucket_size", plan.bucketSize());
      m.put("leak_per_second", plan.leakPerSecond());
      m.put("graphql_points_maximum", plan.graphqlMaximum());
      m.put("graphql_restore_per_second", plan.graphqlRestoreRate());
      m.put("latency_ms", latencyMs);
      return m;
    }
  }

  /**
   * One way of reading the shop, run {@code runs} times in fresh child JVMs. {@code sampleOrders}
   * above 0 narrows the window to the latest that many orders (and whatever else changed then): for
   * a mode too slow to read the whole shop, whose rate past the initial burst does not depend on
   * the count (paged on a plan); 0 reads everything. {@code sessionTaskManagers} above 0 submits
   * the run to a {@code LocalFlinkCluster} of that many TaskManager JVMs (one slot each) that the
   * harness starts for it, writing to a throwaway PostgreSQL server (an H2 file cannot be shared by
   * several JVMs); the mode's args name the runner config. {@code postgres} writes the run (the
   * courier's domain tables, the baseline's with {@code --database}) into a PostgreSQL server the
   * harness starts for it, whose CPU seconds count apart ({@code database_cpu_s}).
   */
  record Mode(
      String name,
      boolean baseline,
      String heap,
      List<String> courierArgs,
      int runs,
      Duration timeout,
      int sampleOrders,
      int sessionTaskManagers,
      boolean postgres) {
    Mode {
      if (postgres && sessionTaskManagers > 0) {
        // The session cluster brings its own PostgreSQL; two would give the run two --jdbcUrl.
        throw new IllegalArgumentException(name + ": a session cluster mode writes PostgreSQL");
      }
    }

    Mode(
        String name,
        boolean baseline,
        String heap,
        List<String> courierArgs,
        int runs,
        Duration timeout) {
      this(name, baseline, heap, courierArgs, runs, timeout, 0, 0, false);
    }

    /** The same mode writing into a PostgreSQL server of its own instead of H2. */
    Mode intoPostgres() {
      return new Mode(
          name,
          baseline,
          heap,
          courierArgs,
          runs,
          timeout,
          sampleOrders,
          sessionTaskManagers,
          true);
    }

    /**
     * Whether the run reads over GraphQL: the courier's default, unless it says --transport=rest.
     */
    boolean graphql() {
      return baseline ? courierArgs.contains("--bulk") : !courierArgs.contains("--transport=rest");
    }

    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", baseline ? "plain Java loop (courier.bench.Baseline)" : "courier run");
      if (!baseline) {
        m.put("transport", graphql() ? "graphql" : "rest");
      }
      m.put("heap", heap);
      if (!baseline || !courierArgs.isEmpty()) {
        m.put("args", courierArgs);
      }
      if (sampleOrders > 0) {
        m.put("window", "the latest " + sampleOrders + " orders' updated_at span");
      }
      if (sessionTaskManagers > 0) {
        m.put(
            "cluster",
            "a LocalFlinkCluster (bin/flink-local-cluster's): a JobManager and "
                + sessionTaskManagers
                + " TaskManager JVMs of one slot each; PostgreSQL");
      }
      if (postgres) {
        m.put(
            "database", "PostgreSQL 15 started for the run (fsync off); its CPU in database_cpu_s");
      }
      m.put("runs", runs);
      return m;
    }
  }

  static final String SEED = "42";

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  /**
   * The REST scenarios pin REST: their figures compare with the plain loop (which reads REST) and
   * with the figures recorded before GraphQL became the default.
   */
  private static final String REST = "--transport=rest";

  /** The courier on the DirectRunner over REST: throughput's and memory-direct's mode. */
  private static final List<String> DIRECT_REST =
      List.of("--runnerConfig=runner-configs/direct.properties", REST);

  /**
   * The memory scenarios' shop: 200,000 orders (about 2.6 GB of JSON), unthrottled. --scale shrinks
   * every count by the same factor, which is how memory-direct finds the DirectRunner's limit.
   */
  private static final Shop MEMORY_SHOP = new Shop(10_000, 200_000, 1_000, 4, Plan.UNLIMITED, 0);

  /** The scenarios of bin/courier-bench, in the order they run. */
  static List<Scenario> all() {
    return List.of(
        throughput(),
        throughputPostgresql(),
        standardPlan(),
        standardPlanTwoTaskManagers(),
        plusPlan(),
        graphqlStandardPlan(),
        graphqlPlusPlan(),
        memory(),
        memoryDirect(),
        bulkBackfill(),
        memoryBulk(),
        bulkCrossover("bulk-crossover-plus", Plan.PLUS, 300),
        bulkCrossover("bulk-crossover-standard", Plan.STANDARD, 100));
  }

  /**
   * A small window read by bulk and paged on one plan: bulk's fixed cost (submit, poll, download)
   * against paged's cost per record, from which --bulkThreshold's default is set (README).
   */
  static Scenario bulkCrossover(String name, Plan plan, int latencyMs) {
    List<String> direct = List.of("--runnerConfig=runner-configs/direct.properties");
    List<String> bulk = new java.util.ArrayList<>(direct);
    bulk.add("--fetchMode=bulk");
    List<String> paged = new java.util.ArrayList<>(direct);
    paged.add("--fetchMode=paged");
    return new Scenario(
        name,
        plan.name().charAt(0)
            + plan.name().substring(1).toLowerCase(java.util.Locale.ROOT)
            + " plan, "
            + latencyMs
            + " ms per response: 200 orders, 100 customers and 10 products by bulk and paged on the"
            + " DirectRunner; bulk's fixed cost against paged's points per record sets"
            + " --bulkThreshold.",
        new Shop(100, 200, 10, 2, plan, latencyMs),
        List.of(
            new Mode("bulk", false, "-Xmx2g", List.copyOf(bulk), 1, TEN_MINUTES),
            new Mode("paged", false, "-Xmx2g", List.copyOf(paged), 1, TEN_MINUTES)),
        true);
  }

  /**
   * Orders of the bulk-backfill scenario (issue 13 asks 1,000,000; bench/README.md says why not).
   */
  static final int BULK_BACKFILL_ORDERS = 20_000;

  /** Orders the paged mode of bulk-backfill reads: about four minutes at the Plus rate. */
  static final int BULK_BACKFILL_PAGED_ORDERS = 2_500;

  static Scenario bulkBackfill() {
    List<String> flink = List.of("--runnerConfig=runner-configs/flink-local.properties");
    List<String> bulk = new java.util.ArrayList<>(flink);
    bulk.add("--fetchMode=bulk");
    List<String> paged = new java.util.ArrayList<>(flink);
    paged.add("--fetchMode=paged");
    return new Scenario(
        "bulk-backfill",
        "Plus plan (GraphQL: 20,000 points, 1,000 points/s), 300 ms per response: a backfill by bulk "
            + "operations against paged GraphQL queries (paged reads the latest "
            + BULK_BACKFILL_PAGED_ORDERS
            + " orders' window: its rate past the burst does not depend on the count) and against a "
            + "plain loop that reads the same JSONL and writes the same Parquet.",
        new Shop(2_000, BULK_BACKFILL_ORDERS, 100, 4, Plan.PLUS, 300),
        List.of(
            new Mode("baseline", true, "-Xmx2g", List.of("--bulk"), 1, Duration.ofMinutes(20)),
            new Mode("bulk", false, "-Xmx2g", List.copyOf(bulk), 1, Duration.ofMinutes(20)),
            new Mode(
                "paged",
                false,
                "-Xmx2g",
                List.copyOf(paged),
                1,
                Duration.ofMinutes(20),
                BULK_BACKFILL_PAGED_ORDERS,
                0,
                false)),
        true);
  }

  static Scenario memoryBulk() {
    return new Scenario(
        "memory-bulk",
        "200,000 orders by bulk operations with a 768 MB heap on embedded Flink: the JSONL is "
            + "streamed, never held, so the heap does not grow with the file.",
        MEMORY_SHOP,
        List.of(
            new Mode(
                "flink-bulk",
                false,
                "-Xmx768m",
                List.of("--runnerConfig=runner-configs/flink-local.properties", "--fetchMode=bulk"),
                1,
                Duration.ofMinutes(25))),
        false);
  }

  static Scenario graphqlStandardPlan() {
    return transportsOnOnePlan(
        "graphql-standard-plan",
        "Standard plan (GraphQL: 2,000 points, 100 points/s restored; REST: bucket 40, 2 requests/s), 100 ms per "
            + "response: how much of the restore rate the cost governor spends (utilisation = points/s after "
            + "the initial 2,000 ÷ 100), THROTTLED answers, and records/s over GraphQL against REST on the "
            + "same shop.",
        // ~25,000 points spent (about 10 per customer, 80 per order, 100 per product with its
        // variants): four minutes at 100 points/s.
        new Shop(600, 200, 30, 4, Plan.STANDARD, 100),
        List.of());
  }

  static Scenario graphqlPlusPlan() {
    return transportsOnOnePlan(
        "graphql-plus-plan",
        "Plus plan (GraphQL: 20,000 points, 1,000 points/s; REST: bucket 400, 20 requests/s), 300 ms per "
            + "response: whether concurrent slices keep 1,000 points/s flowing, THROTTLED answers, and "
            + "records/s over GraphQL against REST on the same shop.",
        // ~170,000 points: the 20,000 burst, then two and a half minutes at 1,000 points/s.
        new Shop(4_000, 1_500, 100, 4, Plan.PLUS, 300),
        List.of(
            "--targetSliceRecords=1000", "--targetParallelism=16", "--maxConcurrentRequests=16"));
  }

  /** The same shop read over GraphQL, then over REST, on the DirectRunner. */
  private static Scenario transportsOnOnePlan(
      String name, String description, Shop shop, List<String> tuning) {
    List<String> graphql = new java.util.ArrayList<>();
    graphql.add("--runnerConfig=runner-configs/direct.properties");
    graphql.addAll(tuning);
    List<String> rest = new java.util.ArrayList<>(graphql);
    rest.add(REST);
    rest.add("--pageSize=50");
    return new Scenario(
        name,
        description,
        shop,
        List.of(
            new Mode("graphql", false, "-Xmx2g", List.copyOf(graphql), 1, TEN_MINUTES),
            new Mode("rest", false, "-Xmx2g", List.copyOf(rest), 1, TEN_MINUTES)),
        true);
  }

  static Scenario throughput() {
    return new Scenario(
        "throughput",
        "All 13 tables into Parquet and H2 from an unthrottled shop without added latency: the CPU cost of the "
            + "courier on each runner against the same fetch, parse and Parquet write in one plain Java loop.",
        new Shop(10_000, 20_000, 1_000, 4, Plan.UNLIMITED, 0),
        List.of(
            new Mode("baseline", true, "-Xmx2g", List.of(), 3, TEN_MINUTES),
            // The same loop writing the rows into H2 too: what the domain tables cost on their own.
            new Mode("baseline-db", true, "-Xmx2g", List.of("--database"), 3, TEN_MINUTES),
            // Three runs each, reported by their medians, as the loops': goal 1 is judged on these
            // ratios, and one run of a runner spread 54.9 to 68.1 s on one evening (README, issue
            // 17's nineteenth round).
            new Mode("direct", false, "-Xmx2g", DIRECT_REST, 3, TEN_MINUTES),
            new Mode(
                "flink",
                false,
                "-Xmx2g",
                List.of("--runnerConfig=runner-configs/flink-local.properties", REST),
                3,
                TEN_MINUTES)),
        false);
  }

  /**
   * The throughput shop landed in PostgreSQL instead of H2 (issue 17, goals 1 and 5): what the
   * runners cost against the loop writing the same rows into PostgreSQL through COPY, with the
   * database server's CPU counted apart from the measured JVM's.
   */
  static Scenario throughputPostgresql() {
    Scenario h2 = throughput();
    List<Mode> modes =
        h2.modes().stream()
            .map(
                m -> !m.baseline() || m.courierArgs().contains("--database") ? m.intoPostgres() : m)
            .toList();
    return new Scenario(
        "throughput-postgresql",
        "The throughput shop with the domain tables in PostgreSQL (COPY staging) instead of H2: the"
            + " runners against the plain loop and the loop writing the same rows into PostgreSQL.",
        h2.shop(),
        modes,
        false);
  }

  static Scenario standardPlan() {
    return new Scenario(
        "standard-plan",
        "Standard plan (bucket 40, 2 requests/s), 100 ms per response, pages of 50: how close the rate governor "
            + "keeps the courier to the plan's rate, and whether it draws 429s.",
        // ~340 requests: 120 customer pages + ~125 address lists (customers embedding 10), 80 order
        // pages, counts.
        new Shop(6_000, 4_000, 300, 4, Plan.STANDARD, 100),
        List.of(
            new Mode(
                "direct",
                false,
                "-Xmx2g",
                List.of("--runnerConfig=runner-configs/direct.properties", "--pageSize=50", REST),
                1,
                TEN_MINUTES)),
        true);
  }

  /**
   * The Standard shop read from two TaskManager JVMs at once (issue 17, goal 4): each JVM has its
   * own rate governor, which learns of the other's requests only from the bucket level the shop
   * reports with each answer.
   */
  static Scenario standardPlanTwoTaskManagers() {
    return new Scenario(
        "standard-plan-two-taskmanagers",
        "The standard-plan shop read by two TaskManager JVMs of a Flink session cluster, each pacing"
            + " itself from the bucket level the shop reports: do they keep to the plan's rate"
            + " without 429s.",
        standardPlan().shop(),
        List.of(
            new Mode(
                "flink-cluster",
                false,
                "-Xmx1g",
                List.of(
                    "--runnerConfig=runner-configs/flink-cluster.properties",
                    "--parallelism=2",
                    "--pageSize=50",
                    // Slices of 500 records: a dozen per large resource, so that both
                    // TaskManagers fetch side by side for most of the run.
                    "--targetSliceRecords=500",
                    REST),
                1,
                TEN_MINUTES,
                0,
                2,
                false)),
        true);
  }

  static Scenario plusPlan() {
    return new Scenario(
        "plus-plan",
        "Plus plan (bucket 400, 20 requests/s), 300 ms per response, pages of 50: 20 requests/s needs at least "
            + "6 requests in flight, so the window is cut into slices of 1,000 records read by 16 DirectRunner threads.",
        // ~1,650 requests, mostly small entities: 760 customer pages + ~790 address lists
        // (customers embedding
        // 10), 40 order pages, slice-planning counts. Landing them at 20 pages/s means ~1,000
        // entities/s.
        new Shop(38_000, 2_000, 300, 4, Plan.PLUS, 300),
        List.of(
            new Mode(
                "direct",
                false,
                "-Xmx2g",
                List.of(
                    "--runnerConfig=runner-configs/direct.properties",
                    "--pageSize=50",
                    "--targetSliceRecords=1000",
                    "--targetParallelism=16",
                    "--maxConcurrentRequests=16",
                    REST),
                1,
                TEN_MINUTES)),
        true);
  }

  static Scenario memory() {
    return new Scenario(
        "memory",
        "200,000 orders with a 768 MB heap on embedded Flink (its batch shuffles spill to disk; the DirectRunner "
            + "keeps every group in memory): does it complete, and with how much memory and time.",
        MEMORY_SHOP,
        List.of(
            new Mode(
                "flink",
                false,
                "-Xmx768m",
                List.of("--runnerConfig=runner-configs/flink-local.properties", REST),
                1,
                Duration.ofMinutes(25))),
        false);
  }

  /**
   * The memory shop on the DirectRunner in the same 768 MB heap. The DirectRunner keeps every
   * shuffle's groups in memory, so a large enough shop fails with an OutOfMemoryError: run it with
   * --scale to find the largest size that completes (bench/README.md). An OutOfMemoryError fails
   * the pipeline and the run ends; a heap that is nearly full but never quite exhausted can keep G1
   * collecting for a long time, which the 15-minute limit bounds.
   */
  static Scenario memoryDirect() {
    return new Scenario(
        "memory-direct",
        "The memory shop with a 768 MB heap on the DirectRunner, which keeps every group in memory:"
            + " with --scale, the largest shop it completes and the first it fails.",
        MEMORY_SHOP,
        List.of(new Mode("direct", false, "-Xmx768m", DIRECT_REST, 1, Duration.ofMinutes(15))),
        false);
  }
}
