package courier.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads figures of a Linux process from {@code /proc/<pid>/status}. */
final class ProcStatus {
  private ProcStatus() {}

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
