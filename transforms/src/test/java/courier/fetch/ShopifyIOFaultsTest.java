package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopifyResource;
import courier.simulator.FaultConfig;
import courier.simulator.FaultKind;
import courier.simulator.Plan;
import courier.simulator.ShopifySimulator;
import courier.simulator.SimCounters;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server errors, resets, truncated bodies and a throttling standard-plan bucket change nothing in
 * the output: the read under faults equals the fault-free read, entity for entity.
 */
class ShopifyIOFaultsTest {
  private static final Logger LOG = LoggerFactory.getLogger(ShopifyIOFaultsTest.class);

  /** Three weeks at pages of 15: some 60 requests, past the standard plan's bucket of 40. */
  private static final Instant FROM = TestShop.TO.minus(21, ChronoUnit.DAYS);

  private static PipelineResult run(ShopifySimulator sim, CollectedEntities collected) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply(
            TestShop.read(sim)
                .withUpdatedWindow(FROM, TestShop.TO)
                .withPageSize(15)
                .withTargetSliceRecords(150))
        .apply(collected);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    return result;
  }

  @Test
  void faultsAndThrottlingLeaveTheOutputIdenticalToAFaultFreeRead() {
    // A simulator of its own: which request gets which fault follows its request sequence.
    try (ShopifySimulator sim = TestShop.newSim()) {
      compareFaultyWithCleanRead(sim);
    }
  }

  private static void compareFaultyWithCleanRead(ShopifySimulator sim) {
    CollectedEntities clean = new CollectedEntities();
    run(sim, clean);
    FetchVerification.verifyCompleteRead(sim, clean.entities(), FROM, TestShop.TO);

    CollectedEntities faulty = new CollectedEntities();
    PipelineResult result;
    SimCounters counters;
    long start = System.nanoTime();
    try {
      sim.resetCounters();
      sim.setPlan(Plan.STANDARD);
      sim.setFaults(
          FaultConfig.builder().serverErrorRate(0.10).resetRate(0.05).truncateRate(0.05).build());
      result = run(sim, faulty);
      counters = sim.counters();
    } finally {
      sim.setFaults(FaultConfig.none());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    FetchStats stats = FetchStats.from(result);
    LOG.info(
        "Read under faults on the standard plan in {} s; simulator: {}\n{}",
        String.format("%.1f", seconds),
        counters,
        stats.summary());

    assertEquals(
        FetchVerification.canonical(clean.entities()),
        FetchVerification.canonical(faulty.entities()));
    assertTrue(
        counters.getFaults(FaultKind.HTTP_500)
                + counters.getFaults(FaultKind.HTTP_502)
                + counters.getFaults(FaultKind.HTTP_503)
                + counters.getFaults(FaultKind.HTTP_504)
            > 0,
        "5xx were injected");
    assertTrue(
        counters.getFaults(FaultKind.RESET) + counters.getFaults(FaultKind.TRUNCATE) > 0,
        "resets or truncations were injected");
    assertTrue(
        counters.getTotalRequests() > 45,
        "enough requests to outrun the bucket: " + counters.getTotalRequests());
    long retries = 0;
    for (ShopifyResource r : ShopifyResource.values()) {
      retries += stats.of(r).retries();
    }
    assertTrue(retries > 0, "the fetch retried");
    // Pacing comes from the governor: a 429 is a rare event, not how the rate is found.
    assertTrue(counters.getThrottled() <= 2, "429s: " + counters.getThrottled());
  }
}
