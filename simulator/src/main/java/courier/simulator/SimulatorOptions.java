package courier.simulator;

import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of {@code bin/shopify-sim}, filled in by picocli. The defaults make a demo-sized
 * shop, larger than the builder's test-sized one.
 */
@Command(
    name = "bin/shopify-sim",
    customSynopsis = "bin/shopify-sim [--option=value | --option value ...]",
    description = "Starts a Shopify Admin REST API simulator on 127.0.0.1.",
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    sortOptions = false,
    usageHelpAutoWidth = true)
final class SimulatorOptions {
  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "port on 127.0.0.1, 0 for any free port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "data seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--idSpace",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "id namespace 0..63: shops with different id spaces share no id (default: ${DEFAULT-VALUE})")
  int idSpace;

  @Option(
      names = "--customers",
      paramLabel = "N",
      defaultValue = "2000",
      description = "number of customers (default: ${DEFAULT-VALUE})")
  int customers;

  @Option(
      names = "--orders",
      paramLabel = "N",
      defaultValue = "5000",
      description = "number of orders (default: ${DEFAULT-VALUE})")
  int orders;

  @Option(
      names = "--products",
      paramLabel = "N",
      defaultValue = "300",
      description = "number of products (default: ${DEFAULT-VALUE})")
  int products;

  @Option(
      names = "--locations",
      paramLabel = "N",
      defaultValue = "4",
      description = "number of locations (default: ${DEFAULT-VALUE})")
  int locations;

  @Option(
      names = "--checkouts",
      paramLabel = "N",
      description = "number of abandoned checkouts (default: orders/5)")
  Integer checkouts;

  @Option(
      names = "--shop",
      paramLabel = "TEXT",
      defaultValue = SimulatorBuilder.DEFAULT_SHOP,
      description = "shop name (default: ${DEFAULT-VALUE})")
  String shop;

  @Option(
      names = "--plan",
      paramLabel = "PLAN",
      defaultValue = "unlimited",
      description =
          "rate-limit plan: standard, advanced, plus, enterprise, unlimited (default: ${DEFAULT-VALUE})")
  Plan plan;

  @Option(
      names = "--latencyMs",
      paramLabel = "N",
      defaultValue = "0",
      description = "delay added to every API response, in ms (default: ${DEFAULT-VALUE})")
  int latencyMs;

  @Option(
      names = "--faultRate",
      paramLabel = "RATE",
      defaultValue = "0",
      description =
          "share of API requests that fail: 5xx, resets, truncated bodies, slow responses"
              + " (default: ${DEFAULT-VALUE})")
  double faultRate;

  @Option(
      names = "--slowMs",
      paramLabel = "N",
      defaultValue = "" + FaultConfig.DEFAULT_SLOW_MS,
      description = "delay of a slow-response fault, in ms (default: ${DEFAULT-VALUE})")
  int slowMs;

  @Option(
      names = "--now",
      paramLabel = "INSTANT",
      description = "the simulator's now, ISO-8601 (default: the current time)")
  Instant now;

  @Option(
      names = "--token",
      paramLabel = "TEXT",
      description = "static access token (default: random, printed at start)")
  String token;

  @Option(
      names = "--clientId",
      paramLabel = "TEXT",
      description = "enables the client-credentials grant with this client id (default: none)")
  String clientId;

  @Option(
      names = "--clientSecret",
      paramLabel = "TEXT",
      description = "... and this client secret, never printed (default: none)")
  String clientSecret;

  @Option(
      names = "--tokenTtlSeconds",
      paramLabel = "N",
      defaultValue = "" + SimulatorBuilder.DEFAULT_ISSUED_TOKEN_TTL_SECONDS,
      description = "lifetime of issued tokens, in seconds (default: ${DEFAULT-VALUE})")
  long tokenTtlSeconds;

  @Option(
      names = "--gzip",
      paramLabel = "BOOL",
      arity = "0..1",
      defaultValue = "true",
      description =
          "true: API answers are gzipped when the request accepts gzip, as Shopify's are"
              + " (default: ${DEFAULT-VALUE})")
  boolean gzip;

  @Option(
      names = "--followWallTime",
      paramLabel = "BOOL",
      arity = "0..1",
      defaultValue = "false",
      description = "true: the clock runs from --now with wall time (default: ${DEFAULT-VALUE})")
  boolean followWallTime;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "shows this help")
  boolean help;
}
