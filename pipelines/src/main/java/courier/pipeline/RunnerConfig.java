package courier.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Merges a runner-configs/*.properties file (Beam options without the leading --) under the
 * command line: the file gives defaults, the command line wins. Beam refuses an option given twice,
 * so the merge happens here, before Beam parses anything.
 */
public final class RunnerConfig {
  static final String OPTION = "runnerConfig";
  private static final String ENFORCE_IMMUTABILITY = "enforceImmutability";

  private RunnerConfig() {}

  /** Returns the arguments to hand to Beam: file options first, overridden by the command line. */
  public static String[] apply(String[] args) {
    return apply(args, Map.of());
  }

  /**
   * Like {@link #apply(String[])}, with {@code defaults} (option name to value) under the file: for
   * a command that has its own idea of the runner, such as the demo.
   */
  public static String[] apply(String[] args, Map<String, String> defaults) {
    Map<String, String> layered = new LinkedHashMap<>();
    // The DirectRunner's immutability check walks the whole pipeline graph for every bundle, which
    // with 13 tables and two sinks costs more than the work itself. The courier's DoFns never
    // mutate their inputs, so it is off unless asked for.
    layered.put(ENFORCE_IMMUTABILITY, "false");
    layered.putAll(defaults);
    String file = given(List.of(OPTION), args).get(OPTION);
    if (file != null) {
      layered.putAll(load(Path.of(file)));
    }
    layered.keySet().removeAll(given(layered.keySet(), args).keySet());
    List<String> merged = new ArrayList<>();
    layered.forEach((name, value) -> merged.add("--" + name + "=" + value));
    merged.addAll(List.of(args));
    return merged.toArray(String[]::new);
  }

  /**
   * Which of {@code names} the command line gives, with their values. Picocli reads the command
   * line; every other argument is left for Beam, which parses (and checks) the whole of it later.
   */
  private static Map<String, String> given(Collection<String> names, String[] args) {
    CommandSpec spec = CommandSpec.create();
    for (String name : names) {
      // 0..1: Beam takes a bare --flag as flag=true.
      spec.addOption(OptionSpec.builder("--" + name).arity("0..1").type(String.class).build());
    }
    ParseResult parsed =
        new CommandLine(spec)
            .setUnmatchedArgumentsAllowed(true)
            .setUnmatchedOptionsAllowedAsOptionParameters(false)
            .setOverwrittenOptionsAllowed(true)
            .setExpandAtFiles(false)
            .parseArgs(args);
    Map<String, String> given = new LinkedHashMap<>();
    for (OptionSpec option : parsed.matchedOptions()) {
      given.put(option.longestName().substring(2), option.getValue());
    }
    return given;
  }

  static Map<String, String> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "--runnerConfig=" + file + " does not exist: use one of runner-configs/direct.properties, "
              + "runner-configs/flink-local.properties, runner-configs/flink-cluster.properties (paths are relative "
              + "to the current directory)");
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new ConfigException("cannot read --runnerConfig=" + file + ": " + e.getMessage(), e);
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (String key : new TreeSet<>(props.stringPropertyNames())) {
      if (key.startsWith("--")) {
        throw new ConfigException("--runnerConfig=" + file + ": write option names without '--' (" + key + ")");
      }
      options.put(key, props.getProperty(key).trim());
    }
    return options;
  }
}
