package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopifyResource;
import courier.simulator.ShopifySimulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A plan interrupted while its counts are out (a runner canceling the task) stops with a message
 * naming what it was doing and leaves the thread interrupted, so the runner sees the cancellation.
 * A simulator of its own: its slow counts are still being answered after the test.
 */
class PlanSlicesFnInterruptTest {
  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim = SmallShop.start();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  /** Blocked on the futures of a level of counts sent from the pool. */
  private static boolean waitingForCounts(Thread thread) {
    return thread.getState() == Thread.State.WAITING
        && Arrays.stream(thread.getStackTrace())
            .anyMatch(frame -> frame.getMethodName().equals("countAll"));
  }

  @Test
  void aPlanInterruptedWhileCountingStopsAndKeepsTheInterrupt() throws Exception {
    Instant to = TestShop.NOW.truncatedTo(ChronoUnit.DAYS);
    Slice window =
        Slice.of(
            "acme.myshopify.com",
            ShopifyResource.ORDERS,
            to.minus(800, ChronoUnit.DAYS),
            to,
            Slice.UNKNOWN);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    AtomicBoolean interruptKept = new AtomicBoolean();
    Thread planner =
        new Thread(
            () -> {
              try {
                PlanRun.plan(
                    PlanRun.settings(SmallShop.client(sim), 15, PlanRun.PAGED),
                    List.of(),
                    List.of(window),
                    new TaggedOutputs());
              } catch (RuntimeException e) {
                failure.set(e);
                interruptKept.set(Thread.currentThread().isInterrupted());
              }
            },
            "planner");
    sim.setLatencyMs(500); // each level of counts takes a while to answer
    try {
      planner.start();
      while (planner.isAlive() && !waitingForCounts(planner)) {
        Thread.sleep(5);
      }
      planner.interrupt();
      planner.join();
    } finally {
      sim.setLatencyMs(0);
    }
    assertInstanceOf(IllegalStateException.class, failure.get(), String.valueOf(failure.get()));
    assertEquals("interrupted while counting orders to plan slices", failure.get().getMessage());
    assertTrue(interruptKept.get(), "the thread is still interrupted");
  }
}
