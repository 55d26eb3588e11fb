package courier.bench;

/** The frame and the y axis's gridlines and labels that both charts share. */
final class Axes {
  private static final int Y_TICKS = 5;

  private Axes() {}

  static void draw(Svg svg, double left, double top, double w, double h, double yMax, String unit) {
    svg.group("axes", "");
    for (int i = 0; i <= Y_TICKS; i++) {
      double value = yMax * i / Y_TICKS;
      double y = top + h - h * i / Y_TICKS;
      svg.line(left, y, left + w, y, "stroke=\"#dddddd\" stroke-width=\"1\"");
      svg.text(left - 6, y + 4, "end", Svg.number(value));
    }
    svg.line(left, top, left, top + h, "stroke=\"black\" stroke-width=\"1\"");
    svg.line(left, top + h, left + w, top + h, "stroke=\"black\" stroke-width=\"1\"");
    svg.verticalText(left - 60, top + h / 2, unit);
    svg.end();
  }

  /** A label step giving about ten labels over {@code span}: 1, 2 or 5 times a power of ten. */
  static int step(int span) {
    return (int) Math.max(1, Svg.niceCeiling(span / 10.0));
  }
}
