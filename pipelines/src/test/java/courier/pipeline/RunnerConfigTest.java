package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a runner-configs file and the command line merge into Beam's arguments: the file gives
 * defaults, the command line wins, the DirectRunner's two copying checks are off unless asked for,
 * and a bad --runnerConfig fails with a message saying what to write instead.
 */
class RunnerConfigTest {
  @TempDir Path dir;

  @Test
  void withoutAFileTheDirectRunnersCopyingChecksAreOffAndTheArgumentsPassThrough() {
    assertEquals(
        List.of(
            "--enforceImmutability=false",
            "--enforceEncodability=false",
            "--runner=DirectRunner",
            "--notAnOption=1"),
        List.of(RunnerConfig.apply(new String[] {"--runner=DirectRunner", "--notAnOption=1"})));
  }

  @Test
  void theFileGivesDefaultsAndTheCommandLineWins() throws IOException {
    Path file =
        write(
            "runner=DirectRunner",
            "targetParallelism=8",
            "enforceEncodability=true",
            "# a comment");
    List<String> merged =
        List.of(
            RunnerConfig.apply(
                new String[] {
                  "--runnerConfig=" + file, "--targetParallelism=2", "--targetParallelism=3"
                },
                new LinkedHashMap<>(Map.of("runner", "FlinkRunner"))));
    assertEquals(
        List.of(
            "--enforceImmutability=false",
            // The file turns a check back on.
            "--enforceEncodability=true",
            // The file beats the command's own default.
            "--runner=DirectRunner",
            "--runnerConfig=" + file,
            // Given twice on the command line: the last wins, once.
            "--targetParallelism=3"),
        merged);
  }

  @Test
  void aBareFlagStaysBare() {
    assertEquals(
        List.of("--enforceEncodability=false", "--enforceImmutability"),
        List.of(RunnerConfig.apply(new String[] {"--enforceImmutability"})));
  }

  @Test
  void aBadRunnerConfigSaysWhatToWrite() throws IOException {
    ConfigException bare =
        assertThrows(
            ConfigException.class, () -> RunnerConfig.apply(new String[] {"--runnerConfig"}));
    assertEquals(
        "--runnerConfig needs a file: --runnerConfig=runner-configs/direct.properties",
        bare.getMessage());

    Path missing = dir.resolve("nowhere.properties");
    ConfigException absent =
        assertThrows(
            ConfigException.class,
            () -> RunnerConfig.apply(new String[] {"--runnerConfig=" + missing}));
    assertTrue(
        absent.getMessage().startsWith("--runnerConfig=" + missing + " does not exist: use one of"),
        absent.getMessage());
    assertTrue(absent.getMessage().contains("runner-configs/flink-local.properties"));

    Path dashed = write("--runner=DirectRunner");
    ConfigException withDashes =
        assertThrows(
            ConfigException.class,
            () -> RunnerConfig.apply(new String[] {"--runnerConfig=" + dashed}));
    assertEquals(
        "--runnerConfig=" + dashed + ": write option names without '--' (--runner)",
        withDashes.getMessage());
  }

  @Test
  void fileValuesAreTrimmedAndReadInNameOrder() throws IOException {
    assertEquals(
        Map.of("runner", "DirectRunner", "targetParallelism", "4"),
        RunnerConfig.load(write("targetParallelism = 4  ", "runner=DirectRunner")));
    assertEquals(
        List.of("runner", "targetParallelism"),
        List.copyOf(RunnerConfig.load(write("targetParallelism=4", "runner=X")).keySet()));
  }

  private Path write(String... lines) throws IOException {
    Path file = Files.createTempFile(dir, "runner", ".properties");
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }
}
