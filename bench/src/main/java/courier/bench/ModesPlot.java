package courier.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Rows per second and CPU seconds of each mode of a scenario, side by side, against the plain Java
 * loop (the baseline): what Beam and the runners cost on top of the same fetch, parse and write.
 * Each bar is labelled with its value and, for the runners, its ratio to the loop.
 */
final class ModesPlot {
  /** One mode's figures; {@code cpuSeconds} and {@code rowsPerSecond} are medians over its runs. */
  record Mode(String name, String label, double rowsPerSecond, double cpuSeconds) {}

  private static final int PANEL_W = 340;
  private static final int HEIGHT = 320;
  private static final int LEFT = 90;
  private static final int TOP = 50;
  private static final int BOTTOM = 50;
  private static final String[] COLOURS = {"#7f7f7f", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"};

  private ModesPlot() {}

  static String svg(String scenario, List<Mode> modes) {
    Svg svg = new Svg(2 * (LEFT + PANEL_W), HEIGHT);
    String title = scenario + ": rows/s and CPU s per mode, against the plain loop";
    svg.text(LEFT + PANEL_W, 22, "middle", title);
    Mode baseline =
        modes.stream().filter(m -> m.name().equals("baseline")).findFirst().orElse(null);
    panel(
        svg, LEFT, "rows-per-s", "rows/s (higher is better)", modes, Mode::rowsPerSecond, baseline);
    panel(
        svg,
        2 * LEFT + PANEL_W,
        "cpu-s",
        "CPU s, all threads (lower is better)",
        modes,
        Mode::cpuSeconds,
        baseline);
    return svg.document(title);
  }

  private static void panel(
      Svg svg,
      double left,
      String id,
      String unit,
      List<Mode> modes,
      ToDoubleFunction<Mode> figure,
      Mode baseline) {
    double plotW = PANEL_W - 20;
    double plotH = HEIGHT - TOP - BOTTOM;
    double yMax = Svg.niceCeiling(modes.stream().mapToDouble(figure).max().orElse(0) * 1.15);
    Axes.draw(svg, left, TOP, plotW, plotH, yMax, unit);
    double slot = plotW / Math.max(1, modes.size());
    svg.group("series-" + id, "");
    for (int i = 0; i < modes.size(); i++) {
      Mode m = modes.get(i);
      double value = figure.applyAsDouble(m);
      double h = value / yMax * plotH;
      double x = left + i * slot + slot * 0.2;
      String label = Svg.number(value >= 100 ? Math.round(value) : Math.round(value * 10) / 10.0);
      if (baseline != null && m != baseline && figure.applyAsDouble(baseline) > 0) {
        double ratio = value / figure.applyAsDouble(baseline);
        label += String.format(Locale.ROOT, ratio < 1 ? " (%.2f×)" : " (%.1f×)", ratio);
      }
      svg.rect(
          x,
          TOP + plotH - h,
          slot * 0.6,
          h,
          "fill=\"" + COLOURS[i % COLOURS.length] + "\" data-mode=\"" + Svg.escape(m.name()) + "\"",
          m.label() + ": " + label);
      svg.text(x + slot * 0.3, TOP + plotH - h - 6, "middle", label);
      svg.text(x + slot * 0.3, TOP + plotH + 16, "middle", m.label());
    }
    svg.end();
  }
}
