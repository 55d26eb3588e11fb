package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planner's choice between bulk jobs and pages, per window: a GraphQL window over the threshold
 * (or any window in bulk mode) is cut into at most maxJobs bulk slices covering it exactly with the
 * shop's count; a window at the threshold, a REST read, or a resource without a bulk query
 * (abandoned checkouts) is paged. One simulator for the class.
 */
class PlanSlicesFnBulkTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final long TARGET = 15;

  private static ShopifySimulator sim;
  private static Instant from;
  private static Instant to;

  /** The shop's orders in the window, as a GraphQL count answers. */
  private static int orders;

  @BeforeAll
  static void start() {
    sim = SmallShop.start();
    to = TestShop.NOW.truncatedTo(ChronoUnit.DAYS);
    from = to.minus(800, ChronoUnit.DAYS);
    // GraphQL counts search updated_at in [from, to).
    orders = sim.ids(Resource.ORDERS, from, to).size();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static ShopifyClientConfig graphql() {
    return SmallShop.client(sim).withTransport(Transport.GRAPHQL);
  }

  private static BulkSettings bulk(FetchMode mode, long threshold, int maxJobs) {
    return new BulkSettings(mode, threshold, maxJobs, Duration.ofHours(1), null);
  }

  private static TaggedOutputs plan(FetchSettings settings, ShopifyResource... resources) {
    return PlanRun.plan(
        settings,
        List.of(),
        Arrays.stream(resources)
            .map(resource -> Slice.of(SHOP, resource, from, to, Slice.UNKNOWN))
            .toList(),
        new TaggedOutputs());
  }

  private static List<Slice> of(List<Slice> slices, ShopifyResource resource) {
    return slices.stream().filter(slice -> slice.getResource() == resource).toList();
  }

  /** Contiguous, exactly {@code [from, to)}, their estimates adding up to {@code total}. */
  private static void assertCoversTheWindow(List<Slice> slices, long total) {
    assertEquals(from, slices.get(0).updatedFrom(), slices.toString());
    assertEquals(to, slices.get(slices.size() - 1).updatedTo(), slices.toString());
    for (int i = 1; i < slices.size(); i++) {
      assertEquals(slices.get(i - 1).updatedTo(), slices.get(i).updatedFrom(), slices.toString());
    }
    assertEquals(total, slices.stream().mapToLong(Slice::getEstimatedRecords).sum());
  }

  @Test
  void aWindowOverTheThresholdIsCutIntoAtMostMaxJobsBulkSlices() {
    FetchSettings settings =
        PlanRun.settings(graphql(), TARGET, bulk(FetchMode.AUTO, orders - 1, 5));
    TaggedOutputs out = plan(settings, ShopifyResource.ORDERS);
    List<Slice> jobs = out.of(PlanSlicesFn.BULK_SLICES);
    // About orders / 5 each: a plan of slices that size has at least 5, merged down to 5.
    assertEquals(5, jobs.size(), jobs.toString());
    assertCoversTheWindow(jobs, orders);
    assertEquals(List.of(), out.of(PlanSlicesFn.SLICES));
    String line = PlanRun.progressLines(settings).get("orders");
    assertTrue(line.startsWith("orders: 0 / ~" + orders + " ("), line);

    List<Slice> two =
        plan(
                PlanRun.settings(graphql(), TARGET, bulk(FetchMode.BULK, Long.MAX_VALUE, 2)),
                ShopifyResource.ORDERS)
            .of(PlanSlicesFn.BULK_SLICES);
    assertEquals(2, two.size(), two.toString());
    assertCoversTheWindow(two, orders);
  }

  @Test
  void aWindowAtTheThresholdIsPaged() {
    TaggedOutputs out =
        plan(
            PlanRun.settings(graphql(), TARGET, bulk(FetchMode.AUTO, orders, 5)),
            ShopifyResource.ORDERS);
    assertEquals(List.of(), out.of(PlanSlicesFn.BULK_SLICES));
    List<Slice> pages = out.of(PlanSlicesFn.SLICES);
    assertTrue(pages.size() > 5, "cut to the paged target: " + pages);
    assertCoversTheWindow(pages, orders);
  }

  @Test
  void aRestReadIsPagedEvenInBulkMode() {
    TaggedOutputs out =
        plan(
            PlanRun.settings(SmallShop.client(sim), TARGET, bulk(FetchMode.BULK, 0, 5)),
            ShopifyResource.ORDERS);
    assertEquals(List.of(), out.of(PlanSlicesFn.BULK_SLICES));
    // A REST count includes the window's end second.
    assertCoversTheWindow(
        out.of(PlanSlicesFn.SLICES), sim.ids(Resource.ORDERS, from, to.plusSeconds(1)).size());
  }

  @Test
  void abandonedCheckoutsHaveNoBulkQuerySoAreReadPagedBesideBulkOrders() {
    TaggedOutputs out =
        plan(
            PlanRun.settings(graphql(), TARGET, bulk(FetchMode.BULK, 0, 5)),
            ShopifyResource.ORDERS,
            ShopifyResource.CHECKOUTS);
    assertEquals(List.of(), of(out.of(PlanSlicesFn.BULK_SLICES), ShopifyResource.CHECKOUTS));
    assertCoversTheWindow(
        of(out.of(PlanSlicesFn.SLICES), ShopifyResource.CHECKOUTS),
        sim.ids(Resource.CHECKOUTS, from, to).size());
    assertEquals(List.of(), of(out.of(PlanSlicesFn.SLICES), ShopifyResource.ORDERS));
    assertCoversTheWindow(of(out.of(PlanSlicesFn.BULK_SLICES), ShopifyResource.ORDERS), orders);
  }

  @Test
  void aBulkSliceTargetCutsTheTotalIntoTheJobsRoundingUp() {
    assertEquals(40, PlanSlicesFn.bulkSliceTarget(200, 5));
    assertEquals(41, PlanSlicesFn.bulkSliceTarget(201, 5));
    assertEquals(2, PlanSlicesFn.bulkSliceTarget(6, 5));
    assertEquals(1, PlanSlicesFn.bulkSliceTarget(5, 5));
    // An empty or tiny window still has a target a planner can work with.
    assertEquals(1, PlanSlicesFn.bulkSliceTarget(3, 5));
    assertEquals(1, PlanSlicesFn.bulkSliceTarget(0, 5));
  }
}
