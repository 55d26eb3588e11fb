package courier.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Hidden from --help, for tests: with the default, retries running out (exit 4) take about two
 * minutes of backoff; tests lower the attempts to see that outcome in seconds. Beam hides options
 * by interface, hence an interface of its own.
 */
@Hidden
public interface ShopifyRetryOptions extends PipelineOptions {
  @Description(
      "Attempts per Shopify request, the first included, before transient failures (5xx, resets,"
          + " timeouts) fail the run; backoff between them is from 1 s, doubling, to 60 s.")
  @Default.Integer(8)
  Integer getMaxAttempts();

  void setMaxAttempts(Integer value);
}
