package courier.pipeline;

import picocli.CommandLine.Option;

/** The -h/--help option of every courier command (a picocli mixin). */
public final class HelpOption {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;
}
