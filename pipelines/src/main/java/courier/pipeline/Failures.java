package courier.pipeline;

import courier.shopify.ShopifyException;

/** One line an operator can act on, from a failure wrapped by Beam and the runner. */
final class Failures {
  private Failures() {}

  static String describe(Throwable failure) {
    ShopifyException shopify = ShopifyException.findIn(failure);
    if (shopify != null) {
      return shopify.getMessage();
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigException
          || t instanceof courier.schema.SchemaException
          || t instanceof RunException) {
        return t.getMessage();
      }
    }
    // Runners wrap the interesting exception several times ("Pipeline execution failed", Flink's
    // JobExecutionException...): the innermost message is the one that says what happened.
    Throwable innermost = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        innermost = t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return innermost.getClass().getSimpleName() + ": " + innermost.getMessage();
  }
}
