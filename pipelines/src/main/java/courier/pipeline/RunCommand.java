package courier.pipeline;

import courier.schema.SchemaCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/**
 * {@code courier run}: the production job. Its options are Beam pipeline options, so picocli hands
 * them unread to Beam's PipelineOptionsFactory ({@link Courier#parseOptions}), which also writes
 * their help.
 */
@Command(
    name = "run",
    description = {
      "The job: reads the shop and lands its tables as Parquet feeds and in the domain database.",
      "Its options are Beam pipeline options (--name=value), read by Beam's PipelineOptionsFactory: "
          + "a --runnerConfig file first, the command line over it.",
      "",
      "Load modes (exactly one):",
      "  --load=all            everything up to now minus --safetyLag",
      "  --load=incremental    from the last successful window's end minus --lookback",
      "  --from=<instant|date> [--to=<instant|date>]",
      "                        an explicit window (backfills, reruns)",
      "  --runDate=YYYY-MM-DD [--timeZone=<zone>] [--offset=P1D]",
      "                        the scheduler form"
    },
    optionListHeading = "%nOptions:%n",
    customSynopsis = "courier run --shop=<shop> <load mode> [--<option>=<value>...]",
    footerHeading = "%n",
    footer = {
      "Any Beam or Flink option (--runner, --flinkMaster, --parallelism, --targetParallelism...) passes "
          + "through; runner-configs/*.properties hold ready sets: "
          + "--runnerConfig=runner-configs/flink-local.properties",
      "",
      "Secrets never go on the command line: SHOPIFY_ACCESS_TOKEN (or --accessTokenFile), or "
          + "SHOPIFY_CLIENT_ID + SHOPIFY_CLIENT_SECRET (or --clientId + --clientSecretFile); "
          + "COURIER_JDBC_PASSWORD (or --jdbcPasswordFile)."
    })
final class RunCommand implements Callable<Integer> {
  private final PrintStream out;

  @Mixin HelpOption help;

  @Unmatched List<String> options = new ArrayList<>();

  RunCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    CourierRun.run(Courier.parseOptions(options.toArray(String[]::new))).printSummary(out);
    return ExitCode.SUCCESS.code();
  }

  /**
   * Adds Beam's own help for every courier option, and the table names, to the help of {@code run}.
   */
  static void addHelpSections(CommandLine run) {
    HelpSections.addBeforeFooter(run, "courierOptions", help -> courierOptions());
    HelpSections.addBeforeFooter(
        run,
        "tables",
        help -> {
          int width = help.commandSpec().usageMessage().width();
          TextTable list =
              TextTable.forColumns(help.colorScheme(), new Column(width, 2, Column.Overflow.WRAP));
          list.addRowValues("all, " + String.join(", ", SchemaCatalog.packaged().tableNames()));
          return String.format("%nTables (--tables):%n") + list;
        });
  }

  private static String courierOptions() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      PipelineOptionsFactory.printHelp(print, CourierOptions.class);
    }
    return String.format("%nCourier and Beam options:%n%n") + text.toString(StandardCharsets.UTF_8);
  }
}
