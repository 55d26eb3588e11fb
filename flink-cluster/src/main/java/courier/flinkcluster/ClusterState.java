package courier.flinkcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * What a started cluster records in its work directory's state file, so that another JVM (the next
 * {@code bin/flink-local-cluster} command) can find and stop it.
 */
record ClusterState(
    int restPort,
    int rpcPort,
    int blobPort,
    int taskSlots,
    long jobManagerPid,
    List<Long> taskManagerPids,
    String flinkVersion) {

  ClusterState {
    taskManagerPids = List.copyOf(taskManagerPids);
  }

  String flinkMaster() {
    return "127.0.0.1:" + restPort;
  }

  /** The state file's content; empty if there is none. */
  static Optional<ClusterState> read(WorkDir dir) throws IOException {
    if (!Files.isRegularFile(dir.stateFile())) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(dir.stateFile())) {
      p.load(in);
    }
    return Optional.of(
        new ClusterState(
            Integer.parseInt(p.getProperty("rest.port")),
            Integer.parseInt(p.getProperty("rpc.port")),
            Integer.parseInt(p.getProperty("blob.port")),
            Integer.parseInt(p.getProperty("task.slots", "2")),
            Long.parseLong(p.getProperty("jobmanager.pid")),
            // taskmanager.pid: a state file written before a cluster could have several.
            pids(p.getProperty("taskmanager.pids", p.getProperty("taskmanager.pid"))),
            p.getProperty("flink.version")));
  }

  private static List<Long> pids(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .map(Long::valueOf)
        .collect(Collectors.toList());
  }

  /** Writes the state file atomically: a reader sees the old one or the whole new one. */
  void write(WorkDir dir) throws IOException {
    Properties p = new Properties();
    p.setProperty("flink.master", flinkMaster());
    p.setProperty("flink.version", flinkVersion);
    p.setProperty("rest.port", Integer.toString(restPort));
    p.setProperty("rpc.port", Integer.toString(rpcPort));
    p.setProperty("blob.port", Integer.toString(blobPort));
    p.setProperty("task.slots", Integer.toString(taskSlots)); // per TaskManager
    p.setProperty("jobmanager.pid", Long.toString(jobManagerPid));
    p.setProperty(
        "taskmanager.pids",
        taskManagerPids.stream().map(Object::toString).collect(Collectors.joining(",")));
    // For an older bin/flink-local-cluster (another checkout) sharing the default work dir.
    p.setProperty("taskmanager.pid", Long.toString(taskManagerPids.get(0)));
    p.setProperty("log.dir", dir.log().toString());
    Path tmp = dir.path().resolve(WorkDir.STATE_FILE + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      p.store(out, "Local Flink cluster (courier.flinkcluster.LocalFlinkCluster)");
    }
    Files.move(
        tmp, dir.stateFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
