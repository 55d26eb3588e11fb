package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.pipeline.InProcessCourier.Outcome;
import courier.shopify.Transport;
import courier.simulator.ShopifySimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A token short of a scope is refused before any entity is fetched (exit 3, naming the shop, the
 * scope and the tables), on both transports. Without read_all_orders Shopify does not refuse
 * anything: it lists and counts the last 60 days of orders only, so {@code --load=all} would
 * "succeed" with a truncated history; the courier refuses that window instead.
 */
class MissingScopesTest {
  private static final Set<String> ALL_SCOPES =
      Set.of("read_customers", "read_orders", "read_all_orders", "read_products", "read_locations");

  @TempDir static Path dir;
  private static TestShop shop;

  @BeforeAll
  static void startShop() {
    shop =
        TestShop.start(
            dir,
            ShopifySimulator.builder().seed(5).customers(20).orders(150).products(4).locations(1));
  }

  @AfterAll
  static void stopShop() {
    shop.close();
  }

  @AfterEach
  void grantEverything() {
    shop.sim.setScopes(ALL_SCOPES);
  }

  private static Outcome courier(Path output, Transport transport, String... more) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(shop.args(output, more));
    args.add("--transport=" + transport.spelling());
    args.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    return InProcessCourier.courier(args.toArray(String[]::new));
  }

  private static void assertRefusedBeforeAnyFetch(Outcome o, Path output, long requestsBefore) {
    assertEquals(3, o.code(), o.all());
    assertTrue(o.err().contains("exit 3: Shopify refused access"), o.err());
    assertEquals(
        1,
        shop.sim.counters().getTotalRequests() - requestsBefore,
        "only the scopes were asked for: " + shop.sim.counters().getRequestsByEndpoint());
    assertFalse(Files.exists(output.resolve("feeds")), "a refused run writes no feeds");
    assertFalse(Files.exists(output.resolve("runs")), "a refused run writes no manifest");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void allOrdersWithoutReadAllOrdersAreRefusedNotTruncated(Transport transport) {
    shop.sim.setScopes(Set.of("read_orders", "read_customers", "read_products", "read_locations"));
    Path output = dir.resolve("sixty-days-" + transport.spelling());
    long before = shop.sim.counters().getTotalRequests();
    Outcome o = courier(output, transport, "--load=all", "--tables=order,order_line");
    assertRefusedBeforeAnyFetch(o, output, before);
    String err = o.err();
    assertTrue(err.contains("courier-test.myshopify.com"), err);
    assertTrue(err.contains("lacks the access scope read_all_orders"), err);
    assertTrue(err.contains("needed by tables order, order_line"), err);
    assertTrue(err.contains("Request read_all_orders") && err.contains("--from="), err);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void aMissingScopeNamesTheTablesThatNeedIt(Transport transport) {
    shop.sim.setScopes(Set.of("read_orders", "read_all_orders", "read_products"));
    Path output = dir.resolve("no-customers-" + transport.spelling());
    long before = shop.sim.counters().getTotalRequests();
    Outcome o = courier(output, transport, "--load=all", "--tables=customer,customer_tags,order");
    assertRefusedBeforeAnyFetch(o, output, before);
    String err = o.err();
    assertTrue(err.contains("courier-test.myshopify.com"), err);
    // Over GraphQL the order page reads the order's customer and retail location too.
    String missing =
        transport == Transport.REST
            ? "read_customers (needed by tables customer, customer_tags); it was granted"
            : "read_customers (needed by tables customer, customer_tags, order);"
                + " read_locations (needed by table order); it was granted";
    assertTrue(err.contains(missing), err);
    assertFalse(err.contains("read_orders ("), err);
  }

  /**
   * write_orders grants read_orders, and a window within the last 60 days needs no read_all_orders:
   * the run lands every order of the window Shopify shows.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void writeOrdersAndAWindowWithinSixtyDaysLand(Transport transport) throws SQLException {
    shop.sim.setScopes(Set.of("write_orders", "write_customers", "read_locations"));
    Path output = dir.resolve("recent-" + transport.spelling());
    Instant from = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
    Outcome o = courier(output, transport, "--from=" + from, "--tables=order");
    assertEquals(0, o.code(), o.all());
    try (Connection c = DriverManager.getConnection(Landed.h2Url(output), "sa", "");
        ResultSet rows = c.createStatement().executeQuery("SELECT count(*) FROM shopify_order")) {
      rows.next();
      assertTrue(rows.getLong(1) > 0, "orders of the last 20 days landed: " + rows.getLong(1));
    }
  }
}
