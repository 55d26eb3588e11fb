package courier.pipeline;

import courier.schema.SchemaCatalog;
import java.io.PrintStream;
import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The command line: {@code courier run <options>}, {@code courier demo [--output=DIR]},
 * {@code courier sql "<query>"}, {@code courier help}. It only parses arguments and maps the
 * outcome to an {@link ExitCode}; the work is {@link CourierRun#run(CourierOptions)}, which tests
 * call too.
 */
public final class Courier {
  private Courier() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs one command and returns the process exit status. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "run":
          if (Arrays.asList(rest).contains("--help")) {
            printHelp(out);
            return ExitCode.SUCCESS.code();
          }
          CourierRun.run(parseOptions(rest)).printSummary(out);
          return ExitCode.SUCCESS.code();
        case "demo":
          Demo.run(rest, out);
          return ExitCode.SUCCESS.code();
        case "sql":
          return SqlCommand.run(rest, out, err);
        case "help":
        case "--help":
        case "-h":
          printHelp(out);
          return ExitCode.SUCCESS.code();
        default:
          err.println(command.isEmpty() ? "courier: which command?" : "courier: unknown command '" + command + "'");
          printUsage(err);
          return ExitCode.BAD_CONFIGURATION.code();
      }
    } catch (Throwable failure) {
      return report(failure, err);
    }
  }

  /**
   * Parses Beam-style options, a runner-configs file first (--runnerConfig), the command line over
   * it. Unknown options fail here, before any work, with Beam's list of close matches.
   */
  static CourierOptions parseOptions(String[] args) {
    String[] merged = RunnerConfig.apply(args);
    try {
      return PipelineOptionsFactory.fromArgs(merged).as(CourierOptions.class);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + " (courier run --help lists the options)", e);
    }
  }

  private static int report(Throwable failure, PrintStream err) {
    ExitCode code = ExitCode.of(failure);
    err.println("courier: " + Failures.describe(failure));
    if (code == ExitCode.FAILURE) {
      // Not an operator mistake and not Shopify: keep the trace for whoever investigates.
      failure.printStackTrace(err);
    }
    err.println("courier: exit " + code.code() + ": " + code.meaning());
    return code.code();
  }

  static void printUsage(PrintStream out) {
    out.println("usage: courier run --shop=<shop> <load mode> [options]   the job (courier run --help)");
    out.println("       courier demo [--output=DIR] [options]             a full load from a built-in simulated shop");
    out.println("       courier sql [--output=DIR | --jdbcUrl=URL] \"<SQL>\"  query the domain database");
  }

  private static void printHelp(PrintStream out) {
    printUsage(out);
    out.println();
    out.println("Load modes (exactly one):");
    out.println("  --load=all                        everything up to now minus --safetyLag");
    out.println("  --load=incremental                from the end of the last successful window minus --lookback");
    out.println("  --from=<instant|date> [--to=...]  an explicit window (backfills, reruns)");
    out.println("  --runDate=YYYY-MM-DD [--timeZone=Zone --offset=P1D]  the scheduler form");
    out.println();
    out.println("Secrets never go on the command line: SHOPIFY_ACCESS_TOKEN (or --accessTokenFile), or "
        + "SHOPIFY_CLIENT_ID + SHOPIFY_CLIENT_SECRET (or --clientId + --clientSecretFile); "
        + "COURIER_JDBC_PASSWORD (or --jdbcPasswordFile).");
    out.println();
    out.println("Tables: all, " + String.join(", ", SchemaCatalog.packaged().tableNames()));
    out.println();
    out.println("Exit status: 0 success, 1 other failure, 2 bad configuration, 3 Shopify refused access, "
        + "4 transient failures outlasted retries (retry later).");
    out.println();
    PipelineOptionsFactory.printHelp(out, CourierOptions.class);
    out.println("Any Beam or Flink option (--runner, --flinkMaster, --parallelism, --targetParallelism...) passes through;");
    out.println("runner-configs/*.properties hold ready sets: --runnerConfig=runner-configs/flink-local.properties");
  }
}
