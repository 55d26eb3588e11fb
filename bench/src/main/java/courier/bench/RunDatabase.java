package courier.bench;

import courier.sink.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A throwaway PostgreSQL server for one measured run (a {@link Scenario.Mode#postgres} mode): the
 * options that point the courier or the baseline at it, and the CPU seconds the server spent, which
 * the measured JVM's own figure does not include (H2 runs inside it).
 */
final class RunDatabase implements AutoCloseable {
  /** Linux's USER_HZ: /proc/<pid>/stat counts CPU in these ticks. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final PostgresServer server;
  private final String jdbcUrl;
  private final double cpuAtStart;

  private RunDatabase(PostgresServer server, String jdbcUrl) throws IOException {
    this.server = server;
    this.jdbcUrl = jdbcUrl;
    this.cpuAtStart = serverCpuSeconds();
  }

  static RunDatabase start() throws IOException, InterruptedException {
    PostgresServer server = PostgresServer.start();
    try {
      return new RunDatabase(server, server.createDatabase("bench"));
    } catch (SQLException e) {
      server.close();
      throw new IOException("could not create the bench database: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The options of a run into this database: the baseline's, or {@code courier run}'s. */
  List<String> args(boolean baseline) {
    return baseline
        ? List.of("--jdbcUrl=" + jdbcUrl + "?user=" + PostgresServer.SUPERUSER)
        : List.of("--jdbcUrl=" + jdbcUrl, "--jdbcUser=" + PostgresServer.SUPERUSER);
  }

  /** CPU seconds of the server's processes since it was started for the run. */
  double cpuSeconds() throws IOException {
    return serverCpuSeconds() - cpuAtStart;
  }

  /**
   * The postmaster's own CPU, what its exited children (the run's backends) spent, and what its
   * live children spent so far.
   */
  private double serverCpuSeconds() throws IOException {
    long postmaster =
        Long.parseLong(
            Files.readAllLines(server.directory().resolve("pgdata").resolve("postmaster.pid"))
                .get(0)
                .trim());
    long ticks = ticks(postmaster, true);
    List<Long> children = new ArrayList<>();
    ProcessHandle.of(postmaster)
        .map(ProcessHandle::children)
        .ifPresent(s -> s.forEach(c -> children.add(c.pid())));
    for (long child : children) {
      ticks += ticks(child, false);
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** utime + stime (fields 14, 15 of /proc/<pid>/stat), plus cutime + cstime (16, 17) if asked. */
  private static long ticks(long pid, boolean withExitedChildren) throws IOException {
    Optional<String> stat = readStat(pid);
    if (stat.isEmpty()) {
      return 0; // a backend that exited meanwhile: its postmaster counts it once reaped
    }
    String line = stat.get();
    String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return withExitedChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
  }

  private static Optional<String> readStat(long pid) throws IOException {
    Path stat = Path.of("/proc/" + pid + "/stat");
    try {
      return Optional.of(Files.readString(stat));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
