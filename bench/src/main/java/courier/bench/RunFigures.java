package courier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/** The figures of one run, and their medians over a mode's runs. */
final class RunFigures {
  private static final java.util.Set<String> COUNTS =
      java.util.Set.of(
          "requests",
          "throttled_429",
          "max_in_flight",
          "burst_requests",
          "points_spent",
          "throttled_answers");

  final boolean ok;
  final Map<String, Object> values;

  private RunFigures(boolean ok, Map<String, Object> values) {
    this.ok = ok;
    this.values = values;
  }

  /**
   * @param rate requests (REST) or cost points spent (GraphQL) over time
   * @param graphql a GraphQL run's counts; null for REST
   * @param landed the run manifest (courier) or the baseline's summary; null if the run wrote none
   */
  static RunFigures of(
      ChildRun.Result child,
      RateFigures rate,
      GraphqlCounts graphql,
      int maxInFlight,
      JsonNode landed,
      boolean baseline,
      boolean rateLimited,
      Path log) {
    Map<String, Object> v = new LinkedHashMap<>();
    boolean ok = child.exitCode() == 0 && !child.timedOut() && landed != null;
    v.put("ok", ok);
    v.put("exit_code", child.exitCode());
    if (child.timedOut()) {
      v.put("timed_out", true);
    }
    v.put("wall_s", Stats.round(child.wallSeconds(), 2));
    v.put("cpu_s", Stats.round(child.cpuSeconds(), 2));
    v.put("peak_rss_mb", Stats.round(child.peakRssMb(), 1));
    Map<String, Long> rows = landed == null ? Map.of() : rowsByTable(landed, baseline);
    v.put("entities", landed == null ? null : entities(landed, baseline));
    v.put("rows", landed == null ? null : rows.values().stream().mapToLong(Long::longValue).sum());
    if (!baseline && landed != null) {
      v.put(
          "job_s",
          landed.path("duration_seconds").isNumber()
              ? landed.path("duration_seconds").asDouble()
              : null);
    }
    if (graphql == null) {
      v.put("requests", rate.requests());
      v.put("throttled_429", rate.throttled());
    } else {
      v.put("requests", graphql.requests());
      v.put("points_spent", graphql.pointsSpent());
      v.put("throttled_answers", graphql.throttled());
      v.put("throttled_share", Stats.round(graphql.throttledShare(), 4));
    }
    v.put("max_in_flight", maxInFlight);
    v.put("fetch_span_s", Stats.round(rate.fetchSpanSeconds(), 2));
    if (rateLimited) {
      // GraphQL: in points (burst_points, points per second), what the plan's bucket counts.
      String unit = graphql == null ? "requests" : "points";
      v.put("burst_" + unit, rate.burstRequests());
      v.put("rate_after_burst", Stats.round(rate.rateAfterBurst(), 3));
      v.put("utilisation", Stats.round(rate.utilisation(), 3));
      v.put("theoretical_min_wall_s", Stats.round(rate.theoreticalMinSeconds(), 1));
      v.put(
          "fetch_span_over_min",
          Stats.round(Stats.ratio(rate.fetchSpanSeconds(), rate.theoreticalMinSeconds()), 3));
      v.put("accepted_" + unit + "_per_second", rate.acceptedPerSecond());
    }
    v.put("rows_by_table", rows);
    if (!ok) {
      v.put("failure", failure(child, log));
      v.put("log_tail", tail(log, 15));
    }
    return new RunFigures(ok, v);
  }

  /**
   * Why a run failed, in a few words for the JSON and the table: timed out, the child's
   * OutOfMemoryError (its message says which memory: "Java heap space", "GC overhead limit
   * exceeded"), or its exit code.
   */
  static String failure(ChildRun.Result child, Path log) {
    if (child.timedOut()) {
      return "timed out";
    }
    String oom = outOfMemoryError(log);
    if (oom != null) {
      return oom;
    }
    return child.exitCode() == 0 ? "no run manifest" : "exit code " + child.exitCode();
  }

  private static final String OOM = "java.lang.OutOfMemoryError";

