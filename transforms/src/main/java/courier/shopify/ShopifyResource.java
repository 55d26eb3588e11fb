package courier.shopify;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The Shopify Admin REST resources the courier reads, and how each one is listed. */
public enum ShopifyResource {
  CUSTOMERS("customers", "read_customers", true),
  ORDERS("orders", "read_orders", true),
  PRODUCTS("products", "read_products", true),
  /** Locations have no filters and no pagination: one request returns all of them. */
  LOCATIONS("locations", "read_locations", false);

  private final String path;
  private final String scope;
  private final boolean windowed;

  ShopifyResource(String path, String scope, boolean windowed) {
    this.path = path;
    this.scope = scope;
    this.windowed = windowed;
  }

  /** Path segment and JSON list key, e.g. "orders" for /admin/api/V/orders.json → {"orders": [...]}. */
  public String path() {
    return path;
  }

  /** The access scope reading it needs. */
  public String scope() {
    return scope;
  }

  /** Whether the list endpoint takes updated_at filters, since_id and a count endpoint. */
  public boolean windowed() {
    return windowed;
  }

  /** Parses "orders" (the schema files' spelling); IllegalArgumentException listing the valid ones. */
  public static ShopifyResource fromPath(String path) {
    for (ShopifyResource r : values()) {
      if (r.path.equals(path)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown resource '" + path + "'; valid: "
            + Arrays.stream(values()).map(ShopifyResource::path).collect(Collectors.joining(", ")));
  }
}
