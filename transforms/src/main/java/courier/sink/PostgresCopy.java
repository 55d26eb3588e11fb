package courier.sink;

import courier.schema.ColumnType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.joda.time.ReadableInstant;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Stages rows into PostgreSQL with {@code COPY ... FROM STDIN (FORMAT csv)} instead of row INSERTs:
 * one round trip and no per-row statement for a whole batch.
 *
 * <p>COPY has no "ignore duplicates", and a runner may replay a bundle whose rows are staged
 * already. The batch is copied straight into the staging table; only when that meets its primary
 * key (SQLState 23505, a replay) is it copied again into a temporary table and moved with {@code
 * INSERT ... ON CONFLICT DO NOTHING}, so the common case costs one COPY.
 *
 * <p>CSV, because its quoting is all there is to escape: every string is quoted, quotes doubled;
 * backslashes, commas and line breaks inside quotes are data, and a quoted {@code \.} is never the
 * end-of-data marker. An unquoted empty field is NULL, a quoted one the empty string. NUL cannot be
 * stored in PostgreSQL text at all (normalization strips it), so a row holding one fails naming its
 * table and column.
 *
 * <p>COPY's error context quotes the failing line: {@link StagingWrite} keeps database messages out
 * of what it throws.
 */
final class PostgresCopy {
  private static final String CSV = " FROM STDIN (FORMAT csv)";
  private static final String UNIQUE_VIOLATION = "23505";

  private PostgresCopy() {}

  static void stage(PostgresDialect d, Connection connection, SqlTable staging, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    byte[] csv = encode(staging, rows);
    String table = d.quote(staging.name());
    String columns =
        staging.columnNames().stream().map(d::quote).collect(Collectors.joining(", ", "(", ")"));
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    connection.setAutoCommit(false);
    try {
      try {
        copy.copyIn("COPY " + table + " " + columns + CSV, new ByteArrayInputStream(csv));
      } catch (SQLException e) {
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        connection.rollback();
        copyIgnoringDuplicates(d, connection, copy, staging, columns, csv);
      }
      connection.commit();
    } catch (IOException e) {
      connection.rollback();
      throw new SQLException("COPY into " + staging.name() + " could not read its rows", e);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** A replayed batch: through a temporary table, skipping the rows staged before. */
  private static void copyIgnoringDuplicates(
      PostgresDialect d,
      Connection connection,
      CopyManager copy,
      SqlTable staging,
      String columns,
      byte[] csv)
      throws SQLException, IOException {
    String replay = d.quote("courier_replay");
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TEMPORARY TABLE "
              + replay
              + " (LIKE "
              + d.quote(staging.name())
              + ") ON COMMIT DROP");
    }
    copy.copyIn("COPY " + replay + " " + columns + CSV, new ByteArrayInputStream(csv));
    try (Statement s = connection.createStatement()) {
      s.execute(
          "INSERT INTO "
              + d.quote(staging.name())
              + " "
              + columns
              + " SELECT "
              + columns.substring(1, columns.length() - 1)
              + " FROM "
              + replay
              + " ON CONFLICT ("
              + staging.primaryKey().stream().map(d::quote).collect(Collectors.joining(", "))
              + ") DO NOTHING");
    }
  }

  /** The rows as COPY's CSV, UTF-8, one line (possibly spanning quoted line breaks) per row. */
  static byte[] encode(SqlTable staging, List<Object[]> rows) {
    List<ColumnType> types = staging.columnTypes();
    StringBuilder line = new StringBuilder(256);
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 256);
    for (Object[] row : rows) {
      line.setLength(0);
      for (int i = 0; i < types.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        appendValue(line, types.get(i), row[i], staging, i);
      }
      line.append('\n');
      byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  private static void appendValue(
      StringBuilder line, ColumnType type, Object value, SqlTable staging, int column) {
    if (value == null) {
      return; // an unquoted empty field: NULL
    }
    switch (type.kind()) {
      case INT64:
      case INT32:
        line.append(value);
        break;
      case BOOLEAN:
        line.append((Boolean) value ? 't' : 'f');
        break;
      case DECIMAL:
        line.append(((BigDecimal) value).toPlainString());
        break;
      case TIMESTAMP:
        line.append(Instant.ofEpochMilli(((ReadableInstant) value).getMillis()));
        break;
      case STRING:
        appendQuoted(line, (String) value, staging, column);
        break;
      default:
        throw new IllegalArgumentException("cannot stage " + type);
    }
  }

  private static void appendQuoted(StringBuilder line, String text, SqlTable staging, int column) {
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        line.append('"');
      } else if (c == '\0') {
        throw new IllegalArgumentException(
            "a value of column "
                + staging.columnNames().get(column)
                + " of "
                + staging.name()
                + " holds a NUL character, which PostgreSQL text cannot store");
      }
      line.append(c);
    }
    line.append('"');
  }
}
