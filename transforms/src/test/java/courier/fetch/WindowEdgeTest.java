package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.ShopifyResource;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A window is half-open: Shopify's updated_at_max is inclusive, so an entity updated exactly at a
 * window's end comes back from the list and must be left to the next window, which reads it.
 */
class WindowEdgeTest {
  private static ShopifySimulator sim;
  private static long editedId;
  private static Instant editedAt;

  @BeforeAll
  static void editAnOrderAtTheEdge() {
    sim = TestShop.newSim();
    editedAt = sim.clock().now().truncatedTo(ChronoUnit.SECONDS);
    sim.clock().set(editedAt);
    editedId = sim.ids(Resource.ORDERS).get(0);
    sim.update(Resource.ORDERS, editedId, order -> order.put("note", "edited at the edge"));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void anEntityUpdatedAtTheEndBelongsToTheNextWindowOnly() {
    Instant dayBefore = editedAt.minus(1, ChronoUnit.DAYS);
    List<Long> endingAtTheEdit = orderIds(dayBefore, editedAt);
    List<Long> startingAtTheEdit = orderIds(editedAt, editedAt.plusSeconds(1));
    assertFalse(endingAtTheEdit.contains(editedId), "read by the window that ends at its update");
    assertTrue(startingAtTheEdit.contains(editedId), "not read by the window that starts there");
    // The shop's own view of each half-open window, entity for entity.
    assertEquals(
        Set.copyOf(sim.ids(Resource.ORDERS, dayBefore, editedAt)), Set.copyOf(endingAtTheEdit));
    assertEquals(
        Set.copyOf(sim.ids(Resource.ORDERS, editedAt, editedAt.plusSeconds(1))),
        Set.copyOf(startingAtTheEdit));
    assertEquals(endingAtTheEdit.size(), Set.copyOf(endingAtTheEdit).size(), "read once each");
  }

  private static List<Long> orderIds(Instant from, Instant to) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    CollectedEntities collected = new CollectedEntities();
    pipeline
        .apply(TestShop.read(sim).withResources(ShopifyResource.ORDERS).withUpdatedWindow(from, to))
        .apply(collected);
    pipeline.run().waitUntilFinish();
    return collected.entities().stream().map(ShopifyEntity::id).toList();
  }
}
