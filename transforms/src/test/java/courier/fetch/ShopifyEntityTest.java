package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyResource;
import courier.shopify.graphql.RestFields;
import org.junit.jupiter.api.Test;

/** Equal entities hash alike; entities of other ids or versions spread over hash buckets. */
class ShopifyEntityTest {
  private static ShopifyEntity order(long id, String updatedAt) {
    ObjectNode json = RestFields.newObject();
    json.put("id", id);
    json.put("updated_at", updatedAt);
    return ShopifyEntity.of("acme.myshopify.com", ShopifyResource.ORDERS, json);
  }

  @Test
  void equalEntitiesHashAlikeAndOthersApart() {
    ShopifyEntity one = order(1, "2026-11-01T00:00:00Z");
    assertEquals(one, order(1, "2026-11-01T00:00:00Z"));
    assertEquals(one.hashCode(), order(1, "2026-11-01T00:00:00Z").hashCode());
    assertNotEquals(one.hashCode(), order(2, "2026-11-01T00:00:00Z").hashCode(), "another id");
    assertNotEquals(one.hashCode(), order(1, "2026-11-01T00:00:01Z").hashCode(), "a new version");
  }
}
