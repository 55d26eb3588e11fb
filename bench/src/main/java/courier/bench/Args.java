package courier.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} arguments; a bare {@code --name} is "true". */
final class Args {
  private Args() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "' (options are --name=value)");
      }
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      String value = eq < 0 ? "true" : arg.substring(eq + 1);
      // Repeated options (--scenario=a --scenario=b) accumulate, comma-separated.
      out.merge(name, value, (a, b) -> a + "," + b);
    }
    return out;
  }

  static String required(Map<String, String> o, String name) {
    String v = o.get(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }
}
