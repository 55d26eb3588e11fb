package courier.sink;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The database the domain tables live in: JDBC URL (the dialect follows from it), user, where the
 * password comes from, and the table prefix.
 *
 * <p>The password is never held here: only its source, an environment variable (default {@value
 * #DEFAULT_PASSWORD_ENV}) or a file, read each time a connection or pool is opened, on whichever
 * machine opens it. So it is never serialized with the pipeline, logged, or shown in display data.
 * Keep passwords out of the URL itself: the URL travels with the pipeline and Beam's JdbcIO logs it
 * (this class only ever prints it with {@code password=} blanked).
 *
 * <pre>{@code
 * JdbcTarget target = JdbcTarget.of("jdbc:postgresql://db:5432/shop").withUser("courier")
 *     .withPasswordFile("/run/secrets/courier-db");
 * }</pre>
 */
@AutoValue
public abstract class JdbcTarget implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_PASSWORD_ENV = "COURIER_JDBC_PASSWORD";
  public static final String DEFAULT_TABLE_PREFIX = "shopify_";

  /** Enough for every DirectRunner thread or Flink slot of one JVM (DBCP's default is 8). */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;

  private static final Pattern PREFIX = Pattern.compile("([a-z][a-z0-9_]*)?");
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

  public abstract String jdbcUrl();

  public abstract @Nullable String user();

  abstract @Nullable String passwordEnv();

  abstract @Nullable String passwordFile();

  public abstract String tablePrefix();

  public abstract int maxConnections();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder jdbcUrl(String jdbcUrl);

    abstract Builder user(@Nullable String user);

    abstract Builder passwordEnv(@Nullable String variable);

    abstract Builder passwordFile(@Nullable String path);

    abstract Builder tablePrefix(String prefix);

    abstract Builder maxConnections(int maxConnections);

    abstract JdbcTarget build();
  }

  /**
   * A target with no user, the password from {@value #DEFAULT_PASSWORD_ENV} if set, prefix {@value
   * #DEFAULT_TABLE_PREFIX}.
   */
  public static JdbcTarget of(String jdbcUrl) {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException("JdbcTarget.of() needs a JDBC URL");
    }
    SqlDialect.forUrl(jdbcUrl);
    return new AutoValue_JdbcTarget.Builder()
        .jdbcUrl(jdbcUrl)
        .passwordEnv(DEFAULT_PASSWORD_ENV)
        .tablePrefix(DEFAULT_TABLE_PREFIX)
        .maxConnections(DEFAULT_MAX_CONNECTIONS)
        .build();
  }

  public JdbcTarget withUser(String user) {
    return toBuilder().user(user).build();
  }

  /**
   * Reads the password from this environment variable (where the connection opens); unset means
   * none.
   */
  public JdbcTarget withPasswordFromEnv(String variable) {
    if (variable == null || variable.isBlank()) {
      throw new IllegalArgumentException("withPasswordFromEnv() needs a variable name");
    }
    return toBuilder().passwordEnv(variable).passwordFile(null).build();
  }

  /** Reads the password from this file (its first line) where the connection opens. */
  public JdbcTarget withPasswordFile(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("withPasswordFile() needs a path");
    }
    return toBuilder().passwordEnv(null).passwordFile(path).build();
  }

  /**
   * Prefix of every domain and staging table (not of courier_runs): lower-case letters, digits,
   * '_'.
   */
  public JdbcTarget withTablePrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "table prefix '"
              + prefix
              + "' must be lower-case letters, digits or '_', starting with a letter");
    }
    return toBuilder().tablePrefix(prefix).build();
  }

  /** Pool size per JVM for staging writes; each writing thread holds one connection per bundle. */
  public JdbcTarget withMaxConnections(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("withMaxConnections() needs at least 1");
    }
    return toBuilder().maxConnections(maxConnections).build();
  }

  public SqlDialect dialect() {
    return SqlDialect.forUrl(jdbcUrl());
  }

  /** Where the password comes from, for messages: "environment variable X" or "file /path". */
  public String passwordSource() {
    return passwordFile() != null
        ? "file " + passwordFile()
        : "environment variable " + passwordEnv();
  }

  /** The database name of a domain table: prefix + table. */
  public String table(String table) {
    return tablePrefix() + table;
  }

  /**
   * Where a run's rows of a table wait for the commit: a table of the run's own (see {@link
   * StagingTables}), {@code <prefix>staging_<run key>_<table>}. The run key comes before the table
   * so that a database truncating long names (PostgreSQL at 63 bytes) cuts the table's name, never
   * what keeps two runs apart.
   */
  public String stagingTable(String table, String runId) {
    return tablePrefix() + "staging_" + runKey(runId) + "_" + table;
  }

  /** Where the entities seen by a run wait for the commit, a table of the run's own. */
  public String rootKeysStagingTable(String runId) {
    return stagingTable("root_keys", runId);
  }

  /**
   * 12 hex digits of the run id's SHA-256: a run id may hold any character and be long, a table
   * name not. 48 bits: two of the few runs whose staging exists at a time share a key about once in
   * 10^14 pairs.
   */
  static String runKey(String runId) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(runId.getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Opens a connection, resolving the password now; the caller closes it. */
  public Connection connect() throws SQLException {
    Connection connection;
    try {
      connection = driver().connect(jdbcUrl(), connectionProperties());
    } catch (SQLException e) {
      throw withoutUrlPassword(e);
    }
    if (connection == null) {
      throw new SQLException(
          "driver " + dialect().driverClassName() + " does not accept " + redactedUrl());
    }
    return connection;
  }

  /**
   * pgjdbc quotes the whole URL in some errors ("Unable to parse URL ..."): printed, a password in
   * it would leak. Such an error is replaced by one quoting the redacted URL, without the cause
   * (whose message holds the password too).
   */
  private SQLException withoutUrlPassword(SQLException e) {
    String message = e.getMessage();
    if (message == null || !message.contains(jdbcUrl()) || redactedUrl().equals(jdbcUrl())) {
      return e;
    }
    return new SQLException(
        message.replace(jdbcUrl(), redactedUrl()), e.getSQLState(), e.getErrorCode());
  }

  /** User and password as driver properties, the password read from its source now. */
  Properties connectionProperties() throws SQLException {
    Properties properties = new Properties();
    properties.putAll(dialect().driverProperties());
    if (user() != null) {
      properties.setProperty("user", user());
    }
    String password = password();
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  private String password() throws SQLException {
    if (passwordFile() != null) {
      try {
        String content = Files.readString(Path.of(passwordFile()), StandardCharsets.UTF_8);
        return content.lines().findFirst().orElse("");
      } catch (IOException e) {
        throw new SQLException(
            "cannot read the database password from file "
                + passwordFile()
                + ": "
                + e.getClass().getSimpleName());
      }
    }
    return System.getenv(passwordEnv());
  }

  private Driver driver() throws SQLException {
    String name = dialect().driverClassName();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      return (Driver)
          Class.forName(name, true, loader != null ? loader : JdbcTarget.class.getClassLoader())
              .getDeclaredConstructor()
              .newInstance();
    } catch (ReflectiveOperationException e) {
      throw new SQLException("JDBC driver " + name + " is not on the classpath", e);
    }
  }

  /** The URL with any password parameter blanked out, for messages and display data. */
  public String redactedUrl() {
    return URL_PASSWORD.matcher(jdbcUrl()).replaceAll("$1***");
  }

  @Override
  public final String toString() {
    return "JdbcTarget{"
        + redactedUrl()
        + ", user="
        + user()
        + ", password from "
        + passwordSource()
        + ", prefix="
        + tablePrefix()
        + "}";
  }
}
