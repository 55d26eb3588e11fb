package courier.pipeline;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Help sections picocli cannot derive from annotations: they come from the code that decides. */
final class HelpSections {
  private HelpSections() {}

  /**
   * Ends the help of {@code courier} and of its commands with the exit statuses, from {@link
   * ExitCode}.
   */
  static void addExitStatus(CommandLine courier) {
    add(courier, "exitStatus", help -> exitStatus(), null);
    for (CommandLine command : courier.getSubcommands().values()) {
      if (!(command.getCommand() instanceof HelpCommand)) {
        add(command, "exitStatus", help -> exitStatus(), null);
      }
    }
  }

  /** Adds a section to the help of {@code command}, after its options and before its footer. */
  static void addBeforeFooter(CommandLine command, String key, IHelpSectionRenderer renderer) {
    add(command, key, renderer, UsageMessageSpec.SECTION_KEY_FOOTER_HEADING);
  }

  /**
   * Through the command's own usage spec: CommandLine's setters would also reset the sections of
   * every subcommand.
   */
  private static void add(
      CommandLine command, String key, IHelpSectionRenderer renderer, String before) {
    UsageMessageSpec usage = command.getCommandSpec().usageMessage();
    usage.sectionMap().put(key, renderer);
    List<String> keys = new ArrayList<>(usage.sectionKeys());
    keys.add(before == null ? keys.size() : keys.indexOf(before), key);
    usage.sectionKeys(keys);
  }

  private static String exitStatus() {
    StringBuilder text = new StringBuilder(String.format("%nExit status:%n"));
    for (ExitCode code : ExitCode.values()) {
      text.append(String.format("  %d %s%n", code.code(), code.meaning()));
    }
    return text.toString();
  }
}
