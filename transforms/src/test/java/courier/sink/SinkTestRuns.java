package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import courier.normalize.Fixtures;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.ParDo;

/** What the small sink tests share: the customer tables, a run of them, refusals' messages. */
final class SinkTestRuns {
  /** customer, customer_address, customer_tags: a pipeline over them stays small. */
  static final List<TableSchema> CUSTOMER_TABLES =
      SchemaCatalog.packaged().tables().stream()
          .filter(t -> t.resource() == ShopifyResource.CUSTOMERS)
          .toList();

  private SinkTestRuns() {}

  /** A window run of the customers of {@code Fixtures.SHOP} on 2026-04-01. */
  static RunInfo.Builder customersRun(String runId) {
    return TestRuns.builder(runId, Fixtures.SHOP, Instant.parse("2026-04-02T00:00:00Z"))
        .resources(List.of("customers"))
        .startedAt(Instant.parse("2026-04-02T00:01:00Z"));
  }

  /**
   * The number of side inputs of each ParDo under {@code step} (a full name prefix): what holds a
   * step back on the DirectRunner until its signals are complete (see Barrier).
   */
  static List<Integer> sideInputsOf(Pipeline pipeline, String step) {
    List<Integer> counts = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getFullName().startsWith(step)
                && node.getTransform() instanceof ParDo.MultiOutput<?, ?> parDo) {
              counts.add(parDo.getSideInputs().size());
            }
          }
        });
    return counts;
  }

  /** The call is refused with exactly this message. */
  static void assertRefused(String message, Runnable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(message, e.getMessage());
  }
}
