package courier.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command lines of {@code bin/courier-bench} ({@link BenchMain}) and of the baseline's child
 * JVM ({@link Baseline}), parsed by picocli.
 */
final class Args {
  private Args() {}

  /** {@code -h}, {@code --help}. */
  static final class HelpOption {
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;
  }

  /** {@code bin/courier-bench}'s options. */
  @Command(
      name = "bin/courier-bench",
      sortOptions = false,
      description = {
        "Runs the courier against the Shopify simulator on loopback, beside a plain-Java"
            + " baseline, prints a table and writes every figure as JSON (bench/README.md)."
      })
  static final class Bench {
    @Option(
        names = "--scenario",
        paramLabel = "NAME",
        split = ",",
        description = {
          "One or more of: throughput, throughput-postgresql, standard-plan,"
              + " standard-plan-two-taskmanagers, plus-plan,"
              + " graphql-standard-plan,"
              + " graphql-plus-plan, memory, memory-direct, bulk-backfill, memory-bulk, bulk-crossover-plus,"
              + " bulk-crossover-standard (repeat the option or separate names with commas;"
              + " default: all)."
        })
    List<String> scenarios = new ArrayList<>();

    @Option(
        names = "--out",
        paramLabel = "FILE",
        defaultValue = "bench/results/latest.json",
        description = {
          "JSON results file, relative to the repository root (default: ${DEFAULT-VALUE})."
        })
    String out;

    @Option(
        names = "--runs",
        paramLabel = "N",
        description = {
          "Runs per mode instead of each scenario's own count (quick checks: --runs=1)."
        })
    Integer runs;

    @Option(
        names = "--keep",
        description =
            "Keep each run's feeds and H2 database under the work folder (see --work); a"
                + " PostgreSQL server started for a run is deleted with it.")
    boolean keep;

    @Option(
        names = "--profile",
        description = {
          "Record a JFR profile of each measured run (settings=profile) into its work folder as"
              + " profile.jfr; bench/jfr-top-frames summarizes one."
        })
    boolean profile;

    @Option(
        names = "--scale",
        paramLabel = "F",
        defaultValue = "1",
        description = {
          "Multiply every shop size by this (default: ${DEFAULT-VALUE}); smoke tests of the"
              + " harness only: the request minimums of the rate-limit scenarios are not met"
              + " below 1."
        })
    double scale;

    @Option(
        names = "--work",
        paramLabel = "DIR",
        defaultValue = "bench/target/bench-work",
        description = {
          "Each run's log, GC log and command line, relative to the repository root (default:"
              + " ${DEFAULT-VALUE})."
        })
    String work;

    @Option(
        names = "--gzip",
        paramLabel = "BOOL",
        arity = "0..1",
        defaultValue = "true",
        description = {
          "true: the simulator gzips its answers, as Shopify does, and every mode inflates them"
              + " (default: ${DEFAULT-VALUE}); false: plain answers, as the bench measured"
              + " before issue 17's nineteenth round."
        })
    boolean gzip;

    @Option(
        names = "--simulator-scale",
        description = {
          "Instead of the scenarios: build the simulator with 200,000 orders in this JVM and"
              + " print the build time, the heap it keeps and the time to serve a page of 250"
              + " orders."
        })
    boolean simulatorScale;

    @Mixin HelpOption help;

    /** The chosen scenarios, in their canonical order. */
    List<Scenario> selected() {
      return BenchMain.select(scenarios.isEmpty() ? null : String.join(",", scenarios));
    }
  }

  /** The baseline child's options, all required: the harness passes them. */
  @Command(
      name = "courier.bench.Baseline",
      sortOptions = false,
      description = {
        "The floor: fetch and land the window's entities in one plain Java loop (run by the"
            + " harness in a child JVM)."
      })
  static final class BaselineRun {
    @Option(
        names = "--baseUrl",
        paramLabel = "URL",
        required = true,
        description = "The shop's API.")
    String baseUrl;

    @Option(
        names = "--tokenFile",
        paramLabel = "FILE",
        required = true,
        description = "File holding the access token.")
    String tokenFile;

    @Option(names = "--shop", paramLabel = "NAME", required = true, description = "The shop.")
    String shop;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        required = true,
        description = "Parquet files, one per table.")
    Path output;

    @Option(
        names = "--from",
        paramLabel = "INSTANT",
        required = true,
        description = "The window's start, e.g. 2000-01-01T00:00:00Z.")
    Instant from;

    @Option(
        names = "--to",
        paramLabel = "INSTANT",
        required = true,
        description = "The window's end.")
    Instant to;

    @Option(
        names = "--summary",
        paramLabel = "FILE",
        required = true,
        description = "JSON summary: entities, rows, rejects, requests.")
    Path summary;

    @Option(
        names = "--bulk",
        description =
            "Read orders, customers and products by one GraphQL bulk operation each (the"
                + " JSONL floor) instead of REST pages.")
    boolean bulk;

    @Option(
        names = "--database",
        description =
            "Also write every row into the domain tables, straight and the fastest way the"
                + " dialect allows (H2: batched MERGE; PostgreSQL: COPY), into an H2 file in the"
                + " output folder unless --jdbcUrl says where.")
    boolean database;

    @Option(
        names = "--jdbcUrl",
        paramLabel = "URL",
        description =
            "The database --database writes into (implies it), e.g."
                + " jdbc:postgresql://host/db?user=u.")
    String jdbcUrl;

    @Mixin HelpOption help;
  }

  /**
   * Parses {@code args} into {@code options} and runs {@code check} on them. For {@code --help}
   * prints the usage to {@code out} and exits 0; for options that do not parse or that {@code
   * check} refuses (IllegalArgumentException) prints why and the usage to {@code err} and exits 2.
   */
  static <T> T parseOrExit(
      T options, String[] args, Consumer<T> check, PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(options);
    try {
      cl.parseArgs(args);
      if (cl.isUsageHelpRequested()) {
        cl.usage(out);
        System.exit(0);
      }
      check.accept(options);
      return options;
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println(cl.getCommandName() + ": " + e.getMessage());
      cl.usage(err);
      System.exit(2);
      throw new AssertionError("unreachable");
    }
  }
}
