package courier.bench;

import courier.sink.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway PostgreSQL server for one measured run (a {@link Scenario.Mode#postgres} mode): the
 * options that point the courier or the baseline at it, and the CPU seconds the server spent, which
 * the measured JVM's own figure does not include (H2 runs inside it).
 */
final class RunDatabase implements AutoCloseable {
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
      long before = ProcStatus.cpuTicks(postmaster, true).orElseThrow(() -> serverGone(postmaster));
      long children = 0;
      for (long child : children(postmaster)) {
        children += ProcStatus.cpuTicks(child, false).orElse(0L);
      }
      long after = ProcStatus.cpuTicks(postmaster, true).orElseThrow(() -> serverGone(postmaster));
      if (before == after) {
        return (after + children) / ProcStatus.TICKS_PER_SECOND;
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

  @Override
  public void close() {
    server.close();
  }
}
