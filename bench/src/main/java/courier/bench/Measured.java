package courier.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The child JVM's entry: {@code Measured <figures-file> <main-class> <args...>} runs {@code
 * main-class.main(args)} unchanged (for the courier: {@code courier.pipeline.Courier run ...}, the
 * job's real entry) and, from a shutdown hook, so also when that main calls {@code System.exit},
 * writes what this JVM used to {@code figures-file} as {@code key=value} lines:
 *
 * <ul>
 *   <li>{@code cpu_ns}: CPU time of every thread of this process since it started (user + system,
 *       JVM start-up, JIT and GC included);
 *   <li>{@code peak_rss_kb}: {@code VmHWM} of {@code /proc/self/status}, the resident set's
 *       high-water mark, which the kernel keeps, so reading it late loses nothing;
 *   <li>{@code uptime_ms}: how long this JVM has run.
 * </ul>
 *
 * Measuring inside the child keeps the figures the courier's alone: the simulator serving it runs
 * in the harness JVM.
 */
public final class Measured {
  private Measured() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: Measured <figures-file> <main-class> [args...]");
      System.exit(2);
    }
    Path figures = Path.of(args[0]);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> write(figures), "bench-figures"));
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void write(Path figures) {
    StringBuilder out = new StringBuilder();
    out.append("cpu_ns=").append(processCpuNanos()).append('\n');
    out.append("peak_rss_kb=")
        .append(ProcStatus.peakRssKb(Path.of("/proc/self/status")))
        .append('\n');
    out.append("uptime_ms=").append(ManagementFactory.getRuntimeMXBean().getUptime()).append('\n');
    try {
      Path tmp = figures.resolveSibling(figures.getFileName() + ".tmp");
      Files.writeString(tmp, out, StandardCharsets.UTF_8);
      Files.move(tmp, figures, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      System.err.println("bench: cannot write " + figures + ": " + e);
    }
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
  }
}
