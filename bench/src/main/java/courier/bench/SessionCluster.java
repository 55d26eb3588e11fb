package courier.bench;

import courier.flinkcluster.LocalFlinkCluster;
import courier.sink.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a mode on a Flink session cluster runs against: a {@link LocalFlinkCluster} of several
 * TaskManager JVMs (one slot each) and a throwaway PostgreSQL server, which every TaskManager can
 * write to (an H2 file is one JVM's). The measured child is then only the client that submits the
 * job and waits: the cluster's own CPU is taken here, from its JVMs, between {@link #start} and
 * {@link #cpuSeconds}.
 */
final class SessionCluster implements AutoCloseable {
  private final PostgresServer postgres;
  private final LocalFlinkCluster flink;
  private final String jdbcUrl;
  private final double cpuAtStart;

  private SessionCluster(PostgresServer postgres, LocalFlinkCluster flink, String jdbcUrl) {
    this.postgres = postgres;
    this.flink = flink;
    this.jdbcUrl = jdbcUrl;
    this.cpuAtStart = clusterCpuSeconds();
  }

  /**
   * @param root the checkout, whose flink-cluster module holds the cluster's jars
   */
  static SessionCluster start(Path root, int taskManagers, Path workDir)
      throws IOException, InterruptedException {
    PostgresServer postgres = PostgresServer.start();
    LocalFlinkCluster flink = null;
    try {
      String url = postgres.createDatabase("bench");
      flink =
          LocalFlinkCluster.builder()
              .flinkLib(root.resolve("flink-cluster/target/flink-dist/lib"))
              .taskManagers(taskManagers)
              .taskSlots(1)
              .startTimeout(Duration.ofMinutes(3))
              .start(workDir);
      return new SessionCluster(postgres, flink, url);
    } catch (IOException | RuntimeException | Error e) {
      closeAll(flink, postgres);
      throw e;
    } catch (java.sql.SQLException e) {
      closeAll(flink, postgres);
      throw new IOException("could not create the bench database: " + e.getMessage(), e);
    }
  }

  private static void closeAll(LocalFlinkCluster flink, PostgresServer postgres) {
    try {
      if (flink != null) {
        flink.close();
      }
    } finally {
      postgres.close();
    }
  }

  /** The courier's options that point the run at this cluster and database. */
  List<String> courierArgs() {
    return List.of(
        "--flinkMaster=" + flink.flinkMaster(),
        "--jdbcUrl=" + jdbcUrl,
        "--jdbcUser=" + PostgresServer.SUPERUSER);
  }

  /** CPU seconds the cluster's JVMs (JobManager and TaskManagers) spent since it was ready. */
  double cpuSeconds() {
    return clusterCpuSeconds() - cpuAtStart;
  }

  /**
   * The records each TaskManager fetched, in the order they were started: the sum over resources of
   * the highest total its {@code courier.progress} lines give (each JVM logs its own share). The
   * highest, not the last: the deletion check after the read keeps progress of its own, whose lines
   * start again from 0. Shows whether both JVMs read the shop, and how much of it.
   */
  List<Long> recordsPerTaskManager() throws IOException {
    List<Long> records = new ArrayList<>();
    for (Path log : flink.taskManagerLogs()) {
      records.add(fetchedRecords(Files.readAllLines(log, StandardCharsets.ISO_8859_1)));
    }
    return records;
  }

  private static final Pattern PROGRESS =
      Pattern.compile("courier\\.progress .* - ([\\w-]+): ([\\d,]+)[ ,]");

  static long fetchedRecords(List<String> logLines) {
    Map<String, Long> highest = new HashMap<>();
    for (String line : logLines) {
      Matcher m = PROGRESS.matcher(line);
      if (m.find()) {
        highest.merge(m.group(1), Long.parseLong(m.group(2).replace(",", "")), Math::max);
      }
    }
    return highest.values().stream().mapToLong(Long::longValue).sum();
  }

  private double clusterCpuSeconds() {
    List<ProcessHandle> jvms = new ArrayList<>(flink.taskManagerProcesses());
    flink.jobManagerProcess().ifPresent(jvms::add);
    return jvms.stream()
        .map(p -> p.info().totalCpuDuration())
        .flatMap(Optional::stream)
        .mapToDouble(d -> d.toNanos() / 1e9)
        .sum();
  }

  @Override
  public void close() {
    closeAll(flink, postgres);
  }
}
