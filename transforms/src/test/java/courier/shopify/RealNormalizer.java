package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.fetch.ShopifyEntity;
import courier.normalize.EntityNormalizer;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import java.time.Instant;
import java.util.List;

/** Runs a REST-shaped entity through the real normalizer and schema files. */
final class RealNormalizer {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();

  private RealNormalizer() {}

  static EntityNormalizer.Outcome normalize(ShopifyResource resource, ObjectNode entity) {
    ShopifyEntity fetched =
        new ShopifyEntity(
            "acme.myshopify.com",
            resource,
            ShopifyJson.id(entity),
            ShopifyJson.updatedAtMillis(entity, ShopifyEntity.NO_UPDATED_AT),
            ShopifyJson.toText(entity));
    return EntityNormalizer.normalize(fetched, TABLES, "run-1", Instant.EPOCH);
  }

  /** Normalizes without a reject into the given (table, row count) pairs. */
  static void assertRows(ShopifyResource resource, ObjectNode entity, Object... tableAndRows) {
    EntityNormalizer.Outcome outcome = normalize(resource, entity);
    EntityNormalizer.Normalized normalized =
        assertInstanceOf(EntityNormalizer.Normalized.class, outcome, outcome.toString());
    for (int i = 0; i < tableAndRows.length; i += 2) {
      String table = (String) tableAndRows[i];
      assertEquals(
          tableAndRows[i + 1], normalized.rows().getOrDefault(table, List.of()).size(), table);
    }
  }
}
