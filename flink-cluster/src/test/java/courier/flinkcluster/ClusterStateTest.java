package courier.flinkcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
