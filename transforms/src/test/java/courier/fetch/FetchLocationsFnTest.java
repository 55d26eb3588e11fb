package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.shopify.ShopifyResource;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import org.junit.jupiter.api.Test;

/** The locations DoFn called directly: every location of the shop, once, as the shop's entity. */
class FetchLocationsFnTest {
  @Test
  void everyLocationIsEmittedForTheShop() {
    try (ShopifySimulator sim = SmallShop.start()) {
      FetchLocationsFn fn = new FetchLocationsFn(SmallShop.settings(SmallShop.client(sim), 50, 10));
      fn.setup();
      CollectedOutput<ShopifyEntity> out = new CollectedOutput<>();
      try {
        fn.process("acme.myshopify.com", out);
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
