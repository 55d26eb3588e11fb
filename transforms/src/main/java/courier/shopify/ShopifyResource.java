package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home of each Shopify resource the courier reads: its list endpoint and parameters, the access
 * scope it needs, whether it is read by updated_at window, and the follow-up requests that make a
 * listed entity complete. Its tables are the schema files naming it ({@code resource:}). Adding a
 * resource or a transport starts here.
 */
public enum ShopifyResource {
  /** A listed customer embeds only its ten most recently updated addresses. */
  CUSTOMERS("customers", "read_customers", true, Map.of()) {
    @Override
    public ObjectNode completeRestEntity(
        ObjectNode customer, ShopifyClient client, CompletenessObserver observer) {
      JsonNode embedded = customer.get("addresses");
      if (embedded == null || !embedded.isArray() || embedded.size() < EMBEDDED_ADDRESS_LIMIT) {
        return customer;
      }
      long id = ShopifyJson.id(customer);
      Optional<List<ObjectNode>> all = client.customerAddresses(id);
      if (all.isEmpty()) {
        // Deleted since it was listed: what the list showed is all there is to know.
        LOG.info(
            "Customer {} disappeared before its addresses could be read; keeping the {} embedded"
                + " ones",
            id,
            embedded.size());
        return customer;
      }
      ArrayNode addresses = customer.putArray("addresses");
      all.get().forEach(addresses::add);
      observer.addressesCompleted();
      return customer;
    }
  },
  /** The list's default status, "open", would hide closed and cancelled orders. */
  ORDERS("orders", "read_orders", true, Map.of("status", "any")),
  /** A listed product embeds at most 100 variants; products may have 2,048. */
  PRODUCTS("products", "read_products", true, Map.of()) {
    @Override
    public ObjectNode completeRestEntity(
        ObjectNode product, ShopifyClient client, CompletenessObserver observer) {
      JsonNode variants = product.get("variants");
      if (variants != null && variants.isArray() && variants.size() >= REST_VARIANT_LIMIT) {
        observer.variantsPossiblyTruncated();
        LOG.warn(
            "Product {} came with {} variants, REST's maximum: it may have more that REST does not"
                + " return (products can have up to 2,048); its variants may be incomplete until"
                + " the GraphQL transport is used.",
            ShopifyJson.id(product),
            variants.size());
      }
      return product;
    }
  },
  /** Locations have no filters and no pagination: one request returns all of them. */
  LOCATIONS("locations", "read_locations", false, Map.of()),
  /**
   * Abandoned checkouts. REST's list shows only open ones by default; Shopify documents open and
   * closed, and "any" is sent as for orders so closed (archived) checkouts land too.
   */
  CHECKOUTS("checkouts", "read_orders", true, Map.of("status", "any")),
  /**
   * Customer segments and their members: GraphQL only (REST has no segments), no updated_at filter
   * (segments have none), so every run reads all of them.
   */
  SEGMENTS("segments", "read_customers", false, Map.of()) {
    @Override
    public boolean graphqlOnly() {
      return true;
    }
  };

  /** How many addresses a listed customer embeds at most. */
  public static final int EMBEDDED_ADDRESS_LIMIT = 10;

  /** How many variants a REST product embeds at most. */
  public static final int REST_VARIANT_LIMIT = 100;

  private static final Logger LOG = LoggerFactory.getLogger(ShopifyResource.class);

  private final String path;
  private final String scope;
  private final boolean windowed;
  private final Map<String, String> listParameters;

  ShopifyResource(String path, String scope, boolean windowed, Map<String, String> listParameters) {
    this.path = path;
    this.scope = scope;
    this.windowed = windowed;
    this.listParameters = listParameters;
  }

  /**
   * Path segment and JSON list key, e.g. "orders" for /admin/api/V/orders.json → {"orders": [...]};
   * also the schema files' spelling.
   */
  public String path() {
    return path;
  }

  /** The access scope reading it needs. */
  public String scope() {
    return scope;
  }

  /**
   * Every scope reading it over {@code transport} needs: over GraphQL its page query also reads
   * fields that other scopes guard (an order's customer and retail location, a customer's last
   * order), which Shopify refuses with ACCESS_DENIED.
   */
  public List<String> scopes(Transport transport) {
    if (transport == Transport.GRAPHQL && this == ORDERS) {
      return List.of(scope, CUSTOMERS.scope, LOCATIONS.scope);
    }
    if (transport == Transport.GRAPHQL && this == CUSTOMERS) {
      return List.of(scope, ORDERS.scope);
    }
    return List.of(scope);
  }

  /** Whether the list endpoint takes updated_at filters, since_id and a count endpoint. */
  public boolean windowed() {
    return windowed;
  }

  /** Parameters every list and count request of this resource carries. */
  public Map<String, String> listParameters() {
    return listParameters;
  }

  /** Whether only the GraphQL Admin API serves it: a REST run skips its tables. */
  public boolean graphqlOnly() {
    return false;
  }

  /**
   * Not windowed: read whole every run, so the commit replaces its tables whole, and what Shopify
   * deleted disappears.
   */
  public boolean readWhole() {
    return !windowed;
  }

  /**
   * The entity as the REST list returned it, completed by the follow-up requests its resource needs
   * (modified in place); the observer counts what was completed or found truncated.
   */
  public ObjectNode completeRestEntity(
      ObjectNode entity, ShopifyClient client, CompletenessObserver observer) {
    return entity;
  }

  /**
   * Parses "orders" (the schema files' spelling); IllegalArgumentException listing the valid ones.
   */
  public static ShopifyResource fromPath(String path) {
    for (ShopifyResource r : values()) {
      if (r.path.equals(path)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown resource '"
            + path
            + "'; valid: "
            + Arrays.stream(values()).map(ShopifyResource::path).collect(Collectors.joining(", ")));
  }

  /** What the completeness follow-ups report. */
  public interface CompletenessObserver {
    void addressesCompleted();

    void variantsPossiblyTruncated();
  }
}
