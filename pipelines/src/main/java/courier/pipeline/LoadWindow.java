package courier.pipeline;

import java.time.Instant;

/**
 * The half-open UTC window [from, to) of updated_at values a run reads, and how it was chosen.
 * Bounds are whole seconds: Shopify's timestamps and filters have second precision.
 *
 * @param description what manifests and courier_runs record: the mode's label, plus the schedule
 *     for a scheduled run
 */
public record LoadWindow(Instant from, Instant to, LoadMode mode, String description) {
  public LoadWindow {
    if (!from.isBefore(to)) {
      throw new ConfigException("the window is empty: from " + from + " is not before to " + to);
    }
  }

  LoadWindow(Instant from, Instant to, LoadMode mode) {
    this(from, to, mode, mode.label());
  }

  @Override
  public String toString() {
    return "[" + from + ", " + to + ") (" + description + ")";
  }
}
