package courier.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The table printed at the end and the JSON results file. */
final class Report {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  /**
   * Per runner mode, its median wall, CPU and peak RSS over the baseline's (a mode named "baseline"
   * in the same scenario), and whether it landed the same rows in every table.
   */
  static Map<String, Object> ratios(Map<String, Map<String, Object>> modes) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> baseline = modes.get("baseline");
    if (baseline == null || !baseline.containsKey("wall_s")) {
      return out;
    }
    for (Map.Entry<String, Map<String, Object>> e : modes.entrySet()) {
      if (e.getKey().equals("baseline") || !e.getValue().containsKey("wall_s")) {
        continue;
      }
      Map<String, Object> mode = e.getValue();
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("wall", ratio(num(mode.get("wall_s")), num(baseline.get("wall_s"))));
      r.put("cpu", ratio(cpu(mode), cpu(baseline)));
      r.put("rss", ratio(num(mode.get("peak_rss_mb")), num(baseline.get("peak_rss_mb"))));
      r.put(
          "same_rows_as_baseline",
          Objects.equals(mode.get("rows_by_table"), baseline.get("rows_by_table")));
      out.put(e.getKey(), r);
    }
    return out;
  }

  private static Double ratio(Double mode, Double baseline) {
    return Stats.round(Stats.ratio(mode, baseline), 2);
  }

  /**
   * The run's CPU seconds: the measured JVM's, and a PostgreSQL server's of its own if it wrote one
   * (H2 runs inside the JVM, so without this PostgreSQL runs would look cheaper than they are).
   */
  private static Double cpu(Map<String, Object> mode) {
    Double jvm = num(mode.get("cpu_s"));
    Double database = num(mode.get("database_cpu_s"));
    return jvm == null || database == null ? jvm : jvm + database;
  }

  private static Double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }

  static void writeJson(Map<String, Object> doc, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), doc);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  private static final String FORMAT =
      "%-14s %-9s %4s %8s %9s %8s %9s %9s %8s %8s %8s %6s %6s %9s%n";

  @SuppressWarnings("unchecked")
  static void printTable(List<Map<String, Object>> scenarios, PrintStream out) {
    out.printf(
        Locale.ROOT,
        FORMAT,
        "scenario",
        "mode",
        "runs",
        "wall_s",
        "entities",
        "ent/s",
        "rows",
        "rows/s",
        "cpu_s",
        "rss_mb",
        "requests",
        "429s",
        "util",
        "min_wall_s");
    for (Map<String, Object> s : scenarios) {
      Map<String, Map<String, Object>> modes = (Map<String, Map<String, Object>>) s.get("modes");
      for (Map.Entry<String, Map<String, Object>> e : modes.entrySet()) {
        Map<String, Object> m = e.getValue();
        out.printf(
            Locale.ROOT,
            FORMAT,
            s.get("name"),
            e.getKey(),
            m.get("ok_runs") + "/" + m.get("runs"),
            fmt(m.get("wall_s"), "%.1f"),
            fmt(m.get("entities"), "%,.0f"),
            fmt(m.get("entities_per_s"), "%,.0f"),
            fmt(m.get("rows"), "%,.0f"),
            fmt(m.get("rows_per_s"), "%,.0f"),
            fmt(m.get("cpu_s"), "%.1f"),
            fmt(m.get("peak_rss_mb"), "%,.0f"),
            fmt(m.get("requests"), "%,.0f"),
            fmt(m.get("throttled_429"), "%,.0f"),
            fmt(m.get("utilisation"), "%.2f"),
            fmt(m.get("theoretical_min_wall_s"), "%.1f"));
      }
      Object ratios = s.get("ratios_to_baseline");
      if (ratios instanceof Map<?, ?> r) {
        for (Map.Entry<?, ?> e : r.entrySet()) {
          Map<String, Object> x = (Map<String, Object>) e.getValue();
          out.printf(
              Locale.ROOT,
              "%-14s %-9s wall %sx, CPU %sx, peak RSS %sx the baseline%s%n",
              "",
              e.getKey(),
              fmt(x.get("wall"), "%.2f"),
              fmt(x.get("cpu"), "%.2f"),
              fmt(x.get("rss"), "%.2f"),
              Boolean.TRUE.equals(x.get("same_rows_as_baseline"))
                  ? "; same rows"
                  : "; ROWS DIFFER");
        }
      }
    }
  }

  static String fmt(Object value, String format) {
    return value instanceof Number n ? String.format(Locale.ROOT, format, n.doubleValue()) : "-";
  }
}
