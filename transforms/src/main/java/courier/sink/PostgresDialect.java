package courier.sink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL (any supported version): {@code jdbc:postgresql://host:5432/db}. */
public final class PostgresDialect implements SqlDialect {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String urlPrefix() {
    return "jdbc:postgresql:";
  }

  @Override
  public String driverClassName() {
    return "org.postgresql.Driver";
  }

  /**
   * pgjdbc prints a failed batch entry with its bound values, and the server's "Detail: Failing row
   * contains (...)", into exception messages that end up in logs: customer data. Off, errors name
   * the statement and the server's message only.
   */
  @Override
  public java.util.Map<String, String> driverProperties() {
    return java.util.Map.of("logServerErrorDetail", "false");
  }

  @Override
  public String textType() {
    return "TEXT";
  }

  @Override
  public String insertIgnoringDuplicates(
      String table, List<String> columns, List<String> keyColumns) {
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?"))
        + ") ON CONFLICT ("
        + String.join(", ", keyColumns)
        + ") DO NOTHING";
  }

  /** COPY, not row inserts (see {@link PostgresCopy}). */
  @Override
  public void stage(Connection connection, SqlTable staging, List<Object[]> rows)
      throws SQLException {
    PostgresCopy.stage(this, connection, staging, rows);
  }

  /**
   * ANALYZE of the staging tables, in autocommit: held inside the commit's transaction, its lock
   * would make other shops' commits wait for this one.
   */
  @Override
  public void analyze(Connection connection, List<String> tables) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "ANALYZE " + tables.stream().map(this::quote).collect(Collectors.joining(", ")));
    }
  }

  /**
   * A transaction-scoped advisory lock: released by the commit or rollback, and by the server when
   * the connection dies, so a killed run never leaves it held.
   */
  @Override
  public void beginLockedCommit(Connection connection, String name) throws SQLException {
    connection.setAutoCommit(false);
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      statement.setLong(1, lockKey(name));
      statement.execute();
    }
  }

  /** Advisory locks are keyed by a bigint: the first 8 bytes of the name's SHA-256. */
  static long lockKey(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("courier-commit:" + name).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
