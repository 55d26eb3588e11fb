package courier.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

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
    Map<String, String> commandLine = new LinkedHashMap<>();
    List<String> passThrough = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--") && arg.contains("=")) {
        commandLine.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      } else {
        passThrough.add(arg);
      }
    }
    String file = commandLine.get(OPTION);
    Map<String, String> merged = new LinkedHashMap<>();
    if (file != null) {
      merged.putAll(load(Path.of(file)));
    }
    merged.putAll(commandLine);
    // The DirectRunner's immutability check walks the whole pipeline graph for every bundle, which
    // with 13 tables and two sinks costs more than the work itself. The courier's DoFns never
    // mutate their inputs, so it is off unless asked for.
    merged.putIfAbsent(ENFORCE_IMMUTABILITY, "false");
    List<String> out = new ArrayList<>();
    merged.forEach((k, v) -> out.add("--" + k + "=" + v));
    out.addAll(passThrough);
    return out.toArray(String[]::new);
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
