package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.Resource;
import courier.sink.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nightly life on PostgreSQL: a full load, then changes in the shop (new entities, a line removed,
 * a tag removed, a refund added, an address removed, a retag), then --load=incremental. The
 * incremental run reads exactly the changed entities, and its tables equal a fresh full load's;
 * rerunning its window changes nothing.
 */
class IncrementalLoadTest {
  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void incrementalPicksUpExactlyTheChangesAndConvergesToAFullLoad(@TempDir Path dir)
      throws Exception {
    String nightly = postgres.createDatabase("nightly");
    String fresh = postgres.createDatabase("fresh");
    try (TestShop shop = TestShop.start(dir)) {
      RunReport first = run(shop, dir.resolve("out"), nightly, "--load=all");
      assertEquals(shop.sim.ids(Resource.ORDERS).size(), first.rows("order"));

      // Changes happen after the first window's end, as they do between nightly runs.
      shop.clockToNow();
      Changes changes = Changes.make(shop);
      TestShop.waitPast(shop.sim.clock().now());

      RunReport incremental =
          run(shop, dir.resolve("out"), nightly, "--load=incremental", "--lookback=PT0S");
      assertEquals(
          first.run().windowTo(),
          incremental.run().windowFrom(),
          "incremental starts where the last window ended");
      assertEquals(
          changes.orders,
          incremental.fetch().byResource().get(courier.shopify.ShopifyResource.ORDERS).records(),
          "only the changed orders are read");
      assertEquals(
          changes.customers,
          incremental
              .fetch()
              .byResource()
              .get(courier.shopify.ShopifyResource.CUSTOMERS)
              .records());
      assertEquals(changes.products, incremental.rows("product"));

      run(shop, dir.resolve("fresh-out"), fresh, "--load=all");
      Map<String, List<String>> nightlyTables = Landed.snapshot(nightly, PostgresServer.SUPERUSER);
      assertEquals(Landed.snapshot(fresh, PostgresServer.SUPERUSER), nightlyTables);

      assertFalse(
          exists(nightly, "order_line", "id", changes.removedLineId), "the removed line is gone");
      assertFalse(
          exists(nightly, "customer_address", "id", changes.removedAddressId),
          "the removed address is gone");
      assertFalse(
          tagged(nightly, changes.untaggedOrderId, changes.removedTag), "the removed tag is gone");
      assertTrue(
          exists(nightly, "order_line_refund", "refund_id", changes.refundId),
          "the new refund landed");
      assertTrue(
          exists(nightly, "customer", "id", changes.newCustomerId), "the new customer landed");

      // A failing run changes nothing, although the shop holds a change it would have landed
      // (stamped after the incremental window, so the rerun below does not see it either).
      long committedRuns = count(nightly, "SELECT count(*) FROM courier_runs");
      shop.clockToNow();
      shop.sim.update(
          Resource.ORDERS, changes.untaggedOrderId, o -> o.put("note", "changed while frozen"));
      TestShop.waitPast(shop.sim.clock().now());
      shop.sim.setShopState(courier.simulator.ShopState.FROZEN);
      try {
        run(shop, dir.resolve("out"), nightly, "--load=incremental", "--lookback=PT0S");
        throw new AssertionError("a run against a frozen shop must fail");
      } catch (RuntimeException expected) {
        assertEquals(ExitCode.SHOPIFY_ACCESS, ExitCode.of(expected));
        assertTrue(Failures.describe(expected).contains("402"), "names the status: " + expected);
      } finally {
        shop.sim.setShopState(courier.simulator.ShopState.ACTIVE);
      }
      assertEquals(nightlyTables, Landed.snapshot(nightly, PostgresServer.SUPERUSER));
      assertEquals(committedRuns, count(nightly, "SELECT count(*) FROM courier_runs"));

      // Rerunning the incremental window (a retry after a failure, say) converges to the same
      // tables.
      run(
          shop,
          dir.resolve("out"),
          nightly,
          "--from=" + incremental.run().windowFrom(),
          "--to=" + incremental.run().windowTo());
      assertEquals(nightlyTables, Landed.snapshot(nightly, PostgresServer.SUPERUSER));
    }
  }

