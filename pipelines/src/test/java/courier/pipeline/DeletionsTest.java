package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import courier.sink.PostgresServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deletions reach the tables: a customer, an order and a product deleted in Shopify after a first
 * run are marked ({@code _deleted_at}, the destroy event's time) with all their child rows by the
 * next incremental run, which lists them in its {@code _deletions} feed; a location gone from a
 * resource read whole is marked at the run's start; the other rows stay live, and a rerun of the
 * window converges. On PostgreSQL, DirectRunner over GraphQL and embedded Flink over REST (the two
 * transports' events). One PostgreSQL server for the class; a shop and database per case, since
 * deletions cannot be undone in the simulator.
 */
class DeletionsTest {
  private static final String EPOCH =
      "CAST(EXTRACT(EPOCH FROM _deleted_at) AS BIGINT) AS deleted_at";
  private static PostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  @ParameterizedTest(name = "{0} over {1}")
  @CsvSource({"DirectRunner, graphql", "FlinkRunner, rest"})
  void deletedRootsAreMarkedWithTheirChildrenByTheNextIncrementalRun(
      String runner, String transport, @org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    String db = postgres.createDatabase("deletions_" + transport);
    ShopifySimulator.Builder small =
        ShopifySimulator.builder().seed(23).customers(40).orders(80).products(10).locations(3);
    try (TestShop shop = TestShop.start(dir, small)) {
      List<String> base =
          new ArrayList<>(
              shop.args(
                  dir.resolve("out"),
                  "--jdbcUrl=" + db,
                  "--jdbcUser=" + PostgresServer.SUPERUSER,
                  "--transport=" + transport,
                  "--safetyLag=PT0S"));
      base.addAll(EndToEndTest.runnerArgs(runner));
      run(base, "--load=all", "--runId=first");
      assertEquals(
          List.of("n=0|"),
          rows(db, "SELECT count(*) AS n FROM shopify_order_line WHERE _deleted_at IS NOT NULL"));

      Instant deletedAt = shop.clockToNow();
      long customer = withChildren(shop.sim, Resource.CUSTOMERS, "addresses");
      long order = withChildren(shop.sim, Resource.ORDERS, "line_items");
      long product = withChildren(shop.sim, Resource.PRODUCTS, "variants");
      long location = shop.sim.ids(Resource.LOCATIONS).get(0);
      for (Resource r : List.of(Resource.CUSTOMERS, Resource.ORDERS, Resource.PRODUCTS)) {
        long id = r == Resource.CUSTOMERS ? customer : r == Resource.ORDERS ? order : product;
        assertTrue(shop.sim.delete(r, id));
      }
      assertTrue(shop.sim.delete(Resource.LOCATIONS, location));
      TestShop.waitPast(deletedAt);

      RunReport next = run(base, "--load=incremental", "--lookback=PT0S", "--runId=next");

      Map<String, String> deletedRoots = new TreeMap<>();
      deletedRoots.put("customer", "customer_id = " + customer);
      deletedRoots.put("order", "order_id = " + order);
      deletedRoots.put("product", "product_id = " + product);
      // Epoch seconds: pgjdbc hands timestamptz back as a java.sql.Timestamp in the JVM's zone.
      String marked = "deleted_at=" + deletedAt.getEpochSecond() + "|";
      assertEquals(
          List.of(marked),
          rows(db, "SELECT DISTINCT " + EPOCH + " FROM shopify_customer WHERE id = " + customer));
      for (String table :
          List.of(
              "customer",
              "customer_address",
              "customer_tags",
              "order",
              "order_line",
              "order_tags",
              "order_address",
              "discount_codes",
              "product",
              "product_variant",
              "product_tags")) {
        List<String> states =
            rows(
                db,
                "SELECT DISTINCT "
                    + EPOCH
                    + " FROM shopify_"
                    + table
                    + " WHERE _root_id IN ("
                    + customer
                    + ", "
                    + order
                    + ", "
                    + product
                    + ")");
        assertTrue(
            states.isEmpty() || states.equals(List.of(marked)),
            table + ": every row of a deleted root is marked at the event's time: " + states);
      }
      for (String child : List.of("customer_address", "order_line", "product_variant")) {
        assertTrue(
            !rows(db, "SELECT id FROM shopify_" + child + " WHERE _deleted_at IS NOT NULL")
                .isEmpty(),
            child + " has marked rows");
      }
      // Nothing else is marked: the other roots and their rows are live.
      assertEquals(
          List.of("n=3|"),
          rows(
              db,
              "SELECT (SELECT count(*) FROM shopify_customer WHERE _deleted_at IS NOT NULL)"
                  + " + (SELECT count(*) FROM shopify_order WHERE _deleted_at IS NOT NULL)"
                  + " + (SELECT count(*) FROM shopify_product WHERE _deleted_at IS NOT NULL) AS n"));
      assertEquals(
          List.of("id=" + location + "|"),
          rows(db, "SELECT id FROM shopify_locations WHERE _deleted_at IS NOT NULL"));
      assertEquals(
          List.of("n=" + shop.sim.count(Resource.ORDERS) + "|"),
          rows(db, "SELECT count(*) AS n FROM shopify_order WHERE _deleted_at IS NULL"));

      // The feed lists what the events said; the manifest counts every deletion found.
      List<String> feed = new ArrayList<>();
      for (GenericRecord r : deletionsFeed(dir.resolve("out"), next)) {
        feed.add(r.get("resource") + "/" + r.get("id") + "/" + r.get("detected"));
        Object at = r.get("deleted_at");
        assertEquals(
            deletedAt.toEpochMilli(),
            at instanceof Instant i ? i.toEpochMilli() : ((Number) at).longValue());
      }
      feed.sort(null);
      assertEquals(
          List.of(
              "customers/" + customer + "/event",
              "orders/" + order + "/event",
              "products/" + product + "/event"),
          feed);
      JsonNode ledger = next.manifest().path("deletion_ledger");
      assertEquals(1, ledger.path("orders").path("event").asLong(), ledger.toString());
      assertEquals(1, ledger.path("locations").path("whole_read").asLong(), ledger.toString());

      // The same window again, as another run: the tables converge.
      // REST has no segments: their tables exist only after a GraphQL run.
      List<String> tables =
          Landed.TABLES.stream().filter(t -> !t.startsWith("customer_segment")).toList();
      Map<String, List<String>> before = Landed.snapshot(db, PostgresServer.SUPERUSER, tables);
      run(
          base,
          "--from=" + next.run().windowFrom(),
          "--to=" + next.run().windowTo(),
          "--runId=again");
      assertEquals(before, Landed.snapshot(db, PostgresServer.SUPERUSER, tables));

      reconcileFindsADeletionWhoseEventAgedOutAndFetchesWhatTheDatabaseLacks(shop, db, base);
    }
  }

  /**
   * An order deleted while Shopify's events are kept one day, read two days later: no event, but
   * {@code --reconcile} marks it (detected: reconcile); an order missing from the database (removed
   * by hand) is fetched by id.
   */
  private static void reconcileFindsADeletionWhoseEventAgedOutAndFetchesWhatTheDatabaseLacks(
      TestShop shop, String db, List<String> base) throws Exception {
    List<Long> live =
        shop.sim.ids(Resource.ORDERS).stream()
            .filter(id -> shop.sim.entity(Resource.ORDERS, id).path("line_items").size() > 0)
            .toList();
    long aged = live.get(0);
    long lost = live.get(1);
    shop.clockToNow();
    assertTrue(shop.sim.delete(Resource.ORDERS, aged));
    shop.sim.clock().advance(java.time.Duration.ofDays(2));
    shop.sim.eventsRetentionDays(1);
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(db, PostgresServer.SUPERUSER, "");
        java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM shopify_order WHERE id = " + lost);
    }
    TestShop.waitPast(Instant.now());

    RunReport reconciled =
        run(base, "--load=incremental", "--lookback=PT0S", "--runId=reconciled", "--reconcile");

    JsonNode orders = reconciled.manifest().path("reconcile").path("orders");
    long inShopify = shop.sim.count(Resource.ORDERS);
    assertEquals(inShopify, orders.path("in_shopify").asLong(), orders.toString());
    assertEquals(
        inShopify, orders.path("in_database").asLong(), "the aged one in, the lost one out");
    assertEquals(1, orders.path("marked_deleted").asLong(), orders.toString());
    assertEquals(1, orders.path("missing_fetched").asLong(), orders.toString());
    assertEquals(
        List.of("n=0|"),
        rows(
            db,
            "SELECT count(*) AS n FROM shopify_order_line WHERE _root_id = "
                + aged
                + " AND _deleted_at IS NULL"),
        "the aged-out order's lines are marked too");
    assertEquals(
        List.of("id=" + lost + "|"),
        rows(db, "SELECT id FROM shopify_order WHERE id = " + lost + " AND _deleted_at IS NULL"));
    assertEquals(
        1, reconciled.manifest().path("deletion_ledger").path("orders").path("reconcile").asLong());
    assertEquals(
        0,
        reconciled.manifest().path("reconcile").path("customers").path("marked_deleted").asLong());
  }

  private static RunReport run(List<String> base, String... more) {
    List<String> args = new ArrayList<>(base);
    args.addAll(Arrays.asList(more));
    return CourierRun.run(Courier.parseOptions(args.toArray(String[]::new)));
  }

  private static List<String> rows(String db, String sql) throws Exception {
    return Landed.rows(db, PostgresServer.SUPERUSER, sql, Set.of());
  }

  /** An entity with at least one child under {@code key} and tags, so every table has rows. */
  private static long withChildren(ShopifySimulator sim, Resource resource, String key) {
    return sim.ids(resource).stream()
        .filter(id -> sim.entity(resource, id).path(key).size() > 0)
        .filter(id -> !sim.entity(resource, id).path("tags").asText("").isEmpty())
        .findFirst()
        .orElseThrow();
  }

  private static List<GenericRecord> deletionsFeed(Path output, RunReport report) throws Exception {
    List<GenericRecord> records = new ArrayList<>();
    for (JsonNode file : report.manifest().path("deletions").path("files")) {
      records.addAll(Landed.records(output.resolve(file.asText())));
    }
    return records;
  }
}
