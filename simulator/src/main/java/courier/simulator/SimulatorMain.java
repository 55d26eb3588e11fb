package courier.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Command line entry point ({@code bin/shopify-sim}): starts a simulator on 127.0.0.1, prints its
 * base URL and access token, and serves until stopped (Ctrl-C). Options are in {@link
 * SimulatorOptions}.
 */
public final class SimulatorMain {
  private SimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    SimulatorOptions options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("shopify-sim: " + e.getMessage());
      System.err.println("Run with --help for the options.");
      System.exit(2);
      return;
    }
    if (options.help) {
      System.out.println(usage());
      return;
    }
    ShopifySimulator sim;
    try {
      sim = configure(options).build();
    } catch (IllegalArgumentException e) {
      System.err.println("shopify-sim: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      sim.start();
    } catch (java.io.UncheckedIOException e) {
      System.err.println("shopify-sim: " + e.getMessage() + ": " + e.getCause().getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sim.close();
                  stopped.countDown();
                },
                "shopify-sim-shutdown"));
    System.out.println("Shopify simulator listening on " + sim.baseUrl());
    System.out.println("Admin API:    " + sim.baseUrl() + "/admin/api/2026-07/orders.json");
    System.out.println("Access token: " + sim.accessToken());
    System.out.println("Control:      " + sim.baseUrl() + "/_sim/config");
    System.out.println("Press Ctrl-C to stop.");
    System.out.flush();
    stopped.await();
  }

  /**
   * Reads {@code --name=value} and {@code --name value} arguments; when an option repeats, the last
   * value wins.
   *
   * @throws IllegalArgumentException naming the offending argument or option
   */
  static SimulatorOptions parse(String... args) {
    SimulatorOptions options = new SimulatorOptions();
    try {
      commandLine(options).parseArgs(args);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(message(e), e);
    }
    return options;
  }

  static String usage() {
    return commandLine(new SimulatorOptions()).getUsageMessage(CommandLine.Help.Ansi.OFF);
  }

  static ShopifySimulator.Builder configure(SimulatorOptions options) {
    if ((options.clientId == null) != (options.clientSecret == null)) {
      throw new IllegalArgumentException("--clientId and --clientSecret go together");
    }
    ShopifySimulator.Builder builder =
        ShopifySimulator.builder()
            .port(options.port)
            .seed(options.seed)
            .idSpace(options.idSpace)
            .customers(options.customers)
            .orders(options.orders)
            .products(options.products)
            .locations(options.locations)
            .shop(options.shop)
            .plan(options.plan)
            .latencyMs(options.latencyMs)
            .gzip(options.gzip)
            .faults(
                FaultConfig.builder().faultRate(options.faultRate).slowMs(options.slowMs).build())
            .issuedTokenTtl(Duration.ofSeconds(options.tokenTtlSeconds))
            .clockFollowsWallTime(options.followWallTime);
    if (options.checkouts != null) {
      builder.checkouts(options.checkouts);
    }
    if (options.now != null) {
      builder.now(options.now);
    }
    if (options.token != null) {
      builder.token(options.token);
    }
    if (options.clientId != null) {
      builder.clientCredentials(options.clientId, options.clientSecret);
    }
    return builder;
  }

  private static CommandLine commandLine(SimulatorOptions options) {
    ITypeConverter<Integer> integer = converter("an integer", Integer::valueOf);
    ITypeConverter<Long> longInteger = converter("an integer", Long::valueOf);
    ITypeConverter<Double> number = converter("a number", Double::valueOf);
    ITypeConverter<Boolean> bool = converter("true or false", SimulatorMain::parseBoolean);
    return new CommandLine(options)
        .setOverwrittenOptionsAllowed(true)
        .registerConverter(Integer.TYPE, integer)
        .registerConverter(Integer.class, integer)
        .registerConverter(Long.TYPE, longInteger)
        .registerConverter(Double.TYPE, number)
        .registerConverter(Boolean.TYPE, bool)
        .registerConverter(
            Plan.class,
            converter("one of standard, advanced, plus, enterprise, unlimited", Plan::parse))
        .registerConverter(
            Instant.class,
            converter("an ISO-8601 instant such as 2026-11-01T00:00:00Z", Instant::parse));
  }

  /** A converter whose failure reads "must be {@code expected}" after the option's name. */
  private static <T> ITypeConverter<T> converter(String expected, Function<String, T> parse) {
    return value -> {
      try {
        return parse.apply(value.trim());
      } catch (RuntimeException e) {
        throw new TypeConversionException("must be " + expected + ", got '" + value + "'");
      }
    };
  }

  private static boolean parseBoolean(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(value);
    };
  }

  /** "--orders must be an integer, got 'many'" for a bad value; picocli's own message otherwise. */
  private static String message(ParameterException e) {
    if (e.getCause() instanceof TypeConversionException
        && e.getArgSpec() instanceof OptionSpec option) {
      return option.longestName() + " " + e.getCause().getMessage();
    }
    return e.getMessage();
  }
}
