package courier.shopify;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where a secret comes from: an environment variable or a file, never the value itself. This is
 * what pipeline options and serialized transforms carry; the secret is read only where a client is
 * built (driver and workers), so it never travels with the job and {@link #toString()} is safe to
 * log.
 */
public record SecretSource(Kind kind, String name) implements Serializable {
  /** Where the secret is kept. */
  public enum Kind {
    ENV,
    FILE
  }

  public SecretSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** The value of environment variable {@code variable} (surrounding whitespace trimmed). */
  public static SecretSource env(String variable) {
    if (variable == null || !variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "'"
              + variable
              + "' is not an environment variable name; pass a name such as SHOPIFY_ACCESS_TOKEN");
    }
    return new SecretSource(Kind.ENV, variable);
  }

  /** The content of the file at {@code path} (surrounding whitespace trimmed). */
  public static SecretSource file(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException(
          "a secret file path is required, e.g. /run/secrets/shopify-token");
    }
    return new SecretSource(Kind.FILE, path);
  }

  /** Reads the secret; IllegalStateException says which source is missing and how to provide it. */
  String resolve(UnaryOperator<String> environment) {
    String value;
    if (kind == Kind.ENV) {
      value = environment.apply(name);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(
            "environment variable "
                + name
                + " is not set (or empty) on this machine: export it before "
                + "starting the run, on the driver and on every worker, or name a file instead");
      }
    } else {
      try {
        value = new String(Files.readAllBytes(Path.of(name)), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new IllegalStateException(
            "secret file "
                + name
                + " does not exist on this machine: create it "
                + "(readable only by the courier's user) on the driver and on every worker");
      } catch (IOException | SecurityException e) {
        throw new IllegalStateException(
            "secret file "
                + name
                + " cannot be read ("
                + e.getClass().getSimpleName()
                + "): make it readable by the courier's user");
      }
      if (value.isBlank()) {
        throw new IllegalStateException(
            "secret file " + name + " is empty: write the secret into it");
      }
    }
    return value.strip();
  }

  /** "environment variable X" or "file /path": where the value comes from, never the value. */
  @Override
  public String toString() {
    return (kind == Kind.ENV ? "environment variable " : "file ") + name;
  }
}
