package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.fetch.ShopifyEntity;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The normalizer reads an entity the fetch made from the tree its page was parsed into, and one the
 * runner encoded on the way (Flink without {@code fasterCopy}, a shuffle) from its bytes: both must
 * give the same rows or the same reject, or a run's tables would depend on the runner's settings.
 */
class FetchedTreeTest {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();
  private static final Instant SYNCED_AT = Instant.parse("2026-05-01T00:00:00Z");
  private static final long CUSTOMER = 207119551L;

  @Test
  void everyFixtureNormalizesTheSameFromTheFetchedTreeAsFromItsBytes() throws IOException {
    int compared = 0;
    for (Fixtures.Payload payload : Fixtures.payloads()) {
      EntityNormalizer.Outcome fromTree =
          assertSameOutcome(payload.resource(), payload.json().toString());
      assertInstanceOf(EntityNormalizer.Normalized.class, fromTree, payload.json().path("id") + "");
      compared++;
    }
    assertTrue(compared > 20, compared + " fixtures");
  }

  @Test
  void numbersAtTheEdgesNormalizeTheSameFromTheTreeAsFromTheBytes() throws IOException {
    // Beyond a double's range Jackson holds a number as an infinite double even with big decimals
    // on; written as the quoted text "Infinity" it came back as a string and landed in a text
    // column.
    List<String> numbers =
        List.of(
            "1e999999999",
            "-1e999999999",
            "1e-999999999",
            "1e2",
            "1.0",
            "2.50",
            "-0.0",
            "123456789012345678901234567890",
            "9223372036854775808");
    List<String> columns =
        List.of("note", "orders_count", "total_spent", "last_order_id", "verified_email");
    for (String column : columns) {
      for (String number : numbers) {
        ObjectNode customer = Fixtures.payload(ShopifyResource.CUSTOMERS, CUSTOMER);
        customer.remove(column);
        String json =
            customer.toString().replaceFirst("\\{", "{\"" + column + "\":" + number + ",");
        assertSameOutcome(ShopifyResource.CUSTOMERS, json);
      }
    }
    assertTrue(noteRejected("1e999999999").contains("out of range"));
    // As text it would be a billion characters long.
    assertTrue(noteRejected("1e-999999999").contains("more than 100 fraction digits"));
  }

  private static String noteRejected(String number) throws IOException {
    ObjectNode customer = Fixtures.payload(ShopifyResource.CUSTOMERS, CUSTOMER);
    customer.remove("note");
    String json = customer.toString().replaceFirst("\\{", "{\"note\":" + number + ",");
    EntityNormalizer.Rejected rejected =
        assertInstanceOf(
            EntityNormalizer.Rejected.class, normalize(fetched(ShopifyResource.CUSTOMERS, json)));
    assertEquals("customer", rejected.table());
    return rejected.reason();
  }

  /** Normalizes the JSON as fetched and after the entity's coder; returns the tree's outcome. */
  private static EntityNormalizer.Outcome assertSameOutcome(ShopifyResource resource, String json)
      throws IOException {
    ShopifyEntity fetched = fetched(resource, json);
    ShopifyEntity decoded =
        CoderUtils.clone(ShopifyEntity.EntityCoder.of(), fetched(resource, json));
    EntityNormalizer.Outcome fromTree = normalize(fetched);
    assertEquals(normalize(decoded), fromTree, json.length() > 120 ? json.substring(0, 120) : json);
    return fromTree;
  }

  /** As the fetch makes it: the page's parse, then the tree handed over. */
  private static ShopifyEntity fetched(ShopifyResource resource, String json) throws IOException {
    ObjectNode tree = (ObjectNode) ShopifyJson.mapper().readTree(json);
    return ShopifyEntity.of(Fixtures.SHOP, resource, tree);
  }

  private static EntityNormalizer.Outcome normalize(ShopifyEntity entity) {
    return EntityNormalizer.normalize(entity, TABLES, "run", SYNCED_AT);
  }
}
