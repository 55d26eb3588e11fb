package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.fetch.ShopifyEntity;
import courier.normalize.EntityNormalizer;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline's database write (bench --database): a product's rows, normalized by the courier's
 * normalizer, land in the domain tables with their values, more rows than a batch included.
 */
class PlainTableWriterTest {
  private static final String SHOP = "bench.myshopify.com";

  @Test
  void everyRowLandsInItsDomainTableWithItsValues(@TempDir Path dir) throws Exception {
    List<TableSchema> tables = SchemaCatalog.packaged().tables();
    JdbcTarget target =
        JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE")
            .withUser("sa");
    int products = PlainTableWriter.BATCH + 7; // a full batch and a partial one
    Map<String, Long> written = new LinkedHashMap<>();
    try (Connection connection = target.connect()) {
      Map<String, PlainTableWriter> writers = new LinkedHashMap<>();
      for (TableSchema table : tables) {
        writers.put(table.name(), PlainTableWriter.open(target, connection, table));
      }
      for (int i = 1; i <= products; i++) {
        EntityNormalizer.Normalized normalized =
            (EntityNormalizer.Normalized)
                EntityNormalizer.normalize(
                    product(i), tables, "r1", Instant.parse("2026-01-01T00:00:00Z"));
        for (Map.Entry<String, List<Row>> e : normalized.rows().entrySet()) {
          for (Row row : e.getValue()) {
            writers.get(e.getKey()).write(row);
          }
        }
      }
      for (PlainTableWriter writer : writers.values()) {
        writer.close();
        written.put(writer.table(), writer.rows());
      }
    }
    assertEquals((long) products, written.get("product"));
    assertEquals(2L * products, written.get("product_variant"));
    try (Connection connection = target.connect();
        Statement s = connection.createStatement()) {
      for (Map.Entry<String, Long> e : written.entrySet()) {
        try (ResultSet r =
            s.executeQuery("SELECT COUNT(*) FROM " + target.table(e.getKey()) + "")) {
          r.next();
          assertEquals(e.getValue().longValue(), r.getLong(1), e.getKey());
        }
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT \"title\", \"_shop\", \"_deleted_at\" FROM "
                  + target.table("product")
                  + " WHERE \"id\" = 1000")) {
        r.next();
        assertEquals("Product 1000", r.getString(1));
        assertEquals(SHOP, r.getString(2));
        assertEquals(null, r.getObject(3));
      }
      try (ResultSet r =
          s.executeQuery(
              "SELECT SUM(\"price\") FROM "
                  + target.table("product_variant")
                  + " WHERE \"product_id\" = 1000")) {
        r.next();
        assertEquals(new BigDecimal("2001.00"), r.getBigDecimal(1).setScale(2));
      }
    }
  }

  private static ShopifyEntity product(int id) {
    String json =
        "{\"id\":"
            + id
            + ",\"title\":\"Product "
            + id
            + "\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"variants\":["
            + "{\"id\":"
            + (100_000 + 2 * id)
            + ",\"product_id\":"
            + id
            + ",\"price\":\"1000.50\"},{\"id\":"
            + (100_001 + 2 * id)
            + ",\"product_id\":"
            + id
            + ",\"price\":\"1000.50\"}]}";
    return new ShopifyEntity(SHOP, ShopifyResource.PRODUCTS, id, 0, json);
  }
}
