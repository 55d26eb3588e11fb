package courier.sink;

import courier.schema.ColumnType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.joda.time.ReadableInstant;

/**
 * What differs between databases: driver, type names, the idempotent staging insert. Everything
 * else is standard SQL shared by the defaults here. Adding a database is one class implementing
 * this interface, listed in {@link #SUPPORTED}.
 *
 * <p>Identifiers passed in come from the schema files and are always quoted (a column is called
 * {@code default}); values are always bound parameters.
 */
public interface SqlDialect extends Serializable {
  /** The dialects {@link #forUrl} knows. */
  List<SqlDialect> SUPPORTED = List.of(new H2Dialect(), new PostgresDialect());

  /** The dialect of a JDBC URL; IllegalArgumentException naming the supported ones otherwise. */
  static SqlDialect forUrl(String jdbcUrl) {
    return SUPPORTED.stream()
        .filter(d -> jdbcUrl != null && jdbcUrl.startsWith(d.urlPrefix()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported JDBC URL (no dialect for it); supported: "
                        + SUPPORTED.stream()
                            .map(d -> d.name() + " (" + d.urlPrefix() + "...)")
                            .collect(Collectors.joining(", "))));
  }

  /** Short name, e.g. "postgresql". */
  String name();

  /** URLs this dialect handles start with this, e.g. "jdbc:postgresql:". */
  String urlPrefix();

  /**
   * Loaded by class name, not DriverManager: Flink's user-code class loader hides drivers from it.
   */
  String driverClassName();

  /** Driver properties every connection gets, besides user and password. */
  default java.util.Map<String, String> driverProperties() {
    return java.util.Map.of();
  }

  /** The type of unbounded text: TEXT, or VARCHAR where TEXT means a LOB. */
  String textType();

  /**
   * An INSERT of one row that does nothing (or rewrites the identical row) when a row with the same
   * key exists: runners may replay a bundle, so staging writes must tolerate exact duplicates.
   * Arguments are quoted identifiers.
   */
  String insertIgnoringDuplicates(String table, List<String> columns, List<String> keyColumns);

  /**
   * {@code INSERT INTO table (columns) query}: the rows a query reads from other tables (never the
   * table it inserts into). {@code table} is a quoted name, {@code columns} quoted names joined by
   * ", ", {@code query} a complete SELECT.
   */
  default String insertFromQuery(String table, String columns, String query) {
    return "INSERT INTO " + table + " (" + columns + ") " + query;
  }

  /**
   * Runs the delete; rows deleted. The default is its {@code DELETE ... WHERE EXISTS}, which
   * PostgreSQL plans as a semi-join from whichever side is smaller.
   */
  default long deleteMatching(Connection connection, MatchingDelete delete) throws SQLException {
    return RunCommit.execute(connection, delete.whereExists(), delete.parameters().toArray());
  }

  /**
   * Writes a batch of rows (values in the staging table's column order, as Beam rows hold them)
   * into a staging table in one transaction, the fastest way the database allows. Idempotent: a
   * replayed bundle's rows are exact duplicates of staged ones and are ignored. Called with
   * autocommit on; the default is a JDBC batch of {@link #insertIgnoringDuplicates}.
   */
  default void stage(Connection connection, SqlTable staging, List<Object[]> rows)
      throws SQLException {
    JdbcBatchStaging.stage(this, connection, staging, rows);
  }

  /**
   * Run before the commit's transaction, once everything is staged: lets the database plan the
   * commit's joins on what staging now holds (PostgreSQL's planner would otherwise see the staging
   * tables as they were when autovacuum last looked, often empty). Arguments are table names,
   * unquoted.
   */
  default void analyze(Connection connection, List<String> tables) throws SQLException {}

  /**
   * Whether {@code table} (a quoted name) certainly holds no row, where the database can tell
   * cheaply: the commit then skips what could find nothing there (a first load): its deletes, and
   * the newer-wins probe of a root table. The default does not know: PostgreSQL plans those deletes
   * on an empty table as nearly free, while a probe for a first row walks the dead rows a big
   * delete leaves behind until vacuum (1.5 to 30 ms a table in a nightly run after a replacing one,
   * {@code CommitBench --nightly=100}).
   */
  default boolean certainlyEmpty(Connection connection, String table) throws SQLException {
    return false;
  }

