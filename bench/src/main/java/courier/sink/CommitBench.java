package courier.sink;

import courier.bench.ProcStatus;
import courier.schema.ColumnSpec;
import courier.schema.ColumnType;
import courier.schema.Lineage;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The database write alone, without Beam or Shopify: stages synthetic orders (the memory scenario's
 * size: 7 rows an order in 5 tables, 1.4 million rows for 200,000 orders) through {@link
 * SqlDialect#stage} from several threads, then runs the one {@link RunCommit}; twice, the second
 * run replacing every entity of the first (the commit's delete paths). Prints wall seconds and the
 * database's own CPU seconds per phase.
 *
 * <pre>
 * java -cp courier.jar:bench/target/classes:bench/target/lib/* courier.sink.CommitBench \
 *     --db=postgresql --orders=200000 [--staging=copy|insert] [--threads=2] [--batch=1000]
 *     [--shuffled] [--explain] [--nightly=100]
 * </pre>
 *
 * PostgreSQL is a throwaway server ({@code PostgresServer}, the tests' helper: the Debian package's
 * binaries, fsync off); H2 a file database in a temporary folder. {@code --staging=insert} stages
 * by JDBC batches of row inserts, as before COPY. {@code --shuffled} stages the orders in a random
 * (seeded) order, as the pipeline's dedup hands them on, rather than by ascending id. {@code
 * --nightly=K} adds a third run that stages only K of the stored orders, changed, as a nightly
 * incremental run does: what its commit costs against the tables the first two runs filled. {@code
 * --explain} logs every commit statement's plan with its actual rows and times (auto_explain) and
 * prints them.
 */
public final class CommitBench {
  private static final String SHOP = "bench.myshopify.com";
  private static final Map<String, Integer> ROWS_PER_ORDER =
      Map.of(
          "order",
          1,
          "order_line",
          2,
          "order_address",
          2,
          "order_tags",
          1,
          "discount_allocation",
          1);

  private final JdbcTarget target;
  private final List<TableSchema> tables;
  private final int orders;
  private final int threads;
  private final int batch;
  private final boolean copy;

  /**
   * The orders in the order they are staged: ascending, or shuffled (--shuffled); thread t of n
   * stages entries t, t+n, t+2n, ...
   */
  private final List<Long> stagingOrder;

  private final boolean shuffled;

  private final StagedRows staged;

  private CommitBench(
      JdbcTarget target,
      List<TableSchema> tables,
      int orders,
      int threads,
      int batch,
      boolean copy,
      boolean shuffled) {
    this.target = target;
    this.tables = tables;
    this.orders = orders;
    this.threads = threads;
    this.batch = batch;
    this.copy = copy;
    this.shuffled = shuffled;
    this.stagingOrder = new ArrayList<>(orders);
    for (long order = 0; order < orders; order++) {
      stagingOrder.add(order);
    }
    if (shuffled) {
      Collections.shuffle(stagingOrder, new Random(17));
    }
    this.staged = new StagedRows(target, SHOP);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      String[] kv = arg.replaceFirst("^--", "").split("=", 2);
      options.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    String db = options.getOrDefault("db", "postgresql");
    int orders = Integer.parseInt(options.getOrDefault("orders", "20000"));
    int nightly = Integer.parseInt(options.getOrDefault("nightly", "0"));
    if (nightly < 0 || nightly > orders) {
      throw new IllegalArgumentException(
          "--nightly=" + nightly + " changes stored orders: 0 to --orders=" + orders);
    }
    boolean explain = options.containsKey("explain");
    List<TableSchema> tables = new ArrayList<>();
    for (TableSchema table : SchemaCatalog.packaged().tables()) {
      if (ROWS_PER_ORDER.containsKey(table.name())) {
        tables.add(table);
      }
    }
    Path dir = Files.createTempDirectory("commit-bench-");
    PostgresServer postgres = null;
    try {
      JdbcTarget target;
      if (db.equals("postgresql")) {
        postgres = PostgresServer.start();
        target = JdbcTarget.of(postgres.createDatabase("bench")).withUser(PostgresServer.SUPERUSER);
      } else if (db.equals("h2")) {
        target = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
      } else {
        throw new IllegalArgumentException("--db=postgresql or --db=h2");
      }
      CommitBench bench =
          new CommitBench(
              target,
              tables,
              orders,
              Integer.parseInt(options.getOrDefault("threads", "2")),
              Integer.parseInt(options.getOrDefault("batch", "1000")),
              !options.getOrDefault("staging", "copy").equals("insert"),
              options.containsKey("shuffled"));
      bench.staged.createTables(tables);
      System.out.printf(
          Locale.ROOT,
          "%s, %,d orders (%s), staging by %s, %d threads, batches of %,d%n",
          db,
          orders,
          bench.shuffled ? "shuffled" : "ascending",
          bench.copy ? "the dialect's stage (COPY on PostgreSQL)" : "row inserts",
          bench.threads,
          bench.batch);
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      bench.run("first run (empty tables)", run("r1", start), orders, false);
      bench.run(
          "second run (replaces every entity)",
          run("r2", start.plusSeconds(3600)),
          orders,
          explain);
      if (nightly > 0) {
        bench.run(
            "nightly run (" + nightly + " stored orders changed)",
            run("r3", start.plusSeconds(7200)),
            nightly,
            false);
      }
      if (explain && postgres != null) {
        printPlans(postgres.directory().resolve("server.log"));
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
      deleteQuietly(dir);
    }
  }

  private static RunInfo run(String id, Instant startedAt) {
    return RunInfo.builder()
        .runId(id)
        .shop(SHOP)
        .resources(List.of("orders"))
        .window(startedAt.minus(Duration.ofDays(1)), startedAt)
        .loadMode("backfill")
        .startedAt(startedAt)
        .build();
  }

  /** Stages the first {@code count} orders of {@link #stagingOrder} as {@code run}, commits. */
  private void run(String label, RunInfo run, int count, boolean explain) throws Exception {
    staged.createStaging(run);
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    double stagingDbCpu = stage(run, count);
    long t1 = System.nanoTime();
    long cpu1 = processCpuNanos();
    Map<String, Long> inserted;
    double commitDbCpu;
    try (Connection connection = target.connect()) {
      if (explain) {
        try (Statement s = connection.createStatement()) {
          s.execute("LOAD 'auto_explain'");
          s.execute("SET auto_explain.log_min_duration = 0");
          s.execute("SET auto_explain.log_analyze = on");
        }
      }
      double before = backendCpuSeconds(connection);
      inserted = new RunCommit(target, tables, run, Duration.ofDays(2)).commit(connection, 0);
      commitDbCpu = backendCpuSeconds(connection) - before;
    }
    long t2 = System.nanoTime();
    long cpu2 = processCpuNanos();
    long rows = inserted.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        Locale.ROOT,
        "%s: %,d rows; staging %.1f s wall (bench JVM CPU %.1f s, database backends CPU %.1f s);"
            + " commit %.2f s wall (JVM CPU %.2f s, backend CPU %.2f s); %s%n",
        label,
        rows,
        (t1 - t0) / 1e9,
        (cpu1 - cpu0) / 1e9,
        stagingDbCpu,
        (t2 - t1) / 1e9,
        (cpu2 - cpu1) / 1e9,
        commitDbCpu,
        inserted);
  }

  /** Stages the run's rows from {@link #threads} threads; the backends' CPU seconds. */
  private double stage(RunInfo run, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Double>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int part = t;
        parts.add(pool.submit(() -> stagePart(run, count, part)));
      }
      double cpu = 0;
      for (Future<Double> part : parts) {
        cpu += part.get();
      }
      return cpu;
    } finally {
      pool.shutdown();
    }
  }

  private double stagePart(RunInfo run, int count, int part) throws SQLException {
    SqlDialect d = target.dialect();
    try (Connection connection = target.connect()) {
      connection.setAutoCommit(true);
      double before = backendCpuSeconds(connection);
      for (TableSchema table : tables) {
        SqlTable staging = SqlTable.staging(target, table, run.runId());
        List<Object[]> rows = new ArrayList<>();
        for (int i = part; i < count; i += threads) {
          rows.addAll(rowsOf(table, run, stagingOrder.get(i)));
          if (rows.size() >= batch) {
            write(d, connection, staging, rows);
            rows = new ArrayList<>();
          }
        }
        write(d, connection, staging, rows);
      }
      SqlTable rootKeys = SqlTable.rootKeysStaging(target, run.runId());
      List<Object[]> keys = new ArrayList<>();
      for (int i = part; i < count; i += threads) {
        keys.add(
            new Object[] {
              run.runId(), SHOP, "orders", rootId(stagingOrder.get(i)), instant(run.startedAt())
            });
        if (keys.size() >= batch) {
          write(d, connection, rootKeys, keys);
          keys = new ArrayList<>();
        }
      }
      write(d, connection, rootKeys, keys);
      return backendCpuSeconds(connection) - before;
    }
  }

  private void write(SqlDialect d, Connection connection, SqlTable staging, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    if (copy) {
      d.stage(connection, staging, rows);
    } else {
      JdbcBatchStaging.stage(d, connection, staging, rows);
    }
  }

  /** The rows an order has in {@code table}: keys unique per table, other values made up. */
  private List<Object[]> rowsOf(TableSchema table, RunInfo run, long order) {
    int count = ROWS_PER_ORDER.get(table.name());
    List<ColumnSpec> columns = table.allColumns();
    SplittableRandom random = new SplittableRandom(order * 31 + table.name().hashCode());
    List<Object[]> rows = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        ColumnSpec c = columns.get(i);
        boolean key = table.primaryKey().contains(c.name());
        values[i] = value(c, key, order, k, random, run);
      }
      rows.add(values);
    }
    return rows;
  }

  private static Object value(
      ColumnSpec c, boolean key, long order, int k, SplittableRandom random, RunInfo run) {
    switch (c.name()) {
      case Lineage.SHOP:
        return SHOP;
      case Lineage.ROOT_ID:
        return rootId(order);
      case Lineage.RUN_ID:
        return run.runId();
      case Lineage.SYNCED_AT:
      case StaleVersions.VERSION_COLUMN:
        return instant(run.startedAt());
      default:
        break;
    }
    ColumnType type = c.type();
    switch (type.kind()) {
      case INT64:
        return key ? rootId(order) * 16 + k : random.nextLong(1, 1L << 40);
      case INT32:
        return random.nextInt(1000);
      case STRING:
        return key ? "key-" + k : "Zoë \"O'Brien\", line\n" + random.nextInt(1_000_000);
      case BOOLEAN:
        return random.nextBoolean();
      case DECIMAL:
        return BigDecimal.valueOf(random.nextLong(100_000_000), type.scale());
      case TIMESTAMP:
        return instant(run.startedAt().minusSeconds(random.nextInt(1_000_000)));
      default:
        throw new IllegalArgumentException("no value for " + type);
    }
  }

  private static long rootId(long order) {
    return 5_000_000_000L + order;
  }

  private static org.joda.time.Instant instant(Instant instant) {
    return new org.joda.time.Instant(instant.toEpochMilli());
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU seconds of the PostgreSQL backend serving the connection; 0 for H2 (in this JVM). */
  private double backendCpuSeconds(Connection connection) throws SQLException {
    if (!(target.dialect() instanceof PostgresDialect)) {
      return 0;
    }
    long pid;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getLong(1);
    }
    try {
      return ProcStatus.cpuTicks(pid, false)
          .map(ticks -> ticks / ProcStatus.TICKS_PER_SECOND)
          .orElse(Double.NaN);
    } catch (java.io.IOException e) {
      return Double.NaN;
    }
  }

  private static void printPlans(Path serverLog) throws java.io.IOException {
    System.out.println("Commit statement plans (auto_explain, second run):");
    for (String line : Files.readAllLines(serverLog)) {
      if (!line.contains("LOG:  statement:") && !line.contains("pg_backend_pid")) {
        System.out.println(line);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      // a temporary folder: the OS cleans it
    }
  }
}
