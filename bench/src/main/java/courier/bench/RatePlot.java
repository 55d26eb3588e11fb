package courier.bench;

import java.util.List;
import java.util.Locale;

/**
 * Requests per second over a run against the plan's limit: the accepted requests (429s left out:
 * what the plan let through) of each whole second from the first request to the last, their
 * 10-second moving mean, and the limit as a dashed line. The initial burst (the bucket's credit) is
 * the early spike above the line; from there the mean should sit on the line, neither under it
 * (quota left idle) nor over it (which the leaky bucket forbids). Single seconds alternate around
 * the limit because the counters are sampled, not timestamped per request.
 */
final class RatePlot {
  static final int MEAN_SECONDS = 10;
  private static final int WIDTH = 720;
  private static final int HEIGHT = 340;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 60;
  private static final int BOTTOM = 50;
  private static final String EACH = "stroke=\"#9ecae1\" stroke-width=\"1.2\"";
  private static final String MEAN = "stroke=\"#08519c\" stroke-width=\"2\"";
  private static final String LIMIT =
      "stroke=\"#d62728\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"";

  private RatePlot() {}

  static String svg(String scenario, List<Long> perSecond, double limitPerSecond) {
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    long peak = perSecond.stream().mapToLong(Long::longValue).max().orElse(0);
    double yMax = Svg.niceCeiling(Math.max(peak, limitPerSecond * 1.25));
    int seconds = Math.max(1, perSecond.size());
    double xScale = plotW / seconds;
    Svg svg = new Svg(WIDTH, HEIGHT);
    String title =
        String.format(
            Locale.ROOT, "%s: accepted requests per second against the plan's limit", scenario);
    svg.text(WIDTH / 2.0, 20, "middle", title);
    Axes.draw(svg, LEFT, TOP, plotW, plotH, yMax, "requests/s");
    svg.text(LEFT + plotW / 2, HEIGHT - 12, "middle", "seconds since the first request");
    for (int t = 0; t <= seconds; t += Axes.step(seconds)) {
      svg.text(LEFT + t * xScale, TOP + plotH + 16, "middle", Integer.toString(t));
    }

    // Each second's count as a step, so a second is a flat segment of its width.
    double[] xs = new double[perSecond.size() * 2];
    double[] ys = new double[perSecond.size() * 2];
    for (int i = 0; i < perSecond.size(); i++) {
      double y = TOP + plotH - perSecond.get(i) / yMax * plotH;
      xs[2 * i] = LEFT + i * xScale;
      xs[2 * i + 1] = LEFT + (i + 1) * xScale;
      ys[2 * i] = y;
      ys[2 * i + 1] = y;
    }
    svg.group("series-accepted", "").polyline(xs, ys, EACH).end();

    double[] mean = movingMean(perSecond, MEAN_SECONDS);
    double[] mx = new double[mean.length];
    double[] my = new double[mean.length];
    for (int i = 0; i < mean.length; i++) {
      mx[i] = LEFT + (i + 0.5) * xScale;
      my[i] = TOP + plotH - mean[i] / yMax * plotH;
    }
    svg.group("series-mean", "").polyline(mx, my, MEAN).end();

    double limitY = TOP + plotH - limitPerSecond / yMax * plotH;
    svg.group("series-limit", "").line(LEFT, limitY, LEFT + plotW, limitY, LIMIT).end();

    double legendY = TOP - 14;
    svg.group("legend", "")
        .legend(LEFT, legendY, EACH, "each second")
        .legend(LEFT + 150, legendY, MEAN, MEAN_SECONDS + "-second mean")
        .legend(
            LEFT + 320, legendY, LIMIT, "plan limit " + Svg.number(limitPerSecond) + " requests/s")
        .end();
    return svg.document(title);
  }

  /** The mean of each second and the {@code window - 1} before it (fewer at the start). */
  static double[] movingMean(List<Long> values, int window) {
    double[] mean = new double[values.size()];
    double sum = 0;
    for (int i = 0; i < values.size(); i++) {
      sum += values.get(i);
      if (i >= window) {
        sum -= values.get(i - window);
      }
      mean[i] = sum / Math.min(i + 1, window);
    }
    return mean;
  }
}