  /**
   * Begins the commit's transaction (autocommit off) holding the commit lock named {@code name} (a
   * shop and table prefix) until it ends, waiting while another transaction holds it: commits of
   * one shop run one after the other, so each sees what the one before stored (newer wins, no
   * interleaved deletes and inserts). Called with autocommit on.
   */
  void beginLockedCommit(Connection connection, String name) throws SQLException;

  /**
   * Run once the run is committed, on the commit's connection: lets go of whatever the run's
   * writers still hold in this JVM (their connections can outlive the run in a Flink TaskManager).
   */
  default void afterCommit(Connection connection, String jdbcUrl) throws SQLException {}

  /**
   * Makes what this connection has committed survive the process being killed (kill -9) from here
   * on. A record that a later run must find (a submitted bulk job, which would otherwise be
   * submitted twice) calls this after its commit. PostgreSQL's commit is durable already.
   */
  default void makeDurable(Connection connection) throws SQLException {}

  default String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A SQL string literal, for DDL (comments) where parameters cannot be bound. */
  default String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  default String columnType(ColumnType type) {
    switch (type.kind()) {
      case INT64:
        return "BIGINT";
      case INT32:
        return "INTEGER";
      case STRING:
        return textType();
      case BOOLEAN:
        return "BOOLEAN";
      case DECIMAL:
        return "NUMERIC(" + type.precision() + "," + type.scale() + ")";
      case TIMESTAMP:
        return "TIMESTAMP WITH TIME ZONE";
      default:
        throw new IllegalArgumentException("no SQL type for " + type);
    }
  }

  /** Binds a row value (as Beam rows hold it) to a parameter of the column's type. */
  default void bind(PreparedStatement statement, int index, ColumnType type, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, sqlType(type));
      return;
    }
    switch (type.kind()) {
      case INT64:
        statement.setLong(index, (Long) value);
        break;
      case INT32:
        statement.setInt(index, (Integer) value);
        break;
      case STRING:
        statement.setString(index, (String) value);
        break;
      case BOOLEAN:
        statement.setBoolean(index, (Boolean) value);
        break;
      case DECIMAL:
        statement.setBigDecimal(index, (BigDecimal) value);
        break;
      case TIMESTAMP:
        // An offset date-time in UTC: no driver or session time zone can shift the instant.
        statement.setObject(
            index,
            OffsetDateTime.ofInstant(
                java.time.Instant.ofEpochMilli(((ReadableInstant) value).getMillis()),
                ZoneOffset.UTC));
        break;
      default:
        throw new IllegalArgumentException("cannot bind " + type);
    }
  }

  /** Reads a column back as rows hold it (timestamps as joda Instants). */
  default Object read(ResultSet rows, int index, ColumnType type) throws SQLException {
    Object value;
    switch (type.kind()) {
      case INT64:
        value = rows.getLong(index);
        break;
      case INT32:
        value = rows.getInt(index);
        break;
      case STRING:
        value = rows.getString(index);
        break;
      case BOOLEAN:
        value = rows.getBoolean(index);
        break;
      case DECIMAL:
        value = rows.getBigDecimal(index);
        break;
      case TIMESTAMP:
        OffsetDateTime time = rows.getObject(index, OffsetDateTime.class);
        value = time == null ? null : new org.joda.time.Instant(time.toInstant().toEpochMilli());
        break;
      default:
        throw new IllegalArgumentException("cannot read " + type);
    }
    return rows.wasNull() ? null : value;
  }

  default int sqlType(ColumnType type) {
    switch (type.kind()) {
      case INT64:
        return Types.BIGINT;
      case INT32:
        return Types.INTEGER;
      case STRING:
        return Types.VARCHAR;
      case BOOLEAN:
        return Types.BOOLEAN;
      case DECIMAL:
        return Types.NUMERIC;
      case TIMESTAMP:
        return Types.TIMESTAMP_WITH_TIMEZONE;
      default:
        throw new IllegalArgumentException("no SQL type for " + type);
    }
  }
}
