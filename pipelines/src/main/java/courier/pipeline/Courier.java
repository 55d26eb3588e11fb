package courier.pipeline;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line: {@code courier run|sql|schedule|help}, parsed by picocli, each outcome mapped
 * to an {@link ExitCode}. The work is {@link CourierRun#run(CourierOptions)}, which tests call too.
 */
@Command(
    name = "courier",
    description =
        "Shopify Courier: lands a Shopify store's data as Parquet feeds and JDBC domain tables.",
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n")
public final class Courier implements Runnable {
  @Mixin HelpOption help;

  @Spec CommandSpec spec;

  private Courier() {}

  public static void main(String[] args) {
    System.exit(execute(commandLine(System.out, System.err), args));
  }

  /** Runs one command and returns the process exit status. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    return execute(commandLine(out, err), args);
  }

  /**
   * The courier's commands, with {@code moreCommands} (picocli command objects, such as the demo)
   * listed before {@code help}. Failures print one line an operator can act on and the exit status.
   */
  public static CommandLine commandLine(PrintStream out, PrintStream err, Object... moreCommands) {
    CommandLine courier = new CommandLine(new Courier());
    courier.addSubcommand(new RunCommand(out));
    RunCommand.addHelpSections(courier.getSubcommands().get("run"));
    for (Object command : moreCommands) {
      courier.addSubcommand(command);
    }
    courier.addSubcommand(new SqlCommand(out));
    courier.addSubcommand(new ScheduleCommand(out));
    courier.addSubcommand(new HelpCommand());
    HelpSections.addExitStatus(courier);
    return courier
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .setExpandAtFiles(false)
        .setParameterExceptionHandler((e, args) -> badArguments(e, e.getCommandLine().getErr()))
        .setExecutionExceptionHandler((e, command, parsed) -> report(e, command.getErr()));
  }

  /**
   * Runs {@code args} on {@code courier} (from {@link #commandLine}) and returns the exit status.
   */
  public static int execute(CommandLine courier, String[] args) {
    try {
      return courier.execute(args);
    } catch (Error failure) {
      // picocli hands only exceptions to the handler; an Error still gets its one line and status.
      return report(failure, courier.getErr());
    }
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "which command?");
  }

  /**
   * Parses Beam-style options, a runner-configs file first (--runnerConfig), the command line over
   * it. Unknown options fail here, before any work, with Beam's list of close matches.
   */
  public static CourierOptions parseOptions(String[] args) {
    return parseOptions(args, Map.of());
  }

  /** Like {@link #parseOptions(String[])}, with {@code defaults} under the runner-configs file. */
  public static CourierOptions parseOptions(String[] args, Map<String, String> defaults) {
    String[] merged = RunnerConfig.apply(args, defaults);
    S3Output.refuseCredentialOptions(merged);
    try {
      return PipelineOptionsFactory.fromArgs(merged).as(CourierOptions.class);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage() + " (courier run --help lists the options)", e);
    }
  }

  /** A command line picocli cannot read: what is wrong, how to ask for help, exit 2. */
  private static int badArguments(ParameterException e, PrintWriter err) {
    CommandLine command = e.getCommandLine();
    boolean top = command.getParent() == null;
    List<String> unmatched =
        e instanceof UnmatchedArgumentException u ? u.getUnmatched() : List.of();
    boolean unknownCommand = top && !unmatched.isEmpty();
    err.println(
        "courier: "
            + (unknownCommand ? "unknown command '" + unmatched.get(0) + "'" : e.getMessage()));
    if (top) {
      command.usage(err);
    } else {
      UnmatchedArgumentException.printSuggestions(e, err);
      err.println("courier: usage: " + command.getHelp().synopsis(0).strip());
      err.println("courier: `courier " + command.getCommandName() + " --help` says more");
    }
    return exitLine(ExitCode.BAD_CONFIGURATION, err);
  }

  private static int report(Throwable failure, PrintWriter err) {
    ExitCode code = ExitCode.of(failure);
    err.println("courier: " + Failures.describe(failure));
    if (code == ExitCode.FAILURE) {
      // Not an operator mistake and not Shopify: keep the trace for whoever investigates.
      failure.printStackTrace(err);
    }
    return exitLine(code, err);
  }

  private static int exitLine(ExitCode code, PrintWriter err) {
    err.println("courier: exit " + code.code() + ": " + code.meaning());
    return code.code();
  }
}
