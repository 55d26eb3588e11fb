package courier.shopify;

import static courier.shopify.ScriptedServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each resource's facts (scopes per transport, windowed or read whole, GraphQL only) and the REST
 * follow-ups that complete a listed entity: a customer's addresses beyond the ten embedded, a
 * product at REST's variant limit.
 */
class ShopifyResourceTest {
  @TempDir Path dir;

  @Test
  void graphqlPageQueriesNeedTheScopesOfTheFieldsTheyReadToo() {
    assertEquals(
        List.of("read_orders", "read_customers", "read_locations"),
        ShopifyResource.ORDERS.scopes(Transport.GRAPHQL));
    assertEquals(
        List.of("read_customers", "read_orders"),
        ShopifyResource.CUSTOMERS.scopes(Transport.GRAPHQL));
    assertEquals(List.of("read_orders"), ShopifyResource.ORDERS.scopes(Transport.REST));
    assertEquals(List.of("read_customers"), ShopifyResource.CUSTOMERS.scopes(Transport.REST));
    assertEquals(List.of("read_products"), ShopifyResource.PRODUCTS.scopes(Transport.GRAPHQL));
    assertEquals(List.of("read_orders"), ShopifyResource.CHECKOUTS.scopes(Transport.GRAPHQL));
  }

  @Test
  void locationsAndSegmentsAreReadWholeAndOnlySegmentsAreGraphqlOnly() {
    for (ShopifyResource r : ShopifyResource.values()) {
      boolean whole = r == ShopifyResource.LOCATIONS || r == ShopifyResource.SEGMENTS;
      assertEquals(whole, r.readWhole(), r.path());
      assertEquals(!whole, r.windowed(), r.path());
      assertEquals(r == ShopifyResource.SEGMENTS, r.graphqlOnly(), r.path());
      assertSame(r, ShopifyResource.fromPath(r.path()));
    }
    assertEquals("any", ShopifyResource.CHECKOUTS.listParameters().get("status"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ShopifyResource.fromPath("carts"));
    assertTrue(e.getMessage().contains("valid: customers, orders"), e.getMessage());
  }

  /** Counts what the follow-ups report. */
  private static final class Completeness implements ShopifyResource.CompletenessObserver {
    final AtomicInteger addresses = new AtomicInteger();
    final AtomicInteger truncated = new AtomicInteger();

    @Override
    public void addressesCompleted() {
      addresses.incrementAndGet();
    }

    @Override
    public void variantsPossiblyTruncated() {
      truncated.incrementAndGet();
    }
  }

  private static ObjectNode withArray(String key, int size) {
    ObjectNode entity = ShopifyJson.mapper().createObjectNode().put("id", 7);
    ArrayNode array = entity.putArray(key);
    for (int i = 0; i < size; i++) {
      array.addObject().put("id", i + 1);
    }
    return entity;
  }

  @Test
  void aProductAtRestsVariantLimitIsReportedPossiblyTruncated() {
    Completeness seen = new Completeness();
    ObjectNode under = withArray("variants", ShopifyResource.REST_VARIANT_LIMIT - 1);
    assertSame(under, ShopifyResource.PRODUCTS.completeRestEntity(under, null, seen));
    assertEquals(0, seen.truncated.get());
    ObjectNode at = withArray("variants", ShopifyResource.REST_VARIANT_LIMIT);
    assertSame(at, ShopifyResource.PRODUCTS.completeRestEntity(at, null, seen));
    assertEquals(1, seen.truncated.get());
    assertEquals(ShopifyResource.REST_VARIANT_LIMIT, at.get("variants").size(), "left as listed");
  }

  @Test
  void aCustomerWithTenEmbeddedAddressesGetsAllOfThemUnlessItIsGone() throws Exception {
    try (ScriptedServer server = new ScriptedServer()) {
      Path token = dir.resolve("token");
      Files.writeString(token, "shpat_resource_test");
      ShopifyClient client =
          ShopifyClient.create(
              ShopifyClientConfig.create()
                  .withShop(ShopDomain.of("acme"))
                  .withCredentials(ShopifyCredentials.accessTokenFromFile(token.toString()))
                  .withBaseUrl(server.baseUrl())
                  .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(5)),
              RequestObserver.NONE);
      Completeness seen = new Completeness();
      ObjectNode nine = withArray("addresses", ShopifyResource.EMBEDDED_ADDRESS_LIMIT - 1);
      assertSame(nine, ShopifyResource.CUSTOMERS.completeRestEntity(nine, client, seen));
      assertEquals(0, server.requests().size(), "fewer than ten: all are embedded");

      String twelve = withArray("addresses", 12).toString();
      server.then(json(200, twelve)).then(json(404, "{\"errors\":\"Not Found\"}"));
      ObjectNode ten = withArray("addresses", ShopifyResource.EMBEDDED_ADDRESS_LIMIT);
      ShopifyResource.CUSTOMERS.completeRestEntity(ten, client, seen);
      assertEquals(12, ten.get("addresses").size());
      assertEquals(1, seen.addresses.get());
      assertTrue(server.requests().get(0).pathAndQuery().contains("/customers/7/addresses.json"));

      ObjectNode gone = withArray("addresses", ShopifyResource.EMBEDDED_ADDRESS_LIMIT);
      ShopifyResource.CUSTOMERS.completeRestEntity(gone, client, seen);
      assertEquals(ShopifyResource.EMBEDDED_ADDRESS_LIMIT, gone.get("addresses").size());
      assertEquals(1, seen.addresses.get(), "nothing completed for a customer deleted meanwhile");

      ObjectNode none = ShopifyJson.mapper().createObjectNode().put("id", 8);
      assertSame(none, ShopifyResource.CUSTOMERS.completeRestEntity(none, client, seen));
      none.put("addresses", "not a list");
      assertSame(none, ShopifyResource.CUSTOMERS.completeRestEntity(none, client, seen));
      assertEquals(2, server.requests().size());
      assertFalse(seen.truncated.get() > 0);
    }
  }
}
