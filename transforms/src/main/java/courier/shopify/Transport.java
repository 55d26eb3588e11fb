package courier.shopify;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which of Shopify's Admin APIs the courier reads a shop through. */
public enum Transport {
  /**
   * The GraphQL Admin API: every variant of a product (up to 2,048), every address of a customer,
   * cost-based rate limits. The default.
   */
  GRAPHQL,
  /**
   * The REST Admin API, legacy since 2024-10: kept as the cross-check. Products come with at most
   * 100 variants.
   */
  REST;

  /** "graphql", as the option and the manifest spell it. */
  public String spelling() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses "graphql" or "rest" (any case); IllegalArgumentException saying which are valid. */
  public static Transport parse(String value) {
    for (Transport t : values()) {
      if (t.spelling().equalsIgnoreCase(value == null ? "" : value.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown transport '"
            + value
            + "'; valid: "
            + Arrays.stream(values()).map(Transport::spelling).collect(Collectors.joining(", ")));
  }
}
