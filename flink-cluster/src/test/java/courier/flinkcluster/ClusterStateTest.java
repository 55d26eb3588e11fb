package courier.flinkcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file another JVM reads to find a running cluster's processes. */
class ClusterStateTest {

  @TempDir Path temp;

  @Test
  void everyTaskManagerPidSurvivesTheStateFile() throws IOException {
    WorkDir dir = new WorkDir(temp);
    ClusterState state = new ClusterState(8081, 6123, 6124, 1, 100, List.of(101L, 102L), "1.19.0");
    state.write(dir);
    assertEquals(state, ClusterState.read(dir).orElseThrow());
  }

  /** A cluster started before several TaskManagers were possible is still found and stopped. */
  @Test
  void aStateFileWithOneTaskManagerPidIsRead() throws IOException {
    WorkDir dir = new WorkDir(temp);
    Files.writeString(
        dir.stateFile(),
        String.join(
            "\n",
            "rest.port=8081",
            "rpc.port=6123",
            "blob.port=6124",
            "task.slots=2",
            "jobmanager.pid=100",
            "taskmanager.pid=101",
            "flink.version=1.19.0"));
    assertEquals(List.of(101L), ClusterState.read(dir).orElseThrow().taskManagerPids());
  }

  /**
   * A cluster whose state names two TaskManagers, one of them gone (its pid now another process's),
   * is not running, and says how many are left: what status reports as "1 of 2 TaskManager(s) up".
   */
  @Test
  void aClusterWithATaskManagerGoneIsNotRunning() throws IOException, InterruptedException {
    WorkDir dir = new WorkDir(temp);
    // Stand-ins for the cluster's JVMs: processes that carry its flag on their command line (a
    // second command keeps bash from exec'ing sleep, which would drop the flag).
    List<Process> ours = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        ours.add(
            new ProcessBuilder(
                    "bash",
                    "-c",
                    "sleep 60; true",
                    ClusterJvms.CLUSTER_FLAG + dir.path(),
                    "stand-in")
                .start());
      }
      long notOurs = ProcessHandle.current().pid();
      new ClusterState(
              8081, 6123, 6124, 1, ours.get(0).pid(), List.of(ours.get(1).pid(), notOurs), "1.19.0")
          .write(dir);
      LocalFlinkCluster cluster = LocalFlinkCluster.attach(temp).orElseThrow();
      assertEquals(2, cluster.taskManagers());
      assertEquals(
          List.of(ours.get(1).pid()),
          cluster.taskManagerProcesses().stream().map(ProcessHandle::pid).toList());
      assertFalse(cluster.isRunning());
    } finally {
      ours.forEach(Process::destroyForcibly);
      for (Process p : ours) {
        p.waitFor();
      }
    }
  }
}
