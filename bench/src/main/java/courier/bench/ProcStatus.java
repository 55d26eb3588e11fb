package courier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads figures of a Linux process from {@code /proc/<pid>/status} and {@code /proc/<pid>/stat}.
 */
public final class ProcStatus {
  /** Linux's USER_HZ: {@code /proc/<pid>/stat} counts CPU time in these ticks. */
  public static final double TICKS_PER_SECOND = 100.0;

  private ProcStatus() {}

  /**
   * CPU time of a process in clock ticks: utime + stime (fields 14 and 15 of {@code
   * /proc/<pid>/stat}), plus cutime + cstime (16 and 17: its exited and reaped children's) if
   * asked; empty if the process is gone.
   */
  public static Optional<Long> cpuTicks(long pid, boolean withReapedChildren) throws IOException {
    String line;
    try {
      line = Files.readString(Path.of("/proc/" + pid + "/stat"));
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
    // The fields after the command name, which is in parentheses and may hold spaces.
    String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return Optional.of(
        withReapedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks);
  }

  /** VmHWM (peak resident set) in kB, or -1 when the file or the line is missing. */
  static long peakRssKb(Path status) {
    try {
      return field(Files.readString(status, StandardCharsets.UTF_8), "VmHWM");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The kB value of a {@code Name: 1234 kB} line, or -1. */
  static long field(String statusText, String name) {
    for (String line : statusText.split("\n")) {
      if (line.startsWith(name + ":")) {
        String value = line.substring(name.length() + 1).trim();
        int space = value.indexOf(' ');
        return Long.parseLong(space < 0 ? value : value.substring(0, space));
      }
    }
    return -1;
  }

  /** MemTotal of /proc/meminfo in kB, or -1. */
  static long memTotalKb() {
    try {
      return field(Files.readString(Path.of("/proc/meminfo"), StandardCharsets.UTF_8), "MemTotal");
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
