package courier.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SVG charts of a results file, written next to it ({@code latest.json} gives {@code
 * latest-rate-<scenario>.svg} for each rate-limited scenario and {@code
 * latest-modes-<scenario>.svg} for each scenario with a baseline). Drawn from the JSON alone, so an
 * older results file can be plotted again: {@code java -cp ... courier.bench.Plots
 * bench/results/latest.json}.
 */
final class Plots {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> MODE_LABELS =
      Map.of("baseline", "plain loop", "direct", "DirectRunner", "flink", "Flink embedded");

  private Plots() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: courier.bench.Plots <results.json>");
      System.exit(2);
    }
    writeNextTo(Path.of(args[0])).forEach(p -> System.out.println("wrote " + p));
  }

  /** Writes every chart the results file has figures for; returns the files written. */
  static List<Path> writeNextTo(Path results) throws IOException {
    JsonNode doc = JSON.readTree(results.toFile());
    String stem = results.getFileName().toString().replaceFirst("\\.json$", "");
    List<Path> written = new ArrayList<>();
    for (JsonNode scenario : doc.path("scenarios")) {
      String name = scenario.path("name").asText();
      String rate = ratePlot(scenario);
      if (rate != null) {
        written.add(write(results.resolveSibling(stem + "-rate-" + name + ".svg"), rate));
      }
      String modes = modesPlot(scenario);
      if (modes != null) {
        written.add(write(results.resolveSibling(stem + "-modes-" + name + ".svg"), modes));
      }
    }
    return written;
  }

  /** The first successful run that recorded its per-second counts, against the plan's leak. */
  static String ratePlot(JsonNode scenario) {
    JsonNode shop = scenario.path("inputs").path("shop");
    if (shop.path("plan").asText().equals("unlimited") || !shop.has("leak_per_second")) {
      return null;
    }
    for (JsonNode mode : scenario.path("modes")) {
      for (JsonNode run : mode.path("per_run")) {
        JsonNode counts = run.path("accepted_requests_per_second");
        if (run.path("ok").asBoolean(false) && counts.isArray() && counts.size() > 0) {
          List<Long> perSecond = new ArrayList<>();
          counts.forEach(c -> perSecond.add(c.asLong()));
          return RatePlot.svg(
              scenario.path("name").asText(), perSecond, shop.path("leak_per_second").asDouble());
        }
      }
    }
    return null;
  }

  /** Every mode with figures, baseline first as the JSON has it; none without a baseline. */
  static String modesPlot(JsonNode scenario) {
    JsonNode modes = scenario.path("modes");
    if (!modes.has("baseline")) {
      return null;
    }
    List<ModesPlot.Mode> figures = new ArrayList<>();
    modes
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode m = e.getValue();
              if (m.path("rows_per_s").isNumber() && m.path("cpu_s").isNumber()) {
                figures.add(
                    new ModesPlot.Mode(
                        e.getKey(),
                        MODE_LABELS.getOrDefault(e.getKey(), e.getKey()),
                        m.path("rows_per_s").asDouble(),
                        m.path("cpu_s").asDouble()));
              }
            });
    return figures.size() < 2 ? null : ModesPlot.svg(scenario.path("name").asText(), figures);
  }

  private static Path write(Path file, String svg) throws IOException {
    Files.writeString(file, svg, StandardCharsets.UTF_8);
    return file;
  }
}
