package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.shopify.ShopifyResource;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import org.junit.jupiter.api.Test;

/**
 * The read-whole DoFn called directly for locations: every location of the shop, once, as the
 * shop's entity.
 */
class FetchWholeResourceFnTest {
  @Test
  void everyLocationIsEmittedForTheShop() {
    try (ShopifySimulator sim = SmallShop.start()) {
      FetchWholeResourceFn fn =
          new FetchWholeResourceFn(SmallShop.settings(SmallShop.client(sim), 50, 10));
      fn.setup();
      CollectedOutput<ShopifyEntity> out = new CollectedOutput<>();
      try {
        fn.process(ShopifyResource.LOCATIONS.path(), out);
      } finally {
        fn.teardown();
      }
      assertEquals(
          sim.ids(Resource.LOCATIONS),
          out.values.stream().map(ShopifyEntity::id).sorted().toList());
      for (ShopifyEntity location : out.values) {
        assertEquals("acme.myshopify.com", location.shop());
        assertEquals(ShopifyResource.LOCATIONS, location.resource());
      }
    }
  }
}
