package courier.sink;

import courier.fetch.BulkJobStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code courier_bulk_jobs}: every bulk job the courier submitted, written before the job is
 * polled, so a rerun of the same window (after a crash, kill -9 included) finds and adopts it. One
 * row per operation; the table is created on first use (H2 or PostgreSQL).
 */
public final class CourierBulkJobs implements BulkJobStore {
  private static final long serialVersionUID = 1L;
  public static final String TABLE = "courier_bulk_jobs";

  /** Databases whose table this JVM has brought up to date (by URL and table prefix). */
  private static final Set<String> ENSURED = ConcurrentHashMap.newKeySet();

  private final JdbcTarget target;

  private CourierBulkJobs(JdbcTarget target) {
    this.target = target;
  }

  /** The bulk jobs recorded in {@code target}'s database. */
  public static CourierBulkJobs in(JdbcTarget target) {
    return new CourierBulkJobs(target);
  }

  static SqlTable table() {
    return new SqlTable(
        TABLE,
        List.of(
            column("operation_id", SqlTable.TEXT, false, "The bulk operation's GID."),
            column("shop", SqlTable.TEXT, false, "Shop domain."),
            column("resource", SqlTable.TEXT, false, "Shopify resource: customers, orders..."),
            column(
                "query_hash",
                SqlTable.TEXT,
                false,
                "SHA-256 of the bulk query sent (it holds the window): a changed query is a new job."),
            column("window_from", SqlTable.TIMESTAMP, false, "Slice start, inclusive (UTC)."),
            column("window_to", SqlTable.TIMESTAMP, false, "Slice end, exclusive (UTC)."),
            column(
                "status",
                SqlTable.TEXT,
                false,
                "SUBMITTED, or how it ended: COMPLETED, FAILED, CANCELED, EXPIRED."),
            column("submitted_at", SqlTable.TIMESTAMP, false, "When it was submitted (UTC)."),
            column("finished_at", SqlTable.TIMESTAMP, true, "When it ended (UTC); null before.")),
        List.of("operation_id"),
        List.of(List.of("shop", "resource", "query_hash")),
        "Bulk jobs the Shopify courier submitted, so a rerun adopts them instead of resubmitting.");
  }

  @Override
  public BulkJobStore.@Nullable Job latest(Key key) {
    SqlDialect d = target.dialect();
    String sql =
        "SELECT "
            + d.quote("operation_id")
            + ", "
            + d.quote("status")
            + " FROM "
            + d.quote(TABLE)
            + " WHERE "
            + d.quote("shop")
            + " = ? AND "
            + d.quote("resource")
            + " = ? AND "
            + d.quote("query_hash")
            + " = ? ORDER BY "
            + d.quote("submitted_at")
            + " DESC";
    try (Connection connection = open();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, key.shop());
      statement.setString(2, key.resource());
      statement.setString(3, key.queryHash());
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? new Job(rs.getString(1), rs.getString(2)) : null;
      }
    } catch (SQLException e) {
      throw failed("read", e);
    }
  }

  @Override
  public void submitted(Key key, String operationId, Instant submittedAt) {
    SqlDialect d = target.dialect();
    String sql =
        "INSERT INTO "
            + d.quote(TABLE)
            + " ("
            + String.join(
                ", ",
                List.of(
                        "operation_id",
                        "shop",
                        "resource",
                        "query_hash",
                        "window_from",
                        "window_to",
                        "status",
                        "submitted_at")
                    .stream()
                    .map(d::quote)
                    .toList())
            + ") VALUES (?, ?, ?, ?, ?, ?, 'SUBMITTED', ?)";
    update(
        "record",
        sql,
        statement -> {
          statement.setString(1, operationId);
          statement.setString(2, key.shop());
          statement.setString(3, key.resource());
          statement.setString(4, key.queryHash());
          statement.setObject(5, utc(key.from()));
          statement.setObject(6, utc(key.to()));
          statement.setObject(7, utc(submittedAt));
        });
  }

  @Override
  public void ended(String operationId, String status, Instant finishedAt) {
    SqlDialect d = target.dialect();
    String sql =
        "UPDATE "
            + d.quote(TABLE)
            + " SET "
            + d.quote("status")
            + " = ?, "
            + d.quote("finished_at")
            + " = ? WHERE "
            + d.quote("operation_id")
            + " = ?";
    update(
        "update",
        sql,
        statement -> {
          statement.setString(1, status);
          statement.setObject(2, utc(finishedAt));
          statement.setString(3, operationId);
        });
  }

  /** Sets a statement's parameters. */
  private interface Parameters {
    void set(PreparedStatement statement) throws SQLException;
  }

  private void update(String what, String sql, Parameters parameters) {
    try (Connection connection = open();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.set(statement);
      statement.executeUpdate();
      // A rerun after a crash adopts the jobs it finds recorded: the record must outlive a kill.
      target.dialect().makeDurable(connection);
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  private Connection open() throws SQLException {
    Connection connection = target.connect();
    connection.setAutoCommit(true);
    String database = target.jdbcUrl() + "|" + target.tablePrefix();
    if (!ENSURED.contains(database)) {
      // Several bulk slices start at once: one DDL per JVM, and a second pass when another JVM
      // created the table or its index between our look and our CREATE.
      synchronized (ENSURED) {
        if (!ENSURED.contains(database)) {
          try {
            new SchemaSync(target.dialect()).apply(connection, List.of(table()));
          } catch (SQLException raced) {
            new SchemaSync(target.dialect()).apply(connection, List.of(table()));
          }
          ENSURED.add(database);
        }
      }
    }
    return connection;
  }

  private IllegalStateException failed(String what, SQLException e) {
    return new IllegalStateException(
        "cannot "
            + what
            + " "
            + TABLE
            + " in "
            + target.redactedUrl()
            + " (SQLState "
            + e.getSQLState()
            + ")",
        e);
  }

  private static SqlTable.SqlColumn column(
      String name, courier.schema.ColumnType type, boolean nullable, String comment) {
    return new SqlTable.SqlColumn(name, type, nullable, comment);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
