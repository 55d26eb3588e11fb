package courier.bench;

import courier.flinkcluster.LocalFlinkCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One measured child JVM: {@code java <jvmArgs> -cp courier.jar:<bench classes>
 * courier.bench.Measured <figures> <main> <args>}, output to {@code log}, killed after {@code
 * timeout}. Wall time is taken here, from start to exit; CPU and peak RSS come from the child
 * itself ({@link Measured}), with the peak RSS also sampled from /proc while it runs in case the
 * child dies before its shutdown hook.
 */
final class ChildRun {
  /** What the child used. */
  record Result(
      int exitCode, boolean timedOut, double wallSeconds, Double cpuSeconds, Double peakRssMb) {}

  /** How long a timed-out child has to exit on SIGTERM before it is killed. */
  private static final long TERM_GRACE_SECONDS = 60;

  private ChildRun() {}

  static Result run(
      Path workingDir,
      String classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Path dir,
      Duration timeout)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path figures = dir.resolve("figures.properties");
    Files.deleteIfExists(figures);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(LocalFlinkCluster.JAVA17_OPTS);
    command.add("-Xlog:gc:file=" + dir.resolve("gc.log"));
    command.add("-cp");
    command.add(classpath);
    command.add(Measured.class.getName());
    command.add(figures.toString());
    command.add(mainClass);
    command.addAll(args);
    Files.writeString(
        dir.resolve("command.txt"), String.join(" \\\n  ", command) + "\n", StandardCharsets.UTF_8);

    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("output.log").toFile())
            .start();
    long sampledPeakKb = -1;
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    long deadline = start + timeout.toNanos();
    boolean timedOut = false;
    while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
      sampledPeakKb = Math.max(sampledPeakKb, ProcStatus.peakRssKb(status));
      if (System.nanoTime() > deadline) {
        timedOut = true;
        // SIGTERM first: the child's shutdown hooks still write its CPU figures and dump its JFR
        // recording (--profile), so a run that outlasts its limit says where its time went.
        process.destroy();
        if (!process.waitFor(TERM_GRACE_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor();
        }
        break;
      }
    }
    double wall = (System.nanoTime() - start) / 1e9;
    Map<String, String> f = readFigures(figures);
    Double cpu = f.containsKey("cpu_ns") ? Long.parseLong(f.get("cpu_ns")) / 1e9 : null;
    long peakKb =
        f.containsKey("peak_rss_kb") ? Long.parseLong(f.get("peak_rss_kb")) : sampledPeakKb;
    return new Result(
        process.exitValue(), timedOut, wall, cpu, peakKb < 0 ? null : peakKb / 1024.0);
  }

  private static Map<String, String> readFigures(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return out;
  }
}
