package courier.flinkcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without a cluster: help, usage errors, and status and stop of nothing. */
class LocalFlinkClusterCommandTest {

  @TempDir Path workDir;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        LocalFlinkClusterCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpShowsEveryCommandWithItsOptionsAndDefaults() {
    Result help = run("--help");
    assertEquals(0, help.exit(), help.err());
    for (String expected :
        List.of(
            "start",
            "status",
            "stop",
            "--work-dir=DIR",
            "$COURIER_FLINK_HOME",
            "--slots=N",
            "Default: 2",
            "--jobmanager-memory=SIZE",
            "Default: 1024m",
            "--taskmanager-memory=SIZE",
            "Default: 3072m",
            "--timeout=SECONDS",
            "Default: 120",
            "3   status: not running")) {
      assertTrue(help.out().contains(expected), expected + " missing from:\n" + help.out());
    }
    assertEquals(help.out(), run("-h").out());
  }

  @Test
  void aCommandsOwnHelp() {
    Result help = run("help", "start");
    assertEquals(0, help.exit());
    assertTrue(help.out().contains("--slots=N"), help.out());
    assertEquals(help.out(), run("start", "--help").out());
  }

  @Test
  void usageErrorsExitWith2() {
    Result none = run();
    assertEquals(2, none.exit());
    assertTrue(none.err().contains("Usage: flink-local-cluster"), none.err());
    assertEquals(2, run("restart").exit());
    assertEquals(2, run("start", "--slots=two").exit());
    assertEquals(2, run("status", "--slots=2").exit());
    Result unknown = run("stop", "--work-dir=" + workDir, "--force");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("--force"), unknown.err());
  }

  @Test
  void statusOfNothingExits3AndStopOfNothingSucceeds() {
    Result status = run("status", "--work-dir", workDir.toString());
    assertEquals(3, status.exit(), status.out() + status.err());
    assertTrue(status.out().startsWith("not running"), status.out());
    Result stop = run("stop", "--work-dir=" + workDir);
    assertEquals(0, stop.exit(), stop.err());
    assertTrue(stop.out().startsWith("not running"), stop.out());
  }

  @Test
  void aFailedStartExits1WithTheReason() {
    Result start = run("start", "--work-dir=" + workDir, "--slots=0");
    assertEquals(1, start.exit());
    assertTrue(
        start.err().contains("flink-local-cluster start failed: taskSlots must be at least 1"),
        start.err());
    assertFalse(Files.exists(workDir.resolve(WorkDir.STATE_FILE)));
  }
}
