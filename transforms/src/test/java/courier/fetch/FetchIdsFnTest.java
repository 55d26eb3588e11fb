package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.shopify.EntityPage;
import courier.shopify.ShopifyReader;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Entities reread by id: the ids cut into batches a list request takes (exactly {@link
 * ShopifyReader#MAX_IDS} fill one), and the DoFn called directly against a small simulated shop
 * over both transports: every requested id the shop has comes out once, over as many pages as it
 * takes, and ids the shop no longer has are left out.
 */
class FetchIdsFnTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final int PAGE = 4;

  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim = SmallShop.start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static List<Long> ids(long first, int count) {
    return LongStream.range(first, first + count).boxed().toList();
  }

  @Test
  void idsAreCutIntoBatchesOfAtMostTheListLimitPerResourceRead() {
    Map<ShopifyResource, List<Long>> ids = new EnumMap<>(ShopifyResource.class);
    ids.put(ShopifyResource.CUSTOMERS, ids(1, ShopifyReader.MAX_IDS));
    ids.put(ShopifyResource.ORDERS, ids(1_000, 2 * ShopifyReader.MAX_IDS + 1));
    ids.put(ShopifyResource.PRODUCTS, ids(7, 3));
    ids.put(ShopifyResource.CHECKOUTS, ids(9, 1));

    List<FetchIdsFn.IdBatch> batches =
        FetchIdsFn.batches(
            SHOP,
            ids,
            EnumSet.of(
                ShopifyResource.CUSTOMERS, ShopifyResource.ORDERS, ShopifyResource.PRODUCTS));

    assertEquals(
        List.of(
            new FetchIdsFn.IdBatch(SHOP, ShopifyResource.CUSTOMERS, ids(1, 250)),
            new FetchIdsFn.IdBatch(SHOP, ShopifyResource.ORDERS, ids(1_000, 250)),
            new FetchIdsFn.IdBatch(SHOP, ShopifyResource.ORDERS, ids(1_250, 250)),
            new FetchIdsFn.IdBatch(SHOP, ShopifyResource.ORDERS, ids(1_500, 1)),
            new FetchIdsFn.IdBatch(SHOP, ShopifyResource.PRODUCTS, ids(7, 3))),
        batches,
        "checkouts are not read: their ids are ignored");
  }

  private static List<Long> read(Transport transport, ShopifyResource resource, List<Long> ids) {
    FetchIdsFn fn =
        new FetchIdsFn(
            SmallShop.settings(SmallShop.client(sim).withTransport(transport), PAGE, 10));
    CollectedOutput<ShopifyEntity> out = new CollectedOutput<>();
    fn.setup();
    try {
      fn.process(new FetchIdsFn.IdBatch(SHOP, resource, ids), out);
    } finally {
      fn.teardown();
    }
    for (ShopifyEntity entity : out.values) {
      assertEquals(SHOP, entity.shop());
      assertEquals(resource, entity.resource());
    }
    return out.values.stream().map(ShopifyEntity::id).toList();
  }

  @Test
  void everyIdTheShopHasComesOutOnceOverAsManyPagesAsItTakes() {
    for (Transport transport : Transport.values()) {
      for (Resource resource : List.of(Resource.ORDERS, Resource.CUSTOMERS)) {
        List<Long> all = sim.ids(resource);
        // Two full pages and one short: the short page ends the read, nothing asked after it.
        List<Long> wanted = all.subList(3, 3 + 2 * PAGE + 1);
        List<Long> asked = new ArrayList<>(wanted);
        asked.add(all.get(all.size() - 1) + 1_000); // never existed
        ShopifyResource shopify = ShopifyResource.fromPath(resource.path());
        // List requests only: over REST a customer with many addresses costs one more request.
        String listed = transport == Transport.REST ? resource.path() + ".json" : "graphql.json";
        long requests = sim.counters().getRequests(listed);
        try (StepCounters counters = new StepCounters()) {
          assertEquals(wanted, read(transport, shopify, asked), transport + " " + resource);
          assertEquals(3, counters.get(shopify, FetchStats.PAGES), transport + " " + resource);
          assertEquals(wanted.size(), counters.get(shopify, FetchStats.RECORDS));
        }
        long pages = sim.counters().getRequests(listed) - requests;
        assertEquals(3, pages, transport + " " + resource + ": one request a page");
      }
    }
  }

  @Test
  void aFullLastPageIsFollowedByOneEmptyOneAndDeletedIdsAreLeftOut() {
    List<Long> all = sim.ids(Resource.ORDERS);
    List<Long> wanted = List.copyOf(all.subList(20, 20 + 2 * PAGE));
    long gone = all.get(19);
    List<Long> asked = new ArrayList<>(wanted);
    asked.add(gone);
    sim.delete(Resource.ORDERS, gone);
    long requests = sim.counters().getTotalRequests();
    assertEquals(wanted, read(Transport.REST, ShopifyResource.ORDERS, asked));
    assertEquals(3, sim.counters().getTotalRequests() - requests, "2 full pages, then none");
  }

  @Test
  void aPageThatPromisesMoreButHoldsNothingEndsTheRead() {
    AtomicInteger calls = new AtomicInteger();
    ShopifyReader promisesMore =
        (ShopifyReader)
            Proxy.newProxyInstance(
                ShopifyReader.class.getClassLoader(),
                new Class<?>[] {ShopifyReader.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("listByIds")) {
                    calls.incrementAndGet();
                    return new EntityPage(List.of(), true, "more");
                  }
                  if (method.getName().equals("close")) {
                    return null;
                  }
                  throw new AssertionError("unexpected " + method.getName());
                });
    FetchIdsFn fn = new FetchIdsFn(SmallShop.settings(SmallShop.client(sim), PAGE, 10));
    fn.setup();
    fn.teardown();
    fn.client = promisesMore;
    CollectedOutput<ShopifyEntity> out = new CollectedOutput<>();
    fn.process(new FetchIdsFn.IdBatch(SHOP, ShopifyResource.ORDERS, List.of(1L)), out);
    assertEquals(List.of(), out.values);
    assertEquals(1, calls.get());
  }
}
