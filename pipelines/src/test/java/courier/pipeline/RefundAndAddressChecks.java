package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The refund and order_address tables against the simulator's JSON: every refunded line finds its
 * refund, a refund's amount is its successful refund transactions, and a guest order's billing and
 * shipping addresses land with their values and semantic tags (column comments, Parquet footer).
 */
final class RefundAndAddressChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RefundAndAddressChecks() {}

  /** Checks the run {@code runId} landed in {@code output}'s feeds and embedded database. */
  static void check(ShopifySimulator sim, Instant from, Instant to, Path output, String runId)
      throws SQLException, IOException {
    try (Connection c = DriverManager.getConnection(Landed.h2Url(output), "sa", "")) {
      assertEquals(
          0L,
          single(
              c,
              "SELECT count(*) FROM shopify_order_line_refund l"
                  + " LEFT JOIN shopify_refund r ON r.id = l.refund_id WHERE r.id IS NULL"),
          "order_line_refund rows without their refund");
      JsonNode refunded = firstRefundedOrder(sim, from, to);
      JsonNode refund = refunded.path("refunds").get(0);
      BigDecimal amount = BigDecimal.ZERO;
      for (JsonNode t : refund.path("transactions")) {
        if (t.path("kind").asText().equals("refund")
            && t.path("status").asText().equals("success")) {
          amount = amount.add(new BigDecimal(t.path("amount").asText()));
        }
      }
      try (PreparedStatement s =
          c.prepareStatement("SELECT order_id, refunded_amount FROM shopify_refund WHERE id = ?")) {
        s.setLong(1, refund.path("id").asLong());
        try (ResultSet rs = s.executeQuery()) {
          assertTrue(rs.next(), "refund " + refund.path("id") + " is in the database");
          assertEquals(refunded.path("id").asLong(), rs.getLong(1));
          assertEquals(0, amount.compareTo(rs.getBigDecimal(2)), "refunded_amount " + amount);
        }
      }

      JsonNode guest = firstGuestOrder(sim, from, to);
      List<String> landed = new ArrayList<>();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT kind, first_name, zip FROM shopify_order_address WHERE order_id = ?"
                  + " ORDER BY kind")) {
        s.setLong(1, guest.path("id").asLong());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            landed.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
          }
        }
      }
      assertEquals(
          List.of(expected(guest, "billing"), expected(guest, "shipping")),
          landed,
          "the guest order's addresses");
      try (ResultSet rs =
          c.getMetaData().getColumns(null, null, "shopify_order_address", "first_name")) {
        assertTrue(rs.next());
        assertTrue(rs.getString("REMARKS").contains("given-name"), rs.getString("REMARKS"));
      }
    }
    JsonNode tags = footerTags(output, "order_address", runId);
    for (Map.Entry<String, String> tag :
        Map.of(
                "first_name",
                "given-name",
                "last_name",
                "surname",
                "zip",
                "postal",
                "province",
                "state",
                "address1",
                "address",
                "phone",
                "phone")
            .entrySet()) {
      assertEquals(tag.getValue(), tags.path(tag.getKey()).path(0).asText(), "footer " + tags);
    }
  }

  private static String expected(JsonNode order, String kind) {
    JsonNode address = order.path(kind + "_address");
    return kind + "|" + address.path("first_name").asText() + "|" + address.path("zip").asText();
  }

  private static JsonNode firstGuestOrder(ShopifySimulator sim, Instant from, Instant to) {
    for (long id : sim.ids(Resource.ORDERS, from, to)) {
      JsonNode order = sim.entity(Resource.ORDERS, id);
      if (order.path("customer").isNull() && order.path("billing_address").isObject()) {
        return order;
      }
    }
    throw new AssertionError("the window must hold a guest order with addresses");
  }

  private static JsonNode firstRefundedOrder(ShopifySimulator sim, Instant from, Instant to) {
    for (long id : sim.ids(Resource.ORDERS, from, to)) {
      JsonNode order = sim.entity(Resource.ORDERS, id);
      if (order.path("refunds").size() > 0) {
        return order;
      }
    }
    throw new AssertionError("the window must hold a refunded order");
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  static JsonNode footerTags(Path output, String table, String runId) throws IOException {
    Path feed = output.resolve("feeds").resolve(table).resolve("run_id=" + runId);
    Path file;
    try (Stream<Path> files = Files.list(feed)) {
      file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      return JSON.readTree(
          reader.getFooter().getFileMetaData().getKeyValueMetaData().get("courier.semantic_tags"));
    }
  }
}
