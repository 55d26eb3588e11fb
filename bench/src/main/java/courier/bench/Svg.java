package courier.bench;

import java.util.Locale;

/**
 * Just enough SVG for the bench's charts, written as text: no plotting library in the build for two
 * kinds of chart. Coordinates are in pixels, y downwards; numbers are written with {@link
 * Locale#ROOT} so a Turkish or German default never turns a decimal point into a comma.
 */
final class Svg {
  static final String FONT = "font-family=\"sans-serif\" font-size=\"12\"";

  private final StringBuilder body = new StringBuilder();
  private final int width;
  private final int height;

  Svg(int width, int height) {
    this.width = width;
    this.height = height;
  }

  /** Opens a group; a series' group has the id {@code series-<name>} that tests look for. */
  Svg group(String id, String attributes) {
    body.append("<g id=\"").append(escape(id)).append('"');
    if (!attributes.isEmpty()) {
      body.append(' ').append(attributes);
    }
    body.append(">\n");
    return this;
  }

  Svg end() {
    body.append("</g>\n");
    return this;
  }

  Svg line(double x1, double y1, double x2, double y2, String style) {
    body.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" %s/>%n",
            x1,
            y1,
            x2,
            y2,
            style));
    return this;
  }

  Svg rect(double x, double y, double w, double h, String style, String title) {
    body.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s>",
            x,
            y,
            w,
            h,
            style));
    body.append("<title>").append(escape(title)).append("</title></rect>\n");
    return this;
  }

  /** A polyline through {@code xs[i], ys[i]}. */
  Svg polyline(double[] xs, double[] ys, String style) {
    body.append("<polyline points=\"");
    for (int i = 0; i < xs.length; i++) {
      body.append(String.format(Locale.ROOT, "%s%.1f,%.1f", i == 0 ? "" : " ", xs[i], ys[i]));
    }
    body.append("\" fill=\"none\" ").append(style).append("/>\n");
    return this;
  }

  /** Text; {@code anchor} is start, middle or end. */
  Svg text(double x, double y, String anchor, String text) {
    body.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n",
            x,
            y,
            anchor,
            FONT,
            escape(text)));
    return this;
  }

  /** Text read bottom to top, centred on (x, y): a y axis's unit. */
  Svg verticalText(double x, double y, String text) {
    body.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\" %s>%s</text>%n",
            x,
            y,
            x,
            y,
            FONT,
            escape(text)));
    return this;
  }

  /** A legend entry: a short line in the series' style, then its name. */
  Svg legend(double x, double y, String style, String text) {
    line(x, y - 4, x + 24, y - 4, style);
    return text(x + 30, y, "start", text);
  }

  /** The document: a white background, a title, then what was drawn. */
  String document(String title) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n",
            width,
            height,
            width,
            height)
        + "<title>"
        + escape(title)
        + "</title>\n"
        + String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height)
        + body
        + "</svg>\n";
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** A "nice" axis maximum: 1, 2, 2.5 or 5 times a power of ten, at least {@code max}. */
  static double niceCeiling(double max) {
    if (max <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= max) {
        return step * power;
      }
    }
    return 10 * power;
  }

  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%,.1f", value);
  }
}
