package courier.simulator;

/**
 * The top-level REST resources the simulator serves. Each one has a list endpoint {@code
 * /admin/api/{version}/{path}.json} whose response wraps the entities in a key of the same name.
 */
public enum Resource {
  CUSTOMERS("customers", "read_customers"),
  ORDERS("orders", "read_orders"),
  PRODUCTS("products", "read_products"),
  LOCATIONS("locations", "read_locations"),
  /** Abandoned checkouts: Shopify guards them with the orders scope. */
  CHECKOUTS("checkouts", "read_orders");

  private final String path;
  private final String readScope;

  Resource(String path, String readScope) {
    this.path = path;
    this.readScope = readScope;
  }

  /** URL path segment and JSON root key, e.g. {@code "orders"}. */
  public String path() {
    return path;
  }

  /** The access scope a token needs to read this resource. */
  public String readScope() {
    return readScope;
  }

  /** Resolves a path segment such as {@code "orders"}; null when unknown. */
  public static Resource fromPath(String path) {
    for (Resource r : values()) {
      if (r.path.equals(path)) {
        return r;
      }
    }
    return null;
  }
}
