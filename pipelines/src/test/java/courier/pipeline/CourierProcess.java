package courier.pipeline;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code courier <args>} in a JVM of its own, as a scheduler starts it, with this test's class
 * path; stdout and stderr go together into a log file. What {@code kill -9} stops.
 */
final class CourierProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private CourierProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java <jvmOptions> courier.pipeline.Courier <args>} in {@code dir}, its output in
   * a new log file there.
   */
  static CourierProcess start(Path dir, List<String> jvmOptions, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Courier.class.getName());
    command.addAll(args);
    Path log = Files.createTempFile(dir, "courier", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(new File(dir.toString()))
            .start();
    return new CourierProcess(process, log);
  }

  /** Waits for a line of output holding {@code text}; fails if the process ends first. */
  void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains(text)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "courier ended (exit " + process.exitValue() + ") before '" + text + "':\n" + output());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("courier did not print '" + text + "' in time:\n" + output());
      }
      Thread.sleep(100);
    }
  }

  /** SIGKILL (destroyForcibly on Linux), and waits for the process to be gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Waits for the exit code; kills the process and fails if it takes longer than the timeout. */
  int exitCode(Duration timeout) throws IOException, InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      kill();
      throw new AssertionError("courier did not finish:\n" + output());
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
