package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The abandoned checkout and segment tables against the simulator: a guest checkout lands its
 * e-mail and both addresses with their semantic tags (column comments, Parquet footer), a recovered
 * checkout its completed_at, and every segment its members as the segment's query selects them now.
 */
final class CheckoutAndSegmentChecks {
  private CheckoutAndSegmentChecks() {}

  /** Checks the run {@code runId} landed in {@code output}'s feeds and embedded database. */
  static void check(ShopifySimulator sim, Instant from, Instant to, Path output, String runId)
      throws SQLException, IOException {
    String db = Landed.h2Url(output);
    JsonNode guest = first(sim, from, to, c -> c.path("customer").isNull());
    long guestId = guest.path("id").asLong();
    assertEquals(
        List.of(
            "kind=billing|first_name="
                + guest.at("/billing_address/first_name").asText()
                + "|zip="
                + guest.at("/billing_address/zip").asText()
                + "|",
            "kind=shipping|first_name="
                + guest.at("/shipping_address/first_name").asText()
                + "|zip="
                + guest.at("/shipping_address/zip").asText()
                + "|"),
        Landed.rows(
            db,
            "sa",
            "SELECT kind, first_name, zip FROM shopify_abandoned_checkout_address"
                + " WHERE checkout_id = "
                + guestId,
            Set.of()),
        "the guest checkout's addresses");
    assertEquals(
        List.of("customer_id=null|"),
        Landed.rows(
            db,
            "sa",
            "SELECT customer_id FROM shopify_abandoned_checkout WHERE id = " + guestId,
            Set.of()),
        "a guest checkout has no customer");
    try (Connection c = DriverManager.getConnection(db, "sa", "")) {
      assertTrue(
          comment(c, "shopify_abandoned_checkout_address", "first_name").contains("given-name"));
      assertTrue(comment(c, "shopify_abandoned_checkout", "customer_id").contains("ck"));
    }
    JsonNode tags = RefundAndAddressChecks.footerTags(output, "abandoned_checkout_address", runId);
    for (Map.Entry<String, String> tag :
        Map.of("first_name", "given-name", "zip", "postal", "address1", "address", "phone", "phone")
            .entrySet()) {
      assertEquals(tag.getValue(), tags.path(tag.getKey()).path(0).asText(), "footer " + tags);
    }

    JsonNode completed = first(sim, from, to, c -> c.path("completed_at").isTextual());
    assertEquals(
        List.of(
            "completed_at="
                + java.time.OffsetDateTime.parse(completed.path("completed_at").asText())
                    .toInstant()
                + "|"),
        Landed.rows(
            db,
            "sa",
            "SELECT completed_at FROM shopify_abandoned_checkout WHERE id = "
                + completed.path("id").asLong(),
            Set.of()),
        "a checkout completed into an order later");

    Map<Long, List<Long>> landed = new TreeMap<>();
    for (String row :
        Landed.rows(
            db,
            "sa",
            "SELECT s.id, m.customer_id FROM shopify_customer_segment s"
                + " LEFT JOIN shopify_customer_segment_member m ON m.segment_id = s.id",
            Set.of())) {
      String[] cells = row.split("\\|");
      List<Long> members = landed.computeIfAbsent(value(cells[0]), k -> new ArrayList<>());
      if (!cells[1].endsWith("=null")) {
        members.add(value(cells[1]));
      }
    }
    landed.values().forEach(members -> members.sort(null));
    assertEquals(sim.segmentMembers(), landed, "every segment with every member");
  }

  private static long value(String cell) {
    return Long.parseLong(cell.substring(cell.indexOf('=') + 1));
  }

  private static String comment(Connection c, String table, String column) throws SQLException {
    try (ResultSet rs = c.getMetaData().getColumns(null, null, table, column)) {
      assertTrue(rs.next(), table + "." + column);
      return rs.getString("REMARKS");
    }
  }

  private static JsonNode first(
      ShopifySimulator sim,
      Instant from,
      Instant to,
      java.util.function.Predicate<JsonNode> which) {
    for (long id : sim.ids(Resource.CHECKOUTS, from, to)) {
      JsonNode checkout = sim.entity(Resource.CHECKOUTS, id);
      if (which.test(checkout)) {
        return checkout;
      }
    }
    throw new AssertionError("the window must hold such a checkout");
  }
}
