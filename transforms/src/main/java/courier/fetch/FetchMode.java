package courier.fetch;

import java.util.Locale;

/**
 * How windowed resources are fetched: {@code paged} (keyset pages), {@code bulk} (Shopify bulk
 * operations: one job per time slice, the result downloaded as a file) or {@code auto} (bulk when a
 * resource's window holds more than the bulk threshold, paged otherwise). Bulk needs the GraphQL
 * transport; locations are always paged.
 */
public enum FetchMode {
  AUTO,
  BULK,
  PAGED;

  /** "auto", "bulk" or "paged", any case. */
  public static FetchMode parse(String value) {
    for (FetchMode mode : values()) {
      if (mode.spelling().equals(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("is not a fetch mode: use auto, bulk or paged");
  }

  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }
}
