package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import courier.sink.RejectLedger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rejects are not forgotten. An order lands; its next version is malformed, so the run rejects it
 * and keeps its old rows, and the window moves past it. The shop then serves the good body for the
 * same version (updated_at unchanged, so no later window shows it): the next incremental run reads
 * it again by id, lands it and resolves the reject; the run after that re-reads nothing.
 */
class RejectsRereadTest {
  @TempDir static Path dir;
  private static TestShop shop;

  @BeforeAll
  static void startShop() {
    shop =
        TestShop.start(
            dir,
            ShopifySimulator.builder().seed(11).customers(20).orders(60).products(4).locations(1));
  }

  @AfterAll
  static void stopShop() {
    shop.close();
  }

  /**
   * Malformed bodies are served over REST (GraphQL's types would not carry them); the re-read goes
   * through each transport's list by id in turn.
   */
  @Test
  void aRejectedOrderIsReadAgainByIdUntilItLands() throws Exception {
    Path output = dir.resolve("h2");
    String db = Landed.h2Url(output);
    List<Long> orders = shop.sim.ids(Resource.ORDERS);
    RunReport full = run(output, Transport.REST, "--load=all");
    assertEquals(full.run().runId(), landedBy(db, orders.get(0)));

    rejectThenReread(output, db, orders.get(0), Transport.REST);
    rejectThenReread(output, db, orders.get(1), Transport.GRAPHQL);

    TestShop.waitPast(shop.sim.clock().now().plusSeconds(2));
    RunReport quiet = run(output, Transport.REST, "--load=incremental", "--lookback=PT0S");
    assertEquals(
        0, quiet.fetch().byResource().get(ShopifyResource.ORDERS).records(), "nothing re-read");
    assertEquals(0, Landed.manifest(quiet).path("reject_ledger").size());
  }

  private static void rejectThenReread(Path output, String db, long orderId, Transport reread)
      throws Exception {
    String landedBefore = landedBy(db, orderId);
    shop.clockToNow();
    JsonNode quantity = shop.sim.entity(Resource.ORDERS, orderId).at("/line_items/0/quantity");
    shop.sim.update(Resource.ORDERS, orderId, o -> lineQuantity(o, TextNode.valueOf("lots")));
    TestShop.waitPast(shop.sim.clock().now());
    RunReport rejecting = run(output, Transport.REST, "--load=incremental", "--lookback=PT0S");
    assertEquals(1, rejecting.rejects());
    assertEquals(landedBefore, landedBy(db, orderId), "the rejected order keeps its rows");
    assertEquals(List.of(rejecting.run().runId() + "/null"), ledger(db, orderId));
    assertFigures(rejecting, 0, 0, 1);

    // Fixed in place: same updated_at, so only a read by id can see it.
    shop.sim.updateInPlace(Resource.ORDERS, orderId, o -> lineQuantity(o, quantity));
    TestShop.waitPast(shop.sim.clock().now().plusSeconds(1));
    RunReport rereading = run(output, reread, "--load=incremental", "--lookback=PT0S");
    assertEquals(0, rereading.rejects());
    assertEquals(rereading.run().runId(), landedBy(db, orderId), "re-read by id and landed");
    assertEquals(
        List.of(rejecting.run().runId() + "/" + rereading.run().runId()), ledger(db, orderId));
    assertEquals(1, rereading.fetch().byResource().get(ShopifyResource.ORDERS).records());
    assertFigures(rereading, 1, 1, 0);
  }

  private static void assertFigures(RunReport report, long reread, long resolved, long open) {
    JsonNode orders = Landed.manifest(report).path("reject_ledger").path("orders");
    assertEquals(reread, orders.path("rejects_reread").asLong(), orders.toString());
    assertEquals(resolved, orders.path("rejects_resolved").asLong(), orders.toString());
    assertEquals(open, orders.path("rejects_still_open").asLong(), orders.toString());
  }

  private static RunReport run(Path output, Transport transport, String... mode) {
    List<String> args =
        new ArrayList<>(
            shop.args(output, "--safetyLag=PT0S", "--transport=" + transport.spelling()));
    args.addAll(Arrays.asList(mode));
    args.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    return CourierRun.run(Courier.parseOptions(args.toArray(String[]::new)));
  }

  private static void lineQuantity(ObjectNode order, JsonNode quantity) {
    ((ObjectNode) order.get("line_items").get(0)).set("quantity", quantity);
  }

  /** The run that wrote the order's row. */
  private static String landedBy(String db, long orderId) throws SQLException {
    try (Connection c = DriverManager.getConnection(db, "sa", "");
        PreparedStatement s =
            c.prepareStatement("SELECT _run_id FROM shopify_order WHERE id = ?")) {
      s.setLong(1, orderId);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** "first_seen_run/resolved_run" of the order's ledger rows. */
  private static List<String> ledger(String db, long orderId) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(db, "sa", "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT first_seen_run, resolved_run FROM "
                    + RejectLedger.TABLE
                    + " WHERE root_id = ? ORDER BY first_seen_run")) {
      s.setLong(1, orderId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(rs.getString(1) + "/" + rs.getString(2));
        }
      }
    }
    return rows;
  }
}
