package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.shopify.ShopifyAccessException;
import courier.shopify.ShopifyRetriesExhaustedException;
import java.sql.SQLException;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
  @Test
  void classifiesByWhatIsInTheCauseChainWhateverWrapsIt() {
    assertEquals(
        ExitCode.BAD_CONFIGURATION, ExitCode.of(new ConfigException("--tables: unknown table x")));
    assertEquals(
        ExitCode.SHOPIFY_ACCESS,
        ExitCode.of(
            new PipelineExecutionException(
                new RuntimeException(
                    "wrapped",
                    new ShopifyAccessException(
                        "acme.myshopify.com",
                        "/admin/api/2026-10/orders.json",
                        403,
                        "missing read_orders")))));
    assertEquals(
        ExitCode.RETRIES_EXHAUSTED,
        ExitCode.of(
            new RuntimeException(
                "Pipeline execution failed",
                new ShopifyRetriesExhaustedException(
                    "acme.myshopify.com",
                    "GET",
                    "/admin/api/2026-10/orders.json",
                    503,
                    8,
                    "HTTP 503",
                    null))));
    assertEquals(
        ExitCode.RETRIES_EXHAUSTED,
        ExitCode.of(new RuntimeException(new SQLException("refused", "08001"))));
    assertEquals(
        ExitCode.FAILURE,
        ExitCode.of(new RuntimeException(new SQLException("duplicate key", "23505"))));
    assertEquals(
        ExitCode.BAD_CONFIGURATION,
        ExitCode.of(
            new IllegalStateException(
                new SQLException("password authentication failed", "28P01"))));
    assertEquals(ExitCode.FAILURE, ExitCode.of(new IllegalStateException("a bug")));
  }
}