  private static RunReport run(TestShop shop, Path output, String jdbcUrl, String... mode) {
    List<String> args =
        new ArrayList<>(
            shop.args(
                output,
                "--jdbcUrl=" + jdbcUrl,
                "--jdbcUser=" + PostgresServer.SUPERUSER,
                "--safetyLag=PT0S"));
    args.addAll(Arrays.asList(mode));
    args.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    return CourierRun.run(Courier.parseOptions(args.toArray(String[]::new)));
  }

  private static boolean exists(String url, String table, String column, long id)
      throws SQLException {
    return count(url, "SELECT count(*) FROM shopify_" + table + " WHERE " + column + " = " + id)
        > 0;
  }

  private static boolean tagged(String url, long orderId, String tag) throws SQLException {
    return count(
            url,
            "SELECT count(*) FROM shopify_order_tags WHERE order_id = "
                + orderId
                + " AND value = '"
                + tag.replace("'", "''")
                + "'")
        > 0;
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.SUPERUSER, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The changes made to the shop between the two runs, and what they touched. */
  private static final class Changes {
    long orders;
    long customers;
    long products;
    long removedLineId;
    long removedAddressId;
    long untaggedOrderId;
    String removedTag;
    long refundId;
    long newCustomerId;

    static Changes make(TestShop shop) {
      Changes c = new Changes();
      List<Long> orders = shop.sim.ids(Resource.ORDERS);
      JsonNode withLines =
          first(shop, Resource.ORDERS, orders, o -> o.path("line_items").size() >= 2);
      c.removedLineId = withLines.path("line_items").get(0).path("id").asLong();
      shop.sim.removeLineItem(withLines.path("id").asLong(), c.removedLineId);

      JsonNode withTags =
          first(
              shop,
              Resource.ORDERS,
              orders,
              o ->
                  !o.path("tags").asText().isBlank()
                      && o.path("id").asLong() != withLines.path("id").asLong());
      c.untaggedOrderId = withTags.path("id").asLong();
      c.removedTag = withTags.path("tags").asText().split(",")[0].strip();
      shop.sim.removeTag(Resource.ORDERS, c.untaggedOrderId, c.removedTag);

      long refunded =
          orders.stream()
              .filter(id -> id != withLines.path("id").asLong() && id != c.untaggedOrderId)
              .filter(id -> shop.sim.entity(Resource.ORDERS, id).path("line_items").size() > 0)
              .findFirst()
              .orElseThrow();
      c.refundId = shop.sim.addRefund(refunded).path("id").asLong();

      ObjectNode created1 = shop.sim.create(Resource.ORDERS);
      ObjectNode created2 = shop.sim.create(Resource.ORDERS);
      c.orders = 5; // three changed, two created
      assertTrue(created1.path("id").asLong() != created2.path("id").asLong());

      List<Long> customers = shop.sim.ids(Resource.CUSTOMERS);
      long withAddresses =
          customers.stream()
              .filter(id -> shop.sim.allAddresses(id).size() >= 2)
              .findFirst()
              .orElseThrow();
      c.removedAddressId = shop.sim.allAddresses(withAddresses).get(1).path("id").asLong();
      shop.sim.removeAddress(withAddresses, c.removedAddressId);
      c.newCustomerId = shop.sim.create(Resource.CUSTOMERS).path("id").asLong();
      c.customers = 2;

      List<Long> products = shop.sim.ids(Resource.PRODUCTS);
      shop.sim.retag(Resource.PRODUCTS, products.get(0), "retagged, Noël, 東京");
      c.products = 1;
      return c;
    }

    private static JsonNode first(
        TestShop shop, Resource r, List<Long> ids, java.util.function.Predicate<JsonNode> test) {
      for (long id : ids) {
        JsonNode e = shop.sim.entity(r, id);
        if (test.test(e)) {
          return e;
        }
      }
      throw new AssertionError("no " + r + " matches");
    }
  }
}
