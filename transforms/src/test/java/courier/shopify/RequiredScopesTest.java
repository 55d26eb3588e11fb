package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which grants a read is refused for, and what the refusal tells the operator. */
class RequiredScopesTest {
  private static final ShopDomain SHOP = ShopDomain.of("acme");
  private static final Instant NOW = Instant.parse("2026-11-29T20:41:17Z");
  private static final String ENDPOINT = "/admin/oauth/access_scopes.json";
  private static final Map<ShopifyResource, List<String>> TABLES =
      Map.of(
          ShopifyResource.CUSTOMERS, List.of("customer", "customer_address"),
          ShopifyResource.ORDERS, List.of("order", "order_line"),
          ShopifyResource.PRODUCTS, List.of("product"));
  private static final Set<String> ALL =
      Set.of("read_customers", "read_orders", "read_all_orders", "read_products", "read_locations");

  private static RequiredScopes all() {
    return RequiredScopes.of(EnumSet.allOf(ShopifyResource.class), TABLES, Transport.REST);
  }

  private static ShopifyAccessException refused(
      RequiredScopes required, Set<String> granted, Instant from) {
    return assertThrows(
        ShopifyAccessException.class,
        () -> required.check(SHOP, ENDPOINT, AccessScopes.of(granted), from, NOW));
  }

  @Test
  void everyScopeGrantedPassesWhateverTheWindow() {
    assertDoesNotThrow(() -> all().check(SHOP, ENDPOINT, AccessScopes.of(ALL), Instant.EPOCH, NOW));
  }

  @Test
  void aMissingScopeNamesTheShopTheScopeAndItsTables() {
    ShopifyAccessException e =
        refused(all(), Set.of("read_orders", "read_all_orders", "read_locations"), NOW);
    assertEquals(403, e.status());
    assertEquals(ENDPOINT, e.endpoint());
    assertEquals("acme.myshopify.com", e.shop());
    String m = e.getMessage();
    assertTrue(m.contains("acme.myshopify.com"), m);
    assertTrue(
        m.contains("read_customers (needed by tables customer, customer_address)")
            && m.contains("read_products (needed by table product)"),
        m);
    assertTrue(m.contains("granted: read_all_orders, read_locations, read_orders"), m);
    assertTrue(m.contains("Add read_customers, read_products to the app's configuration"), m);
    assertFalse(m.contains("read_orders ("), "orders are readable: " + m);
  }

  /**
   * GraphQL's order page reads the order's customer and retail location, its customer page the last
   * order: fields Shopify guards with their own scopes.
   */
  @Test
  void graphqlNeedsTheScopesOfTheFieldsItsPagesRead() {
    RequiredScopes graphql =
        RequiredScopes.of(
            List.of(ShopifyResource.CUSTOMERS, ShopifyResource.ORDERS), TABLES, Transport.GRAPHQL);
    String m =
        assertThrows(
                ShopifyAccessException.class,
                () ->
                    graphql.check(SHOP, ENDPOINT, AccessScopes.of(Set.of("read_orders")), NOW, NOW))
            .getMessage();
    assertTrue(
        m.contains(
            "read_customers (needed by tables customer, customer_address, order, order_line);"
                + " read_locations (needed by tables order, order_line)"),
        m);
    Set<String> restScopes = Set.of("read_orders", "read_customers");
    assertDoesNotThrow(
        () ->
            RequiredScopes.of(
                    List.of(ShopifyResource.CUSTOMERS, ShopifyResource.ORDERS),
                    TABLES,
                    Transport.REST)
                .check(SHOP, ENDPOINT, AccessScopes.of(restScopes), NOW, NOW));
    assertDoesNotThrow(
        () ->
            graphql.check(
                SHOP,
                ENDPOINT,
                AccessScopes.of(Set.of("write_orders", "write_customers", "read_locations")),
                NOW,
                NOW));
  }

  @Test
  void aWriteScopeGrantsItsReadScope() {
    assertDoesNotThrow(
        () ->
            RequiredScopes.of(
                    List.of(ShopifyResource.ORDERS, ShopifyResource.PRODUCTS),
                    TABLES,
                    Transport.REST)
                .check(
                    SHOP,
                    ENDPOINT,
                    AccessScopes.of(Set.of("write_orders", "write_products", "read_all_orders")),
                    Instant.EPOCH,
                    NOW));
  }

  @Test
  void ordersFromFurtherBackThanSixtyDaysNeedReadAllOrders() {
    RequiredScopes orders =
        RequiredScopes.of(List.of(ShopifyResource.ORDERS), TABLES, Transport.REST);
    Set<String> noReadAll = Set.of("read_orders");
    Instant sixtyDaysAgo = NOW.minus(Duration.ofDays(60));
    ShopifyAccessException e = refused(orders, noReadAll, sixtyDaysAgo.minusSeconds(1));
    String m = e.getMessage();
    assertTrue(m.contains("acme.myshopify.com"), m);
    assertTrue(m.contains("lacks the access scope read_all_orders"), m);
    assertTrue(m.contains("needed by tables order, order_line"), m);
    assertTrue(m.contains("orders created before 2026-09-30T20:41:17Z"), m);
    assertTrue(m.contains("Request read_all_orders"), m);
    assertTrue(m.contains("--from=2026-09-30T21:00:00Z or later"), m);

    assertDoesNotThrow(
        () -> orders.check(SHOP, ENDPOINT, AccessScopes.of(noReadAll), sixtyDaysAgo, NOW));
    assertTrue(orders.readsOrdersWithoutReadAll(AccessScopes.of(noReadAll)));
    assertFalse(orders.readsOrdersWithoutReadAll(AccessScopes.of(ALL)));
  }

  @Test
  void anOldWindowWithoutOrdersNeedsNoReadAllOrders() {
    RequiredScopes products =
        RequiredScopes.of(List.of(ShopifyResource.PRODUCTS), Map.of(), Transport.GRAPHQL);
    assertDoesNotThrow(
        () ->
            products.check(
                SHOP, ENDPOINT, AccessScopes.of(Set.of("read_products")), Instant.EPOCH, NOW));
    assertFalse(products.readsOrdersWithoutReadAll(AccessScopes.of(Set.of("read_products"))));
    // Without table names, the resource names itself.
    ShopifyAccessException e = refused(products, Set.of(), NOW);
    assertTrue(e.getMessage().contains("read_products (needed by table products)"), e.getMessage());
    assertTrue(e.getMessage().contains("granted: no scope"), e.getMessage());
  }
}