  /** The first OutOfMemoryError in the log, as "java.lang.OutOfMemoryError: <which memory>". */
  private static String outOfMemoryError(Path log) {
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines
          .filter(line -> line.contains(OOM))
          .findFirst()
          .map(line -> line.substring(line.indexOf(OOM)).strip())
          .orElse(null);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static long entities(JsonNode landed, boolean baseline) {
    long sum = 0;
    JsonNode section = baseline ? landed.path("entities") : landed.path("fetch");
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      JsonNode n = it.next().getValue();
      sum += baseline ? n.asLong() : n.path("records").asLong();
    }
    return sum;
  }

  private static Map<String, Long> rowsByTable(JsonNode landed, boolean baseline) {
    Map<String, Long> rows = new LinkedHashMap<>();
    JsonNode section = baseline ? landed.path("rows") : landed.path("tables");
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      rows.put(e.getKey(), baseline ? e.getValue().asLong() : e.getValue().path("rows").asLong());
    }
    return rows;
  }

  private static List<String> tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return all.subList(Math.max(0, all.size() - lines), all.size());
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  Double number(String key) {
    Object o = values.get(key);
    return o instanceof Number n ? n.doubleValue() : null;
  }

  String oneLine() {
    if (!ok) {
      return String.format(
          Locale.ROOT,
          "FAILED (exit %s: %s) after %.0f s; see %s",
          values.get("exit_code"),
          values.get("failure"),
          number("wall_s"),
          "output.log");
    }
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%.1f s wall, %.1f s CPU, %.0f MB peak RSS, %,d rows, %,d requests",
                number("wall_s"),
                orNaN(number("cpu_s")),
                orNaN(number("peak_rss_mb")),
                number("rows").longValue(),
                number("requests").longValue()));
    if (values.containsKey("utilisation")) {
      boolean graphql = values.containsKey("points_spent");
      sb.append(
          String.format(
              Locale.ROOT,
              graphql ? ", %d x THROTTLED, utilisation %s" : ", %d x 429, utilisation %s",
              number(graphql ? "throttled_answers" : "throttled_429").longValue(),
              number("utilisation") == null
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.2f", number("utilisation"))));
    }
    return sb.toString();
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  /** Medians over the successful runs, the per-run figures alongside. */
  static Map<String, Object> aggregate(List<RunFigures> runs) {
    List<RunFigures> ok = runs.stream().filter(r -> r.ok).toList();
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("runs", runs.size());
    a.put("ok_runs", ok.size());
    if (!ok.isEmpty()) {
      Double wall = median(ok, "wall_s");
      a.put("wall_s", Stats.round(wall, 2));
      Double entities = ok.get(0).number("entities");
      Double rows = ok.get(0).number("rows");
      a.put("entities", entities == null ? null : entities.longValue());
      a.put("entities_per_s", Stats.round(Stats.ratio(entities, wall), 1));
      a.put("rows", rows == null ? null : rows.longValue());
      a.put("rows_per_s", Stats.round(Stats.ratio(rows, wall), 1));
      for (String key :
          List.of(
              "cpu_s",
              "cluster_cpu_s",
              "database_cpu_s",
              "peak_rss_mb",
              "job_s",
              "requests",
              "throttled_429",
              "points_spent",
              "throttled_answers",
              "throttled_share",
              "max_in_flight",
              "fetch_span_s",
              "burst_requests",
              "burst_points",
              "rate_after_burst",
              "utilisation",
              "theoretical_min_wall_s",
              "fetch_span_over_min")) {
        if (ok.get(0).values.containsKey(key)) {
          Double m = median(ok, key);
          boolean count = COUNTS.contains(key) && m != null && m == Math.rint(m);
          a.put(key, count ? (Object) m.longValue() : Stats.round(m, 3));
        }
      }
      a.put("rows_by_table", ok.get(0).values.get("rows_by_table"));
    }
    List<Map<String, Object>> perRun = new ArrayList<>();
    for (RunFigures r : runs) {
      Map<String, Object> v = new LinkedHashMap<>(r.values);
      v.remove("rows_by_table");
      perRun.add(v);
    }
    a.put("per_run", perRun);
    return a;
  }

  private static Double median(List<RunFigures> runs, String key) {
    Function<RunFigures, Double> get = r -> r.number(key);
    return Stats.median(runs.stream().map(get).filter(d -> d != null).toList());
  }
}
