package courier.shopify;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The access scopes a read needs, checked against what the shop granted before anything is fetched.
 * Shopify answers a missing scope with 403 or ACCESS_DENIED, but without read_all_orders it answers
 * lists and counts of orders with the last 60 days only, and no error: a window reaching further
 * back would "succeed" with a truncated history. Both are refused here, naming the shop, the scope
 * and the tables that need it.
 */
public final class RequiredScopes implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How far back Shopify lists orders to a token without {@value #READ_ALL_ORDERS}. */
  public static final Duration ORDERS_VISIBLE_WITHOUT_READ_ALL = Duration.ofDays(60);

  public static final String READ_ALL_ORDERS = "read_all_orders";

  /** Per resource read, the tables it lands in (its own path when no table was named). */
  private final EnumMap<ShopifyResource, List<String>> tables;

  private final Transport transport;

  private RequiredScopes(EnumMap<ShopifyResource, List<String>> tables, Transport transport) {
    this.tables = tables;
    this.transport = transport;
  }

  /**
   * The scopes of reading {@code resources} over {@code transport}; {@code tablesByResource} names
   * the tables each one lands in, for the refusal's message (a resource it leaves out is named by
   * its path).
   */
  public static RequiredScopes of(
      Iterable<ShopifyResource> resources,
      Map<ShopifyResource, List<String>> tablesByResource,
      Transport transport) {
    EnumMap<ShopifyResource, List<String>> tables = new EnumMap<>(ShopifyResource.class);
    for (ShopifyResource resource : resources) {
      if (resource.graphqlOnly() && transport == Transport.REST) {
        continue; // a REST read skips it (segments), so it needs none of its scopes
      }
      List<String> named = tablesByResource.get(resource);
      tables.put(
          resource,
          new ArrayList<>(named == null || named.isEmpty() ? List.of(resource.path()) : named));
    }
    return new RequiredScopes(tables, transport);
  }

  /**
   * Returns when {@code granted} covers every resource and, when orders are read and the window
   * starts more than 60 days before {@code now}, includes read_all_orders; else throws a {@link
   * ShopifyAccessException} that says what to request (or how to shorten the window). {@code
   * endpoint} is where the scopes were read.
   */
  public void check(
      ShopDomain shop,
      String endpoint,
      AccessScopes granted,
      @Nullable Instant windowFrom,
      Instant now) {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    tables.forEach(
        (resource, names) -> {
          for (String scope : resource.scopes(transport)) {
            if (!granted.has(scope)) {
              missing.computeIfAbsent(scope, s -> new ArrayList<>()).addAll(names);
            }
          }
        });
    if (!missing.isEmpty()) {
      throw new ShopifyAccessException(
          shop.domain(), endpoint, 403, missingScopes(shop, granted, missing));
    }
    List<String> orderTables = tables.get(ShopifyResource.ORDERS);
    Instant visibleFrom = now.minus(ORDERS_VISIBLE_WITHOUT_READ_ALL);
    if (orderTables != null
        && windowFrom != null
        && windowFrom.isBefore(visibleFrom)
        && !granted.has(READ_ALL_ORDERS)) {
      throw new ShopifyAccessException(
          shop.domain(),
          endpoint,
          403,
          olderThanSixtyDays(shop, granted, orderTables, windowFrom, visibleFrom));
    }
  }

  /** Whether orders are read without read_all_orders: older orders are hidden even when updated. */
  public boolean readsOrdersWithoutReadAll(AccessScopes granted) {
    return tables.containsKey(ShopifyResource.ORDERS) && !granted.has(READ_ALL_ORDERS);
  }

  private static String missingScopes(
      ShopDomain shop, AccessScopes granted, Map<String, List<String>> missing) {
    StringBuilder what = new StringBuilder();
    missing.forEach(
        (scope, names) -> {
          if (what.length() > 0) {
            what.append("; ");
          }
          what.append(scope).append(" (needed by ").append(tables(names)).append(')');
        });
    String scopes = String.join(", ", missing.keySet());
    return "The access token for "
        + shop.domain()
        + " lacks "
        + (missing.size() == 1 ? "the access scope " : "the access scopes ")
        + what
        + "; it was granted: "
        + granted(granted)
        + ". Add "
        + scopes
        + " to the app's configuration and have the merchant approve the new scopes (reinstall"
        + " or accept the update), or leave those tables out with --tables; then re-run.";
  }

  private static String olderThanSixtyDays(
      ShopDomain shop,
      AccessScopes granted,
      List<String> orderTables,
      Instant windowFrom,
      Instant visibleFrom) {
    Instant shorterFrom = visibleFrom.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    return "The window for "
        + shop.domain()
        + " starts at "
        + windowFrom
        + ", more than 60 days ago, but the access token lacks the access scope "
        + READ_ALL_ORDERS
        + " (needed by "
        + tables(orderTables)
        + "; it was granted: "
        + granted(granted)
        + "): without it Shopify leaves orders created before "
        + visibleFrom.truncatedTo(ChronoUnit.SECONDS)
        + " out of lists and counts, without an error, and the run would land a truncated history."
        + " Request "
        + READ_ALL_ORDERS
        + " for the app (Shopify must approve it: Partner Dashboard or Dev Dashboard, API access)"
        + " and have the merchant approve it, or use a shorter window: --from="
        + shorterFrom
        + " or later.";
  }

  private static String tables(List<String> names) {
    return (names.size() == 1 ? "table " : "tables ") + String.join(", ", names);
  }

  private static String granted(AccessScopes granted) {
    return granted.handles().isEmpty() ? "no scope" : granted.toString();
  }
}
