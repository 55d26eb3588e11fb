package courier.pipeline;

import java.time.Instant;

/**
 * The half-open UTC window [from, to) of updated_at values a run reads, and how it was chosen
 * (all, incremental, explicit, scheduled). Bounds are whole seconds: Shopify's timestamps and
 * filters have second precision.
 */
public record LoadWindow(Instant from, Instant to, String mode) {
  public LoadWindow {
    if (!from.isBefore(to)) {
      throw new ConfigException("the window is empty: from " + from + " is not before to " + to);
    }
  }

  @Override
  public String toString() {
    return "[" + from + ", " + to + ") (" + mode + ")";
  }
}
