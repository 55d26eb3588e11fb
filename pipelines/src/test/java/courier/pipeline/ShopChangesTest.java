package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import courier.sink.CourierRuns;
import courier.sink.JdbcTarget;
import courier.sink.PostgresServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tables hold while the shop changes: edits made while a run pages land in the next
 * window, once each, in their latest version; a run of a few --tables leaves the other tables and
 * their window starts as they were; a malformed new version is rejected and the previous row kept.
 * One shop and one PostgreSQL server for the class, a database per test.
 */
class ShopChangesTest {
  @TempDir static Path dir;
  private static TestShop shop;
  private static PostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    ShopifySimulator.Builder small =
        ShopifySimulator.builder().seed(19).customers(60).orders(300).products(12);
    shop = TestShop.start(dir, small.locations(2));
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    shop.close();
    postgres.close();
  }

  /** A test's output folder and PostgreSQL database. */
  private record Target(Path output, String db) {
    static Target named(String name) throws Exception {
      return new Target(dir.resolve(name), postgres.createDatabase(name));
    }

    /** Courier arguments landing the shop here. */
    List<String> args(String... more) {
      List<String> args =
          new ArrayList<>(
              shop.args(output, "--jdbcUrl=" + db, "--jdbcUser=" + PostgresServer.SUPERUSER));
      args.addAll(Arrays.asList(more));
      return args;
    }

    /** What a query returns, each row as text, sorted. */
    List<String> rows(String sql) throws Exception {
      return Landed.rows(db, PostgresServer.SUPERUSER, sql, Set.of());
    }
  }

  private static RunReport run(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    return CourierRun.run(Courier.parseOptions(all.toArray(String[]::new)));
  }

  private static RunReport run(Target target, String... more) {
    return run(target.args(more));
  }

  /** From where the last run of each table ended: what the next incremental run reads. */
  private static RunReport nextWindow(Target target, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("--load=incremental", "--lookback=PT0S", "--safetyLag=PT0S", "--runId=next"));
    args.addAll(Arrays.asList(more));
    return run(target, args.toArray(String[]::new));
  }

  @Test
  void editsMadeWhileARunPagesLandInTheNextWindowOnceEachInTheirLatestVersion() throws Exception {
    Target target = Target.named("in_flight");
    List<Long> orders = shop.sim.ids(Resource.ORDERS);
    List<Long> edited = new ArrayList<>();
    for (int i = 0; i < orders.size(); i += orders.size() / 20) {
      edited.add(orders.get(i)); // spread over the id range, so over every slice and page
    }
    // Every order edited once, the first five twice: the second edit must win.
    List<Long> edits = new ArrayList<>(edited);
    edits.addAll(edited.subList(0, 5));
    // Small slow pages, one slice: the fetch takes seconds (30 pages of 200 ms one after the
    // other), and the edits fall between its pages.
    List<String> args = target.args("--load=all", "--safetyLag=PT0S");
    args.replaceAll(a -> a.startsWith("--pageSize=") ? "--pageSize=10" : a);
    args.add("--tables=order");
    shop.sim.setLatencyMs(200);
    Map<Long, String> latest = new HashMap<>();
    RunReport first;
    Instant firstEdit = null;
    Instant lastEdit = null;
    try {
      long pagesBefore = pages();
      CompletableFuture<RunReport> running = CompletableFuture.supplyAsync(() -> run(args));
      while (!running.isDone() && pages() == pagesBefore) {
        Thread.sleep(10);
      }
      long pagesAtFirstEdit = pages();
      for (int k = 0; k < edits.size(); k++) {
        String note = "in-flight edit " + k;
        lastEdit = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        firstEdit = firstEdit == null ? lastEdit : firstEdit;
        shop.sim.clock().set(lastEdit);
        shop.sim.update(Resource.ORDERS, edits.get(k), o -> o.put("note", note));
        latest.put(edits.get(k), note);
        Thread.sleep(50);
      }
      assertTrue(pages() > pagesAtFirstEdit, "pages were read between the edits");
      first = running.join();
    } finally {
      shop.sim.setLatencyMs(0);
    }
    // An order edited before its page was read has left the window; one edited after was landed
    // in an older version. Either way the edit is stamped at or after the window's end.
    assertTrue(
        firstEdit.compareTo(first.run().windowTo()) >= 0,
        "edits are stamped at or after the first window's end");
    TestShop.waitPast(lastEdit);

    RunReport next = nextWindow(target, "--tables=order");

    for (long id : edited) {
      assertEquals(
          List.of("note=" + latest.get(id) + "|"),
          target.rows("SELECT note FROM shopify_order WHERE id = " + id),
          "order " + id + " holds its latest edit, once");
    }
    assertEquals(
        List.of("n=" + shop.sim.count(Resource.ORDERS) + "|"),
        target.rows("SELECT count(*) AS n FROM shopify_order"),
        "every order landed");
    // The next window read every edited order exactly once.
    List<Long> read = new ArrayList<>();
    for (GenericRecord r : feed(target, next, "order")) {
      read.add((Long) r.get("id"));
    }
    read.sort(null);
    assertEquals(edited, read);
    assertEquals(first.run().windowTo(), next.run().windowFrom());
  }

  @Test
  void aRunOfSomeTablesLeavesTheOtherTablesAndTheirWindowStartsAsTheyWere() throws Exception {
    Target target = Target.named("some_tables");
    // Tables of the run that follows, others of the same resource, tables of another resource.
    List<String> tables =
        List.of("order", "order_tags", "order_line", "discount_codes", "customer", "customer_tags");
    RunReport full =
        run(
            target,
            "--load=all",
            "--safetyLag=PT0S",
            "--runId=full",
            "--tables=" + String.join(",", tables));
    Map<String, List<String>> before =
        Landed.exactSnapshot(target.db, PostgresServer.SUPERUSER, tables);
    List<String> fullRun = courierRun(target, "full");

    // Changes to what the tables not in the next run hold: a line of an order, a customer's tags.
    shop.clockToNow();
    long order =
        shop.sim.ids(Resource.ORDERS).stream()
            .filter(id -> shop.sim.entity(Resource.ORDERS, id).path("line_items").size() >= 2)
            .findFirst()
            .orElseThrow();
    long line =
        shop.sim.entity(Resource.ORDERS, order).path("line_items").get(0).path("id").asLong();
    shop.sim.removeLineItem(order, line);
    shop.sim.update(Resource.ORDERS, order, o -> o.put("note", "seen by --tables=order"));
    shop.sim.retag(Resource.CUSTOMERS, shop.sim.ids(Resource.CUSTOMERS).get(0), "retagged");
    TestShop.waitPast(shop.sim.clock().now());

    RunReport some = nextWindow(target, "--tables=order,order_tags");

    Map<String, List<String>> after =
        Landed.exactSnapshot(target.db, PostgresServer.SUPERUSER, tables);
    assertTrue(before.get("order_line").size() > 0 && before.get("customer_tags").size() > 0);
    for (String table : tables) {
      if (!Set.of("order", "order_tags").contains(table)) {
        assertEquals(before.get(table), after.get(table), table + " is untouched");
      }
    }
    assertEquals(
        List.of("note=seen by --tables=order|_run_id=next|"),
        target.rows("SELECT note, _run_id FROM shopify_order WHERE id = " + order),
        "the run did land the order");
    assertEquals(fullRun, courierRun(target, "full"), "the first run's record is untouched");
    JdbcTarget jdbc = JdbcTarget.of(target.db).withUser(PostgresServer.SUPERUSER);
    for (String table : tables) {
      Instant expected =
          Set.of("order", "order_tags").contains(table)
              ? some.run().windowTo()
              : full.run().windowTo();
      assertEquals(
          java.util.Optional.of(expected),
          CourierRuns.committedWindowEnd(jdbc, full.run().shop(), table),
          "where the next incremental run of " + table + " starts");
    }
  }

  @Test
  void aMalformedNewVersionIsRejectedAndThePreviousRowKept() throws Exception {
    Target target = Target.named("rejected");
    run(target, "--load=all", "--safetyLag=PT0S", "--tables=order,order_line", "--runId=landed");
    List<Long> withLines =
        shop.sim.ids(Resource.ORDERS).stream()
            .filter(id -> shop.sim.entity(Resource.ORDERS, id).path("line_items").size() >= 2)
            .toList();
    long order = withLines.get(withLines.size() - 1); // the other tests edit the first ones
    String rowSql = "SELECT * FROM shopify_order WHERE id = " + order;
    String linesSql = "SELECT * FROM shopify_order_line WHERE _root_id = " + order;
    List<String> row = target.rows(rowSql);
    List<String> lines = target.rows(linesSql);
    assertEquals(1, row.size());
    assertTrue(row.get(0).contains("_run_id=landed|"), row.get(0));

    String price = shop.sim.entity(Resource.ORDERS, order).path("total_price").asText();
    shop.clockToNow();
    // Both views of the order: REST's total_price and the money bag GraphQL serves it from.
    shop.sim.update(
        Resource.ORDERS,
        order,
        o -> {
          o.put("total_price", "a lot");
          ((ObjectNode) o.path("total_price_set").path("shop_money")).put("amount", "a lot");
        });
    RunReport next;
    try {
      TestShop.waitPast(shop.sim.clock().now());
      next = nextWindow(target, "--tables=order,order_line");
    } finally {
      shop.sim.update(
          Resource.ORDERS,
          order,
          o -> {
            o.put("total_price", price);
            ((ObjectNode) o.path("total_price_set").path("shop_money")).put("amount", price);
          });
    }

    assertEquals(row, target.rows(rowSql), "the previous order row stays");
    assertEquals(lines, target.rows(linesSql), "and so do its lines");
    assertEquals(1, next.rejects());
    assertEquals(
        List.of("rejects=1|"),
        target.rows("SELECT rejects FROM courier_runs WHERE run_id = 'next'"),
        "courier_runs counts the reject");
    List<GenericRecord> rejects = feed(target, next, "_rejects");
    assertEquals(1, rejects.size(), rejects.toString());
    GenericRecord reject = rejects.get(0);
    assertEquals(order, reject.get("root_id"));
    assertEquals("order", reject.get("table").toString());
    assertTrue(reject.get("reason").toString().contains("total_price"), reject.toString());
    assertTrue(reject.get("raw_json").toString().contains("\"a lot\""), reject.toString());
  }

  /** Order list pages the shop has served, over either API. */
  private static long pages() {
    return shop.sim.counters().getRequests("orders.json")
        + shop.sim.counters().getRequests("graphql:OrdersPage");
  }

  /** The run's courier_runs row, every column. */
  private static List<String> courierRun(Target target, String runId) throws Exception {
    return target.rows("SELECT * FROM courier_runs WHERE run_id = '" + runId + "'");
  }

  /** The records of a run's feed ("order", "_rejects"), from the files its manifest names. */
  private static List<GenericRecord> feed(Target target, RunReport report, String feed)
      throws Exception {
    JsonNode manifest = report.manifest();
    JsonNode files =
        feed.equals("_rejects")
            ? manifest.path("rejects").path("files")
            : manifest.path("tables").path(feed).path("files");
    List<GenericRecord> records = new ArrayList<>();
    for (JsonNode file : files) {
      records.addAll(Landed.records(target.output.resolve(file.asText())));
    }
    return records;
  }
}
