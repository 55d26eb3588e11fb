package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Value-level checks of a landed order against the simulator's JSON: the largest id (beyond 2^53),
 * money exact to the cent in both sinks, timestamps converted from the shop's offset to the same
 * UTC instant, and the semantic tags present in the Parquet footer and the column comments.
 */
final class ValueChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ValueChecks() {}

  static void orderRoundTrips(
      ShopifySimulator sim,
      Instant from,
      Instant to,
      String jdbcUrl,
      String user,
      Path output,
      String runId)
      throws SQLException, IOException {
    List<Long> ids = sim.ids(Resource.ORDERS, from, to);
    long id = ids.get(ids.size() - 1);
    JsonNode order = sim.entity(Resource.ORDERS, id);
    BigDecimal totalPrice = new BigDecimal(order.path("total_price").asText());
    Instant createdAt = OffsetDateTime.parse(order.path("created_at").asText()).toInstant();

    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        PreparedStatement s =
            c.prepareStatement(
                "SELECT total_price, created_at, name FROM shopify_order WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        assertTrue(rs.next(), "order " + id + " is in the database");
        assertEquals(0, totalPrice.compareTo(rs.getBigDecimal(1)), "total_price " + totalPrice);
        assertEquals(
            createdAt, rs.getObject(2, OffsetDateTime.class).toInstant(), "created_at in UTC");
        assertEquals(order.path("name").asText(), rs.getString(3));
      }
      try (ResultSet rs = c.getMetaData().getColumns(null, null, "shopify_customer", "email")) {
        assertTrue(rs.next());
        assertTrue(
            rs.getString("REMARKS").contains("email"),
            "column comment carries the tag: " + rs.getString("REMARKS"));
      }
    }

    Path feed = output.resolve("feeds").resolve("order").resolve("run_id=" + runId);
    GenericRecord record = null;
    try (Stream<Path> files = Files.list(feed)) {
      for (Path f :
          (Iterable<Path>) files.filter(p -> p.toString().endsWith(".parquet"))::iterator) {
        for (GenericRecord r : Landed.records(f)) {
          if ((Long) r.get("id") == id) {
            record = r;
          }
        }
      }
    }
    assertTrue(record != null, "order " + id + " is in the feed");
    Schema.Field price = record.getSchema().getField("total_price");
    Schema priceType =
        price.schema().getTypes().stream()
            .filter(t -> t.getType() == Schema.Type.BYTES)
            .findFirst()
            .orElseThrow();
    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) priceType.getLogicalType();
    BigDecimal fromParquet =
        new Conversions.DecimalConversion()
            .fromBytes((ByteBuffer) record.get("total_price"), priceType, decimal);
    assertEquals(0, totalPrice.compareTo(fromParquet), "Parquet total_price");
    assertEquals(4, decimal.getScale());
    assertEquals(
        createdAt.toEpochMilli(),
        (Long) record.get("created_at"),
        "Parquet created_at (UTC millis)");

    Path customerFeed = output.resolve("feeds").resolve("customer").resolve("run_id=" + runId);
    Path customerFile;
    try (Stream<Path> files = Files.list(customerFeed)) {
      customerFile = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(customerFile.toUri()), new Configuration()))) {
      java.util.Map<String, String> footer =
          reader.getFooter().getFileMetaData().getKeyValueMetaData();
      JsonNode tags = JSON.readTree(footer.get("courier.semantic_tags"));
      assertEquals("email", tags.path("email").get(0).asText(), "footer tags: " + tags);
      assertEquals("ck", tags.path("id").get(0).asText(), "footer tags: " + tags);
      JsonNode avro = JSON.readTree(footer.get("parquet.avro.schema"));
      JsonNode firstName = null;
      for (JsonNode field : avro.path("fields")) {
        if (field.path("name").asText().equals("first_name")) {
          firstName = field;
        }
      }
      assertTrue(
          firstName != null && firstName.toString().contains("given-name"),
          "Avro field property: " + firstName);
    }
  }
}
