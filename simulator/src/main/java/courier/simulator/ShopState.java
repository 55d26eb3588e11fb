package courier.simulator;

import java.util.Locale;

/** Shop-wide conditions that make Shopify refuse every API call, for error-handling tests. */
public enum ShopState {
  /** Normal operation. */
  ACTIVE,
  /** Unpaid bill: every API call gets 402 {@code {"errors":"Unavailable Shop"}}. */
  FROZEN,
  /** Locked for abuse or fraud risk: every API call gets 423. */
  LOCKED,
  /** The shop does not exist (uninstalled, renamed): every path gets 404. */
  NOT_FOUND;

  public static ShopState parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown shop state '" + s + "' (active, frozen, locked, not_found)");
    }
  }
}
