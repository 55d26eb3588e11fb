package courier.flinkcluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A cluster's work directory: {@code conf/} (generated configuration), {@code log/} (one .log and
 * one .out file per JVM), {@code tmp/} and the state file that {@link ClusterState} reads.
 */
final class WorkDir {

  static final String STATE_FILE = "cluster.properties";
  private static final int LOG_TAIL_LINES = 40;

  private final Path path;

  WorkDir(Path path) {
    this.path = path.toAbsolutePath().normalize();
  }

  Path path() {
    return path;
  }

  Path conf() {
    return path.resolve("conf");
  }

  Path log() {
    return path.resolve("log");
  }

  Path tmp() {
    return path.resolve("tmp");
  }

  Path stateFile() {
    return path.resolve(STATE_FILE);
  }

  /** Empty {@code conf/}, {@code log/} and {@code tmp/}, and no state file. */
  void prepareForStart() throws IOException {
    for (Path p : List.of(conf(), log(), tmp())) {
      deleteRecursively(p);
      Files.createDirectories(p);
    }
    Files.deleteIfExists(stateFile());
  }

  /** Removes what only a running cluster needs; keeps the logs for a post-mortem. */
  void clearKeepingLogs() throws IOException {
    deleteRecursively(conf());
    deleteRecursively(tmp());
    Files.deleteIfExists(stateFile());
  }

  /** The last lines of each log file named, as a block for an error message. */
  String logTails(String... names) {
    StringBuilder tails = new StringBuilder();
    for (String name : names) {
      tails.append(tail(log().resolve(name)));
    }
    return tails.toString();
  }

  private static String tail(Path file) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try {
      // Logs may hold any bytes; ISO-8859-1 decodes every one of them.
      List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      if (lines.isEmpty()) {
        return "";
      }
      List<String> last = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "\n--- last " + last.size() + " lines of " + file + " ---\n" + String.join("\n", last);
    } catch (IOException e) {
      return "\n--- " + file + " unreadable: " + e + " ---";
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
