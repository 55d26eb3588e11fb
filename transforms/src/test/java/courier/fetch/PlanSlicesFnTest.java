package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.beam.sdk.values.TupleTag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The planning DoFn called as a runner would, against a small simulated shop: the slices it emits
 * cover each window exactly with the shop's own counts, stay under the target, and locations are
 * asked for only when requested. A missing scope fails the plan before anything is counted, a count
 * refused while cutting fails it with the client's own exception, and the counts reach the run's
 * progress as expected totals. Bulk windows are PlanSlicesFnBulkTest's.
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

  private static FetchSettings settings(long targetSliceRecords) {
    return PlanRun.settings(SmallShop.client(sim), targetSliceRecords, PlanRun.PAGED);
  }

  private static TaggedOutputs plan(boolean readLocations, ShopifyResource... resources) {
    return plan(settings(TARGET), new TaggedOutputs(), readLocations, resources);
  }

  private static TaggedOutputs plan(
      FetchSettings settings,
      TaggedOutputs out,
      boolean readLocations,
      ShopifyResource... resources) {
    List<Slice> windows = new ArrayList<>();
    for (ShopifyResource resource : resources) {
      windows.add(Slice.of(SHOP, resource, from, to, Slice.UNKNOWN));
    }
    return PlanRun.plan(
        settings, readLocations ? List.of(ShopifyResource.LOCATIONS) : List.of(), windows, out);
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
    TaggedOutputs out = plan(false, ShopifyResource.ORDERS, ShopifyResource.CUSTOMERS);
    List<Slice> slices = out.of(PlanSlicesFn.SLICES);
    assertCoversWithTheShopsCounts(slices, ShopifyResource.ORDERS, Resource.ORDERS);
    assertCoversWithTheShopsCounts(slices, ShopifyResource.CUSTOMERS, Resource.CUSTOMERS);
    assertEquals(List.of(), out.of(PlanSlicesFn.WHOLE), "locations were not requested");
  }

  @Test
  void locationsAreAskedForOnlyWhenRequested() {
    TaggedOutputs out = plan(true, ShopifyResource.PRODUCTS);
    assertEquals(List.of(ShopifyResource.LOCATIONS.path()), out.of(PlanSlicesFn.WHOLE));
    assertEquals(
        Set.of(ShopifyResource.PRODUCTS),
        Set.copyOf(out.of(PlanSlicesFn.SLICES).stream().map(Slice::getResource).toList()));
  }

  /** The shop's count of {@code resource} over the test's window (Shopify counts the end too). */
  private static int shopCount(Resource resource) {
    return sim.ids(resource, from, to.plusSeconds(1)).size();
  }

  private static long counts(ShopifyResource resource) {
    return sim.counters().getRequests(resource.path() + "/count.json");
  }

  private static String withScopes(Set<String> scopes, Executable plan) {
    Set<String> granted = sim.scopes();
    sim.setScopes(scopes);
    try {
      return assertThrows(ShopifyAccessException.class, plan).getMessage();
    } finally {
      sim.setScopes(granted);
    }
  }

  @Test
  void aMissingScopeFailsThePlanBeforeAnythingIsCounted() {
    long customerCounts = counts(ShopifyResource.CUSTOMERS);
    long productCounts = counts(ShopifyResource.PRODUCTS);
    String message =
        withScopes(
            Set.of("read_products", "read_orders", "read_all_orders"),
            () -> plan(false, ShopifyResource.PRODUCTS, ShopifyResource.CUSTOMERS));
    assertTrue(message.contains("lacks the access scope read_customers"), message);
    assertEquals(customerCounts, counts(ShopifyResource.CUSTOMERS));
    assertEquals(productCounts, counts(ShopifyResource.PRODUCTS));
  }

  @Test
  void ordersFromMoreThanSixtyDaysBackNeedReadAllOrdersBeforeAnythingIsCounted() {
    long orderCounts = counts(ShopifyResource.ORDERS);
    // Without read_all_orders the shop would count and list the last 60 days only, and no error.
    String message = withScopes(Set.of("read_orders"), () -> plan(false, ShopifyResource.ORDERS));
    assertTrue(message.contains("lacks the access scope read_all_orders"), message);
    assertTrue(message.contains("--from="), message);
    assertEquals(orderCounts, counts(ShopifyResource.ORDERS));
  }

  @Test
  void aReadOfResourcesReadWholeOnlyHasNoWindowToCheck() {
    FetchSettings settings = settings(TARGET);
    TaggedOutputs out = withoutReadAllOrders(() -> plan(settings, new TaggedOutputs(), true));
    assertEquals(List.of(ShopifyResource.LOCATIONS.path()), out.of(PlanSlicesFn.WHOLE));
    assertEquals(List.of(), out.of(PlanSlicesFn.SLICES));
    String locations = PlanRun.progressLines(settings).get("locations");
    assertTrue(locations.startsWith("locations: 0 / ~2 ("), locations);
  }

  private static TaggedOutputs withoutReadAllOrders(Supplier<TaggedOutputs> plan) {
    Set<String> granted = sim.scopes();
    sim.setScopes(Set.of("read_orders", "read_locations"));
    try {
      return plan.get();
    } finally {
      sim.setScopes(granted);
    }
  }

  @Test
  void eachWindowsCountReachesTheProgressAsItsExpectedTotal() {
    // A target over every window: each is one slice, planned without further counts.
    FetchSettings settings = settings(10_000);
    TaggedOutputs out =
        plan(
            settings,
            new TaggedOutputs(),
            false,
            ShopifyResource.ORDERS,
            ShopifyResource.CUSTOMERS);
    assertEquals(2, out.of(PlanSlicesFn.SLICES).size());
    Map<String, String> lines = PlanRun.progressLines(settings);
    assertTrue(
        lines.get("orders").startsWith("orders: 0 / ~" + shopCount(Resource.ORDERS) + " ("),
        lines.toString());
    assertTrue(
        lines
            .get("customers")
            .startsWith("customers: 0 / ~" + shopCount(Resource.CUSTOMERS) + " ("),
        lines.toString());
  }

  /**
   * Every window's total and the whole resources' counts go out together: planning costs one round
   * trip for them, not one per resource (seen at the shop as requests in flight at once; with 200
   * ms per answer, one at a time would show one).
   */
  @Test
  void theTotalsAreCountedInOneRoundTrip() {
    int latency = sim.latencyMs();
    sim.setLatencyMs(200);
    try {
      sim.resetCounters();
      // Targets no window exceeds: the totals are the only counts.
      plan(
          settings(1_000_000),
          new TaggedOutputs(),
          true,
          ShopifyResource.ORDERS,
          ShopifyResource.CUSTOMERS,
          ShopifyResource.PRODUCTS,
          ShopifyResource.CHECKOUTS);
    } finally {
      sim.setLatencyMs(latency);
    }
    assertEquals(5, sim.counters().getMaxInFlight(), sim.counters().toString());
  }

  @Test
  void theCountsRequestsReachTheProgressWhilePlanningNotOnlyAtTheEnd() {
    FetchSettings settings = settings(TARGET);
    List<Map<String, String>> atFirstSlice = new ArrayList<>();
    TaggedOutputs out =
        new TaggedOutputs() {
          @Override
          void beforeOutput(TupleTag<?> tag, Object value) {
            if (atFirstSlice.isEmpty()) {
              atFirstSlice.add(PlanRun.progressLines(settings));
            }
          }
        };
    plan(settings, out, false, ShopifyResource.ORDERS, ShopifyResource.CUSTOMERS);
    // When the orders' first slice goes out, their cutting's counts were reported.
    assertTrue(atFirstSlice.get(0).containsKey("orders"), atFirstSlice.toString());
  }

  @Test
  void aCountFailingWhileCuttingSurfacesAsTheClientsOwnException() {
    long customerCounts = counts(ShopifyResource.CUSTOMERS);
    Set<String> granted = sim.scopes();
    // The windows are counted, then cut one after the other: once the orders are cut, the
    // customers' counts are refused.
    TaggedOutputs out =
        new TaggedOutputs() {
          @Override
          void beforeOutput(TupleTag<?> tag, Object value) {
            sim.setScopes(Set.of("read_orders", "read_all_orders"));
          }
        };
    try {
      ShopifyAccessException e =
          assertThrows(
              ShopifyAccessException.class,
              () ->
                  plan(
                      settings(TARGET),
                      out,
                      false,
                      ShopifyResource.ORDERS,
                      ShopifyResource.CUSTOMERS));
      assertTrue(e.getMessage().contains("read_customers"), e.getMessage());
    } finally {
      sim.setScopes(granted);
    }
    assertTrue(counts(ShopifyResource.CUSTOMERS) >= customerCounts + 2, "window, then a cut");
    assertEquals(
        Set.of(ShopifyResource.ORDERS), Set.copyOf(resources(out.of(PlanSlicesFn.SLICES))));
  }

  private static List<ShopifyResource> resources(List<Slice> slices) {
    return slices.stream().map(Slice::getResource).toList();
  }

  private static Set<Thread> countThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("courier-slice-counts"))
        .collect(Collectors.toSet());
  }

  @Test
  void teardownStopsTheThreadsThatSentTheCounts() throws InterruptedException {
    Set<Thread> before = countThreads();
    Set<Thread> counting = new HashSet<>();
    TaggedOutputs out =
        new TaggedOutputs() {
          @Override
          void beforeOutput(TupleTag<?> tag, Object value) {
            countThreads().stream().filter(t -> !before.contains(t)).forEach(counting::add);
          }
        };
    plan(settings(TARGET), out, false, ShopifyResource.ORDERS);
    assertFalse(counting.isEmpty(), "the orders were cut with counts sent from the pool");
    // A worker JVM sets up and tears down many instances: each must leave no thread behind.
    for (Thread thread : counting) {
      thread.join(30_000);
      assertFalse(thread.isAlive(), thread + " still runs after teardown");
    }
  }

  @Test
  void teardownBeforeAnySetupHasNothingToRelease() {
    PlanSlicesFn fn =
        new PlanSlicesFn(
            settings(TARGET),
            RequiredScopes.of(List.of(ShopifyResource.ORDERS), Map.of(), Transport.REST),
            List.of());
    // Beam tears down an instance whose setup failed: it must not fail again there.
    assertDoesNotThrow(fn::teardown);
  }
}
