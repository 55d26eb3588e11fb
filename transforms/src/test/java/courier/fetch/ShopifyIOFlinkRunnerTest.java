package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopifyResource;
import courier.simulator.ShopifySimulator;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole read on an embedded Flink cluster with two parallel workers. Flink's batch translation
 * runs the splittable DoFn without dynamic splitting, so this shows the count-based slices are what
 * spreads the work, and that the read is exact there too.
 */
class ShopifyIOFlinkRunnerTest {
  private static final Logger LOG = LoggerFactory.getLogger(ShopifyIOFlinkRunnerTest.class);

  @Test
  void readsEveryEntityUpdatedInTheWindowExactlyOnceOnFlink() {
    ShopifySimulator sim = TestShop.sim();
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(2);
    Pipeline pipeline = Pipeline.create(options);
    CollectedEntities collected = new CollectedEntities();
    pipeline.apply(TestShop.read()).apply(collected);
    long start = System.nanoTime();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;

    FetchVerification.Verified verified =
        FetchVerification.verifyCompleteRead(sim, collected.entities(), TestShop.FROM, TestShop.TO);
    FetchStats stats = FetchStats.from(result);
    LOG.info(
        "Flink (parallelism 2) read {} in {} s (embedded cluster start included) on threads {}:\n{}",
        verified.counts(),
        String.format("%.1f", seconds),
        collected.threads(ShopifyResource.ORDERS),
        stats.summary());
    assertTrue(
        collected.threads(ShopifyResource.ORDERS).size() >= 2,
        "both workers fetched orders: " + collected.threads(ShopifyResource.ORDERS));
    assertEquals(
        verified.counts().get(ShopifyResource.ORDERS).longValue(),
        stats.of(ShopifyResource.ORDERS).records());
    // Over GraphQL, the default: addresses beyond the inline ten came with overflow queries.
    assertTrue(stats.of(ShopifyResource.CUSTOMERS).overflowRequests() > 0, stats.summary());
  }
}
