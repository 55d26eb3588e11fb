package courier.sink;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The database the domain tables live in: JDBC URL (the dialect follows from it), user, where the
 * password comes from, and the table prefix.
 *
 * <p>The password is never held here: only its source, an environment variable (default {@value
 * #DEFAULT_PASSWORD_ENV}) or a file, read each time a connection or pool is opened, on whichever
 * machine opens it. So it is never serialized with the pipeline, logged, or shown in display data.
 * Keep passwords out of the URL itself: the URL travels with the pipeline and Beam's JdbcIO logs
 * it (this class only ever prints it with {@code password=} blanked).
 *
 * <pre>{@code
 * JdbcTarget target = JdbcTarget.of("jdbc:postgresql://db:5432/shop").withUser("courier")
 *     .withPasswordFile("/run/secrets/courier-db");
 * }</pre>
 */
public final class JdbcTarget implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_PASSWORD_ENV = "COURIER_JDBC_PASSWORD";
  public static final String DEFAULT_TABLE_PREFIX = "shopify_";
  /** Enough for every DirectRunner thread or Flink slot of one JVM (DBCP's default is 8). */
  public static final int DEFAULT_MAX_CONNECTIONS = 32;

  private static final Pattern PREFIX = Pattern.compile("([a-z][a-z0-9_]*)?");
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

  private final String jdbcUrl;
  private final String user;
  private final String passwordEnv;
  private final String passwordFile;
  private final String tablePrefix;
  private final int maxConnections;

  private JdbcTarget(String jdbcUrl, String user, String passwordEnv, String passwordFile, String tablePrefix, int maxConnections) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.passwordEnv = passwordEnv;
    this.passwordFile = passwordFile;
    this.tablePrefix = tablePrefix;
    this.maxConnections = maxConnections;
  }

  /** A target with no user, the password from {@value #DEFAULT_PASSWORD_ENV} if set, prefix {@value #DEFAULT_TABLE_PREFIX}. */
  public static JdbcTarget of(String jdbcUrl) {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException("JdbcTarget.of() needs a JDBC URL");
    }
    SqlDialect.forUrl(jdbcUrl);
    return new JdbcTarget(jdbcUrl, null, DEFAULT_PASSWORD_ENV, null, DEFAULT_TABLE_PREFIX, DEFAULT_MAX_CONNECTIONS);
  }

  public JdbcTarget withUser(String user) {
    return new JdbcTarget(jdbcUrl, user, passwordEnv, passwordFile, tablePrefix, maxConnections);
  }

  /** Reads the password from this environment variable (where the connection opens); unset means none. */
  public JdbcTarget withPasswordFromEnv(String variable) {
    if (variable == null || variable.isBlank()) {
      throw new IllegalArgumentException("withPasswordFromEnv() needs a variable name");
    }
    return new JdbcTarget(jdbcUrl, user, variable, null, tablePrefix, maxConnections);
  }

  /** Reads the password from this file (its first line) where the connection opens. */
  public JdbcTarget withPasswordFile(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("withPasswordFile() needs a path");
    }
    return new JdbcTarget(jdbcUrl, user, null, path, tablePrefix, maxConnections);
  }

  /** Prefix of every domain and staging table (not of courier_runs): lower-case letters, digits, '_'. */
  public JdbcTarget withTablePrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("table prefix '" + prefix + "' must be lower-case letters, digits or '_', starting with a letter");
    }
    return new JdbcTarget(jdbcUrl, user, passwordEnv, passwordFile, prefix, maxConnections);
  }

  /** Pool size per JVM for staging writes; each writing thread holds one connection per bundle. */
  public JdbcTarget withMaxConnections(int maxConnections) {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("withMaxConnections() needs at least 1");
    }
    return new JdbcTarget(jdbcUrl, user, passwordEnv, passwordFile, tablePrefix, maxConnections);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String tablePrefix() {
    return tablePrefix;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public SqlDialect dialect() {
    return SqlDialect.forUrl(jdbcUrl);
  }

  /** Where the password comes from, for messages: "environment variable X" or "file /path". */
  public String passwordSource() {
    return passwordFile != null ? "file " + passwordFile : "environment variable " + passwordEnv;
  }

  /** The database name of a domain table: prefix + table. */
  public String table(String table) {
    return tablePrefix + table;
  }

  /** Where a run's rows wait for the commit. */
  public String stagingTable(String table) {
    return tablePrefix + table + "__staging";
  }

  /** Where the entities seen by a run wait for the commit. */
  public String rootKeysStagingTable() {
    return tablePrefix + "root_keys__staging";
  }

  /** Opens a connection, resolving the password now; the caller closes it. */
  public Connection connect() throws SQLException {
    Connection connection = driver().connect(jdbcUrl, connectionProperties());
    if (connection == null) {
      throw new SQLException("driver " + dialect().driverClassName() + " does not accept " + redactedUrl());
    }
    return connection;
  }

  /** User and password as driver properties, the password read from its source now. */
  Properties connectionProperties() throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    String password = password();
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  private String password() throws SQLException {
    if (passwordFile != null) {
      try {
        String content = Files.readString(Path.of(passwordFile), StandardCharsets.UTF_8);
        return content.lines().findFirst().orElse("");
      } catch (IOException e) {
        throw new SQLException("cannot read the database password from file " + passwordFile + ": " + e.getClass().getSimpleName());
      }
    }
    return System.getenv(passwordEnv);
  }

  private Driver driver() throws SQLException {
    String name = dialect().driverClassName();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      return (Driver) Class.forName(name, true, loader != null ? loader : JdbcTarget.class.getClassLoader())
          .getDeclaredConstructor()
          .newInstance();
    } catch (ReflectiveOperationException e) {
      throw new SQLException("JDBC driver " + name + " is not on the classpath", e);
    }
  }

  /** The URL with any password parameter blanked out, for messages and display data. */
  public String redactedUrl() {
    return URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
  }

  @Override
  public String toString() {
    return "JdbcTarget{" + redactedUrl() + ", user=" + user + ", password from " + passwordSource() + ", prefix=" + tablePrefix + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JdbcTarget t
        && jdbcUrl.equals(t.jdbcUrl)
        && Objects.equals(user, t.user)
        && Objects.equals(passwordEnv, t.passwordEnv)
        && Objects.equals(passwordFile, t.passwordFile)
        && tablePrefix.equals(t.tablePrefix)
        && maxConnections == t.maxConnections;
  }

  @Override
  public int hashCode() {
    return Objects.hash(jdbcUrl, user, passwordEnv, passwordFile, tablePrefix, maxConnections);
  }
}
