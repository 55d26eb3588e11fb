package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.RequiredScopes;
import courier.shopify.ShopifyAccessException;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.transforms.DoFn.MultiOutputReceiver;
import org.apache.beam.sdk.transforms.DoFn.OutputReceiver;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planning DoFn called as a runner would, against a small simulated shop: the slices it emits
 * cover each window exactly with the shop's own counts, stay under the target, and locations are
 * asked for only when requested. A refused count fails the plan with the client's own exception.
 */
class PlanSlicesFnTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final long TARGET = 15;

  private static ShopifySimulator sim;
  private static Instant from;
  private static Instant to;

  @BeforeAll
  static void start() {
    sim = SmallShop.start();
    to = TestShop.NOW.truncatedTo(ChronoUnit.DAYS);
    from = to.minus(800, ChronoUnit.DAYS);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  /** Collects each output by its tag. */
  static final class Outputs implements MultiOutputReceiver {
    final Map<TupleTag<?>, CollectedOutput<?>> byTag = new HashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <T> OutputReceiver<T> get(TupleTag<T> tag) {
      return (OutputReceiver<T>) byTag.computeIfAbsent(tag, t -> new CollectedOutput<>());
    }

    @Override
    public <T> OutputReceiver<Row> getRowReceiver(TupleTag<T> tag) {
      throw new AssertionError("planning outputs no rows");
    }

    @SuppressWarnings("unchecked")
    <T> List<T> of(TupleTag<T> tag) {
      CollectedOutput<?> output = byTag.get(tag);
      return output == null ? List.of() : (List<T>) output.values;
    }
  }

  private static Outputs plan(boolean readLocations, ShopifyResource... resources) {
    List<ShopifyResource> windowed = List.of(resources);
    List<ShopifyResource> whole = readLocations ? List.of(ShopifyResource.LOCATIONS) : List.of();
    List<ShopifyResource> all = new ArrayList<>(windowed);
    all.addAll(whole);
    PlanSlicesFn fn =
        new PlanSlicesFn(
            SmallShop.settings(SmallShop.client(sim), 50, TARGET),
            RequiredScopes.of(all, Map.of(), Transport.REST),
            whole);
    fn.setup();
    try {
      List<Slice> windows = new ArrayList<>();
      for (ShopifyResource resource : resources) {
        windows.add(Slice.of(SHOP, resource, from, to, Slice.UNKNOWN));
      }
      Outputs out = new Outputs();
      fn.process(windows, out);
      return out;
    } finally {
      fn.teardown();
    }
  }

  private static void assertCoversWithTheShopsCounts(
      List<Slice> slices, ShopifyResource resource, Resource simResource) {
    List<Slice> mine = slices.stream().filter(s -> s.getResource() == resource).toList();
    assertEquals(from, mine.get(0).updatedFrom());
    assertEquals(to, mine.get(mine.size() - 1).updatedTo());
    for (int i = 0; i < mine.size(); i++) {
      Slice slice = mine.get(i);
      assertEquals(SHOP, slice.getShop());
      if (i > 0) {
        assertEquals(mine.get(i - 1).updatedTo(), slice.updatedFrom(), "contiguous");
      }
      // Shopify's count filter is inclusive at both ends: a count may include the end second.
      int halfOpen = sim.ids(simResource, slice.updatedFrom(), slice.updatedTo()).size();
      int closed =
          sim.ids(simResource, slice.updatedFrom(), slice.updatedTo().plusSeconds(1)).size();
      if (i < mine.size() - 1) {
        assertTrue(
            halfOpen <= slice.getEstimatedRecords() && slice.getEstimatedRecords() <= closed,
            "estimate of " + slice + ": " + halfOpen + " to " + closed);
      }
      assertTrue(
          halfOpen <= TARGET || slice.getToEpochSecond() - slice.getFromEpochSecond() == 1,
          slice + " is under the target");
    }
    // The last slice's estimate is what the window's count leaves: together they are that count.
    assertEquals(
        sim.ids(simResource, from, to.plusSeconds(1)).size(),
        mine.stream().mapToLong(Slice::getEstimatedRecords).sum());
    assertTrue(mine.size() > 2, "cut into several slices: " + mine);
  }

  @Test
  void eachWindowIsCutIntoSlicesUnderTheTargetWithTheShopsCounts() {
    Outputs out = plan(false, ShopifyResource.ORDERS, ShopifyResource.CUSTOMERS);
    List<Slice> slices = out.of(PlanSlicesFn.SLICES);
    assertCoversWithTheShopsCounts(slices, ShopifyResource.ORDERS, Resource.ORDERS);
    assertCoversWithTheShopsCounts(slices, ShopifyResource.CUSTOMERS, Resource.CUSTOMERS);
    assertEquals(List.of(), out.of(PlanSlicesFn.WHOLE), "locations were not requested");
  }

  @Test
  void locationsAreAskedForOnlyWhenRequested() {
    Outputs out = plan(true, ShopifyResource.PRODUCTS);
    assertEquals(List.of(ShopifyResource.LOCATIONS.path()), out.of(PlanSlicesFn.WHOLE));
    assertEquals(
        Set.of(ShopifyResource.PRODUCTS),
        Set.copyOf(out.of(PlanSlicesFn.SLICES).stream().map(Slice::getResource).toList()));
  }

  @Test
  void aRefusedCountFailsThePlanWithTheClientsOwnException() {
    Set<String> scopes = sim.scopes();
    sim.setScopes(Set.of("read_customers", "read_products", "read_locations"));
    try {
      ShopifyAccessException e =
          assertThrows(ShopifyAccessException.class, () -> plan(false, ShopifyResource.ORDERS));
      assertTrue(e.getMessage().contains("read_orders"), e.getMessage());
    } finally {
      sim.setScopes(scopes);
    }
  }
}
