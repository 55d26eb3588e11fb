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
   * live children spent so far. A backend reaped while the children are read would count in neither
   * figure or in both, so the postmaster is read before and after them, again until the two agree:
   * at the end of a run, its backends are exiting.
   */
  private double serverCpuSeconds() throws IOException {
    long postmaster =
        Long.parseLong(
            Files.readAllLines(server.directory().resolve("pgdata").resolve("postmaster.pid"))
                .get(0)
                .trim());
    for (int attempt = 0; attempt < 100; attempt++) {
      long before = ticks(postmaster, true).orElseThrow(() -> serverGone(postmaster));
      long children = 0;
      for (long child : children(postmaster)) {
        children += ticks(child, false).orElse(0L);
      }
      long after = ticks(postmaster, true).orElseThrow(() -> serverGone(postmaster));
      if (before == after) {
        return (after + children) / TICKS_PER_SECOND;
      }
    }
    throw new IOException("the PostgreSQL server's processes kept exiting while read");
  }

  private static List<Long> children(long pid) {
    List<Long> children = new ArrayList<>();
    ProcessHandle.of(pid)
        .map(ProcessHandle::children)
        .ifPresent(s -> s.forEach(c -> children.add(c.pid())));
    return children;
  }

  private static IOException serverGone(long pid) {
    return new IOException("the PostgreSQL server (postmaster " + pid + ") is gone");
  }

  /**
   * utime + stime (fields 14, 15 of /proc/<pid>/stat), plus cutime + cstime (16, 17) if asked;
   * empty if the process is gone.
   */
  private static Optional<Long> ticks(long pid, boolean withExitedChildren) throws IOException {
    Optional<String> stat = readStat(pid);
    if (stat.isEmpty()) {
      return Optional.empty();
    }
    String line = stat.get();
    String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return Optional.of(withExitedChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t);
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
