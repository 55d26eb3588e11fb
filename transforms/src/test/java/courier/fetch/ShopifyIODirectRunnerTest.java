package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.ShopifySimulator;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole read on the DirectRunner against the simulator over loopback. Pages of 25 make the
 * DirectRunner checkpoint the fetch many times (every 100 outputs or second), so the residuals'
 * exactness is exercised on every run.
 */
class ShopifyIODirectRunnerTest {
  private static final Logger LOG = LoggerFactory.getLogger(ShopifyIODirectRunnerTest.class);

  @ParameterizedTest(name = "{0}")
  @EnumSource(Transport.class)
  void readsEveryEntityUpdatedInTheWindowExactlyOnce(Transport transport) {
    ShopifySimulator sim = TestShop.sim();
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    CollectedEntities collected = new CollectedEntities();
    pipeline.apply(TestShop.read().withTransport(transport)).apply(collected);
    sim.resetCounters();
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;

    List<ShopifyEntity> entities = collected.entities();
    FetchVerification.Verified verified =
        FetchVerification.verifyCompleteRead(sim, entities, TestShop.FROM, TestShop.TO, transport);
    FetchStats stats = FetchStats.from(result);
    LOG.info(
        "DirectRunner read {} in {} s:\n{}",
        verified.counts(),
        String.format("%.1f", seconds),
        stats.summary());

    assertTrue(
        verified.customersCompleted() > 0,
        "the window holds customers with more than 10 addresses");
    assertTrue(verified.productsAtVariantLimit() > 0, "and products with 100 variants or more");
    if (transport == Transport.REST) {
      assertEquals(
          verified.customersCompleted(),
          stats.of(ShopifyResource.CUSTOMERS).addressesCompleted() - countExactlyTen(sim, entities),
          "addresses completed");
      assertEquals(
          verified.productsAtVariantLimit(),
          stats.of(ShopifyResource.PRODUCTS).variantsPossiblyTruncated());
    } else {
      // Inline pages hold 10 addresses and 20 variants: the rest came with overflow queries, and
      // every query's cost was reported.
      assertTrue(stats.of(ShopifyResource.CUSTOMERS).overflowRequests() > 0, stats.summary());
      assertTrue(stats.of(ShopifyResource.PRODUCTS).overflowRequests() > 0, stats.summary());
      for (ShopifyResource r : ShopifyResource.values()) {
        assertTrue(stats.of(r).pointsSpent() > 0, r + " points spent");
      }
      // A segment's members beyond its first page of 250 came with further pages.
      assertTrue(stats.of(ShopifyResource.SEGMENTS).overflowRequests() > 0, stats.summary());
      assertEquals(0, stats.of(ShopifyResource.PRODUCTS).variantsPossiblyTruncated());
    }
    for (ShopifyResource r : ShopifyResource.values()) {
      assertEquals(
          verified.counts().get(r).longValue(), stats.of(r).records(), r + " records counter");
      assertTrue(stats.of(r).requests() >= stats.of(r).pages(), r + " requests >= pages");
    }
    // Every request the shop served is in the counters, the slice planner's concurrent counts too.
    long counted = 0;
    for (ShopifyResource r : ShopifyResource.values()) {
      counted += stats.of(r).requests();
    }
    // The granted scopes, asked by the planner before anything else, belong to no resource.
    long scopes =
        sim.counters().getRequests("oauth/access_scopes")
            + sim.counters().getRequests("graphql:AccessScopes");
    assertTrue(scopes >= 1, "the planner asked for the granted scopes");
    assertEquals(
        sim.counters().getTotalRequests(),
        counted + scopes,
        "requests counted against requests served");
    // Pages of 25: at least ceil(n / 25) pages per resource, whatever the slicing.
    assertTrue(
        stats.of(ShopifyResource.ORDERS).pages()
            >= verified.counts().get(ShopifyResource.ORDERS) / 25);
  }

  /** Abandoned checkouts have no bulk query: a bulk-mode read pages their window instead. */
  @Test
  void bulkModeReadsAResourceWithoutABulkQueryPaged() {
    ShopifySimulator sim = TestShop.sim();
    long bulkJobsBefore = sim.counters().getBulkOperationsStarted();
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    CollectedEntities collected = new CollectedEntities();
    pipeline
        .apply(
            TestShop.read()
                .withTransport(Transport.GRAPHQL)
                .withResources(ShopifyResource.CHECKOUTS)
                .withFetchMode(FetchMode.BULK))
        .apply(collected);
    pipeline.run().waitUntilFinish();

    List<Long> expected =
        sim.ids(TestShop.simResource(ShopifyResource.CHECKOUTS), TestShop.FROM, TestShop.TO);
    assertTrue(!expected.isEmpty(), "the window holds abandoned checkouts");
    assertEquals(
        expected.stream().sorted().toList(),
        collected.entities().stream().map(ShopifyEntity::id).sorted().toList(),
        "checkouts read in bulk mode");
    assertEquals(
        bulkJobsBefore, sim.counters().getBulkOperationsStarted(), "no bulk job submitted");
  }

  /** Customers with exactly 10 addresses are completed too (10 might be all of them, or not). */
  private static long countExactlyTen(ShopifySimulator sim, List<ShopifyEntity> entities) {
    return entities.stream()
        .filter(e -> e.resource() == ShopifyResource.CUSTOMERS)
        .filter(e -> sim.allAddresses(e.id()).size() == ShopifyResource.EMBEDDED_ADDRESS_LIMIT)
        .count();
  }
}
