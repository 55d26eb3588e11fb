package courier.pipeline;

import java.beans.Introspector;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Merges a runner-configs/*.properties file (Beam options without the leading --) under the command
 * line: the file gives defaults, the command line wins. Beam refuses an option given twice (in the
 * file and on the command line, or twice on the command line, as wrappers that append to a command
 * do), so the merge happens here, before Beam parses anything.
 */
public final class RunnerConfig {
  static final String OPTION = "runnerConfig";
  private static final String ENFORCE_IMMUTABILITY = "enforceImmutability";
  private static final String ENFORCE_ENCODABILITY = "enforceEncodability";

  /** The value picocli gives a bare --flag: no command-line argument can hold a NUL. */
  private static final String BARE = "\0";

  private RunnerConfig() {}

  /**
   * Returns the arguments to hand to Beam: file options first, overridden by the command line, on
   * which the last of an option given twice wins.
   */
  public static String[] apply(String[] args) {
    return apply(args, Map.of());
  }

  /**
   * Like {@link #apply(String[])}, with {@code defaults} (option name to value) under the file: for
   * a command that has its own idea of the runner, such as the demo.
   */
  public static String[] apply(String[] args, Map<String, String> defaults) {
    ParseResult parsed = parse(args);
    // Name to last value.
    Map<String, String> commandLine = new LinkedHashMap<>();
    for (OptionSpec option : parsed.matchedOptions()) {
      commandLine.put(option.longestName().substring(2), option.getValue());
    }
    Map<String, String> layered = new LinkedHashMap<>();
    // The DirectRunner's immutability check walks the whole pipeline graph for every bundle, which
    // with 13 tables and two sinks costs more than the work itself. The courier's DoFns never
    // mutate their inputs, so it is off unless asked for.
    layered.put(ENFORCE_IMMUTABILITY, "false");
    // Its encodability check encodes every output, a GroupByKey's whole group at once: in a 768 MB
    // heap the DirectRunner failed at 25,000 orders with it and completed 30,000 without it
    // (README, Performance). Every runner that shuffles encodes with the same coders anyway, and
    // the tests' own TestPipelines keep both checks on.
    layered.put(ENFORCE_ENCODABILITY, "false");
    layered.putAll(defaults);
    String file = commandLine.get(OPTION);
    if (BARE.equals(file)) {
      throw new ConfigException(
          "--runnerConfig needs a file: --runnerConfig=runner-configs/direct.properties");
    }
    if (file != null) {
      layered.putAll(load(Path.of(file)));
    }
    layered.keySet().removeAll(commandLine.keySet());
    layered.putAll(commandLine);
    List<String> merged = new ArrayList<>();
    layered.forEach(
        (name, value) -> merged.add(BARE.equals(value) ? "--" + name : "--" + name + "=" + value));
    merged.addAll(parsed.unmatched());
    return merged.toArray(String[]::new);
  }

  /**
   * Reads the command line with picocli, which knows every registered Beam option; anything else is
   * left unmatched, for Beam to refuse with its list of close matches.
   */
  private static ParseResult parse(String[] args) {
    Set<Class<? extends PipelineOptions>> interfaces =
        new HashSet<>(PipelineOptionsFactory.getRegisteredOptions());
    interfaces.add(CourierOptions.class);
    Set<String> names = new TreeSet<>();
    for (Class<? extends PipelineOptions> options : interfaces) {
      // Every Beam option has a setter; Beam names it as a bean property, so does this.
      for (Method method : options.getMethods()) {
        if (method.getName().startsWith("set") && method.getParameterCount() == 1) {
          names.add(Introspector.decapitalize(method.getName().substring(3)));
        }
      }
    }
    CommandSpec spec = CommandSpec.create();
    for (String name : names) {
      // 0..1: Beam takes a bare --flag as flag=true.
      spec.addOption(
          OptionSpec.builder("--" + name)
              .arity("0..1")
              .type(String.class)
              .fallbackValue(BARE)
              .build());
    }
    return new CommandLine(spec)
        .setUnmatchedArgumentsAllowed(true)
        .setUnmatchedOptionsAllowedAsOptionParameters(false)
        .setOverwrittenOptionsAllowed(true)
        .setExpandAtFiles(false)
        .parseArgs(args);
  }

  static Map<String, String> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          "--runnerConfig="
              + file
              + " does not exist: use one of runner-configs/direct.properties, "
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
        throw new ConfigException(
            "--runnerConfig=" + file + ": write option names without '--' (" + key + ")");
      }
      options.put(key, props.getProperty(key).trim());
    }
    return options;
  }
}
