package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Filters, Link-header cursors and since_id paging behave as Shopify documents them. */
class PagingAndFiltersTest {
  private static final Instant NOW = Instant.parse("2026-11-01T00:00:00Z");
  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim =
        ShopifySimulator.builder()
            .seed(11)
            .customers(300)
            .orders(1500)
            .products(30)
            .now(NOW)
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static String iso(Instant i, ZoneOffset offset) {
    return OffsetDateTime.ofInstant(i, offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static String enc(String s) {
    return HttpIo.encode(s);
  }

  @Test
  void linkCursorsVisitEveryRecordOfAnUpdatedWindowExactlyOnce() {
    Instant from = NOW.minus(Duration.ofDays(200));
    Instant to = NOW.minus(Duration.ofDays(20));
    String first =
        V
            + "orders.json?status=any&limit=37&updated_at_min="
            + enc(iso(from, ZoneOffset.ofHours(-4)))
            + "&updated_at_max="
            + enc(iso(to, ZoneOffset.ofHours(2)));
    List<JsonNode> got = new ArrayList<>();
    HttpResponse<String> r = TestHttp.get(sim, first);
    int pages = 0;
    while (true) {
      assertEquals(200, r.statusCode(), r.body());
      TestHttp.json(r).get("orders").forEach(got::add);
      pages++;
      String next = TestHttp.link(r, "next");
      if (next == null) {
        break;
      }
      // The next request carries nothing but limit and page_info: the filters live in the cursor.
      String query = URI.create(next).getRawQuery();
      assertTrue(query.matches("limit=37&page_info=[A-Za-z0-9_-]+"), query);
      assertTrue(next.startsWith(sim.baseUrl() + V + "orders.json?"), next);
      r = TestHttp.getUrl(next, sim.accessToken());
    }
    List<Long> expected = sim.ids(Resource.ORDERS, from, to.plusSeconds(1));
    assertTrue(expected.size() > 200, "window holds many orders: " + expected.size());
    assertTrue(pages > 5);
    assertEquals(expected, TestHttp.ids(got));
  }

  @Test
  void sinceIdPagingVisitsEveryRecordOfAnUpdatedWindowExactlyOnce() {
    Instant from = NOW.minus(Duration.ofDays(400));
    Instant to = NOW.minus(Duration.ofDays(100));
    String filters =
        V
            + "orders.json?status=any&updated_at_min="
            + enc(iso(from, ZoneOffset.UTC).replace("+00:00", "Z"))
            + "&updated_at_max="
            + enc(iso(to, ZoneOffset.ofHours(-5)));
    List<JsonNode> got = TestHttp.allBySinceId(sim, filters, "orders", 50);
    assertEquals(sim.ids(Resource.ORDERS, from, to.plusSeconds(1)), TestHttp.ids(got));

    List<Long> customers =
        TestHttp.ids(
            TestHttp.allBySinceId(
                sim,
                V + "customers.json?updated_at_min=" + enc(iso(from, ZoneOffset.UTC)),
                "customers",
                33));
    assertEquals(sim.ids(Resource.CUSTOMERS, from, null), customers);
  }

  @Test
  void boundsAreInclusiveAndAcceptShopifysFormats() {
    long someId = sim.ids(Resource.ORDERS).get(700);
    Instant t =
        OffsetDateTime.parse(sim.entity(Resource.ORDERS, someId).get("updated_at").asText())
            .toInstant();
    List<Long> exact = sim.ids(Resource.ORDERS, t, t.plusSeconds(1));
    assertTrue(exact.contains(someId));

    for (String form :
        List.of(
            iso(t, ZoneOffset.ofHours(-5)),
            iso(t, ZoneOffset.UTC).replace("+00:00", "Z"),
            iso(t, ZoneOffset.ofHours(9)),
            // No offset: the shop's time zone (-05:00), with a space as in Shopify's examples.
            OffsetDateTime.ofInstant(t, ZoneOffset.ofHours(-5))
                .toLocalDateTime()
                .toString()
                .replace('T', ' '))) {
      String q =
          V + "orders.json?status=any&updated_at_min=" + enc(form) + "&updated_at_max=" + enc(form);
      assertEquals(exact, TestHttp.ids(TestHttp.allByLink(sim, q, "orders")), form);
      JsonNode count =
          TestHttp.json(
              TestHttp.get(
                  sim,
                  V
                      + "orders/count.json?status=any&updated_at_min="
                      + enc(form)
                      + "&updated_at_max="
                      + enc(form)));
      assertEquals(exact.size(), count.get("count").asInt(), form);
    }
    HttpResponse<String> bad = TestHttp.get(sim, V + "orders.json?updated_at_min=yesterday");
    assertEquals(400, bad.statusCode());
    assertTrue(TestHttp.json(bad).get("errors").has("updated_at_min"));
  }

  @Test
  void createdAtFiltersAndCountsAgree() {
    String min = enc(iso(NOW.minus(Duration.ofDays(300)), ZoneOffset.ofHours(-5)));
    String max = enc(iso(NOW.minus(Duration.ofDays(250)), ZoneOffset.ofHours(-5)));
    List<JsonNode> list =
        TestHttp.allByLink(
            sim,
            V + "orders.json?status=any&limit=250&created_at_min=" + min + "&created_at_max=" + max,
            "orders");
    assertFalse(list.isEmpty());
    for (JsonNode o : list) {
      Instant c = OffsetDateTime.parse(o.get("created_at").asText()).toInstant();
      assertFalse(
          c.isBefore(NOW.minus(Duration.ofDays(300)))
              || c.isAfter(NOW.minus(Duration.ofDays(250))));
    }
    JsonNode count =
        TestHttp.json(
            TestHttp.get(
                sim,
                V
                    + "orders/count.json?status=any&created_at_min="
                    + min
                    + "&created_at_max="
                    + max));
    assertEquals(list.size(), count.get("count").asInt());
  }

  @Test
  void previousLinkLeadsBackToThePreviousPage() {
    HttpResponse<String> p1 = TestHttp.get(sim, V + "customers.json?limit=20");
    assertNull(TestHttp.link(p1, "previous"), "no previous link on the first page");
    HttpResponse<String> p2 = TestHttp.getUrl(TestHttp.link(p1, "next"), sim.accessToken());
    HttpResponse<String> p3 = TestHttp.getUrl(TestHttp.link(p2, "next"), sim.accessToken());
    HttpResponse<String> back = TestHttp.getUrl(TestHttp.link(p3, "previous"), sim.accessToken());
    assertEquals(p2.body(), back.body());
    HttpResponse<String> start = TestHttp.getUrl(TestHttp.link(p2, "previous"), sim.accessToken());
    assertEquals(p1.body(), start.body());
    assertNull(TestHttp.link(start, "previous"));
    assertNotNull(TestHttp.link(start, "next"));
  }

  @Test
  void limitDefaultsTo50AndRejectsOutOfRange() {
    HttpResponse<String> r = TestHttp.get(sim, V + "orders.json?status=any");
    assertEquals(50, TestHttp.json(r).get("orders").size());
    assertTrue(TestHttp.link(r, "next").contains("limit=50&"));
    assertEquals(
        250,
        TestHttp.json(TestHttp.get(sim, V + "orders.json?status=any&limit=250"))
            .get("orders")
            .size());
    for (String bad : List.of("251", "0", "-1", "ten")) {
      HttpResponse<String> e = TestHttp.get(sim, V + "orders.json?limit=" + bad);
      assertEquals(400, e.statusCode(), bad);
      assertTrue(TestHttp.json(e).get("errors").get("limit").isTextual(), e.body());
    }
  }

  @Test
  void pageInfoRefusesOtherParametersButLimitAndFields() {
    HttpResponse<String> first = TestHttp.get(sim, V + "orders.json?status=any&limit=10");
    String next = TestHttp.link(first, "next");
    String pageInfo = next.substring(next.indexOf("page_info=") + "page_info=".length());

    HttpResponse<String> withFilter =
        TestHttp.get(
            sim, V + "orders.json?page_info=" + pageInfo + "&updated_at_min=2026-01-01T00:00:00Z");
    assertEquals(400, withFilter.statusCode());
    assertEquals(
        "updated_at_min cannot be passed when page_info is present.",
        TestHttp.json(withFilter).get("errors").get("updated_at_min").asText());
    assertEquals(
        400,
        TestHttp.get(sim, V + "orders.json?page_info=" + pageInfo + "&status=any").statusCode());
    assertEquals(
        400,
        TestHttp.get(sim, V + "orders.json?page_info=" + pageInfo + "&since_id=5").statusCode());

    HttpResponse<String> ok =
        TestHttp.get(sim, V + "orders.json?page_info=" + pageInfo + "&limit=3&fields=id,name");
    assertEquals(200, ok.statusCode(), ok.body());
    assertEquals(3, TestHttp.json(ok).get("orders").size());
    assertTrue(TestHttp.link(ok, "next").contains("fields=id%2Cname"));

    assertEquals(400, TestHttp.get(sim, V + "orders.json?page_info=garbage").statusCode());
    // A cursor belongs to its endpoint.
    assertEquals(400, TestHttp.get(sim, V + "customers.json?page_info=" + pageInfo).statusCode());
  }

  @Test
  void ordersDefaultToOpenStatus() {
    List<JsonNode> all = TestHttp.allByLink(sim, V + "orders.json?status=any&limit=250", "orders");
    assertEquals(sim.count(Resource.ORDERS), all.size());
    List<Long> open = new ArrayList<>();
    List<Long> closed = new ArrayList<>();
    List<Long> cancelled = new ArrayList<>();
    for (JsonNode o : all) {
      boolean isClosed = !o.get("closed_at").isNull();
      boolean isCancelled = !o.get("cancelled_at").isNull();
      if (!isClosed && !isCancelled) {
        open.add(o.get("id").asLong());
      }
      if (isClosed) {
        closed.add(o.get("id").asLong());
      }
      if (isCancelled) {
        cancelled.add(o.get("id").asLong());
      }
    }
    assertTrue(!open.isEmpty() && !closed.isEmpty() && !cancelled.isEmpty());
    assertEquals(
        open, TestHttp.ids(TestHttp.allByLink(sim, V + "orders.json?limit=250", "orders")));
    assertEquals(
        closed,
        TestHttp.ids(TestHttp.allByLink(sim, V + "orders.json?status=closed&limit=250", "orders")));
    assertEquals(
        cancelled,
        TestHttp.ids(
            TestHttp.allByLink(sim, V + "orders.json?status=cancelled&limit=250", "orders")));
    assertEquals(
        open.size(),
        TestHttp.json(TestHttp.get(sim, V + "orders/count.json")).get("count").asInt());
    assertEquals(
        all.size(),
        TestHttp.json(TestHttp.get(sim, V + "orders/count.json?status=any")).get("count").asInt());
    assertEquals(400, TestHttp.get(sim, V + "orders.json?status=bogus").statusCode());
  }

  @Test
  void fieldsProjectTopLevelKeys() {
    JsonNode body =
        TestHttp.json(TestHttp.get(sim, V + "customers.json?fields=id,%20email,tags&limit=5"));
    for (JsonNode c : body.get("customers")) {
      List<String> keys = new ArrayList<>();
      c.fieldNames().forEachRemaining(keys::add);
      assertEquals(List.of("id", "email", "tags"), keys);
    }
  }

  @Test
  void idsFilterReturnsThoseRecordsAscending() {
    List<Long> all = sim.ids(Resource.CUSTOMERS);
    Set<Long> want = new HashSet<>(List.of(all.get(40), all.get(3), all.get(299)));
    JsonNode body =
        TestHttp.json(
            TestHttp.get(
                sim,
                V
                    + "customers.json?ids="
                    + all.get(40)
                    + ","
                    + all.get(3)
                    + ","
                    + all.get(299)
                    + ",1"));
    assertEquals(
        List.of(all.get(3), all.get(40), all.get(299)),
        TestHttp.ids(toList(body.get("customers"))));
    assertEquals(want.size(), body.get("customers").size());
  }

  @Test
  void noLinkHeaderWhenEverythingFitsAndLocationsAreNotPaged() {
    HttpResponse<String> r = TestHttp.get(sim, V + "products.json?limit=250");
    assertEquals(30, TestHttp.json(r).get("products").size());
    assertTrue(r.headers().firstValue("Link").isEmpty());
    HttpResponse<String> loc = TestHttp.get(sim, V + "locations.json?limit=1");
    assertEquals(4, TestHttp.json(loc).get("locations").size());
    assertTrue(loc.headers().firstValue("Link").isEmpty());
  }

  @Test
  void unknownPathsAndVersions() {
    assertEquals(404, TestHttp.get(sim, V + "widgets.json").statusCode());
    assertEquals(
        "Not Found", TestHttp.json(TestHttp.get(sim, V + "widgets.json")).get("errors").asText());
    assertEquals(404, TestHttp.get(sim, "/admin/api/latest/orders.json").statusCode());
    HttpResponse<String> other = TestHttp.get(sim, "/admin/api/2025-01/orders/count.json");
    assertEquals(200, other.statusCode());
    assertEquals("2025-01", other.headers().firstValue("X-Shopify-API-Version").orElseThrow());
    assertEquals(404, TestHttp.get(sim, V + "customers/1/addresses.json").statusCode());
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }
}
