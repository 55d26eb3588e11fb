package courier.sink;

import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.Row;

/**
 * One domain table written without Beam, staging or a commit: the table created as the pipeline
 * creates it ({@link SqlTable#domain}, {@link SchemaSync}) and its rows written straight into it,
 * in batches of {@value #BATCH} through {@link SqlDialect#stage}, the fastest write each dialect
 * has (a JDBC batch of MERGE on H2, COPY on PostgreSQL). The baseline's floor for what the domain
 * tables cost; it lives in {@code courier.sink} because those are package-private there.
 */
public final class PlainTableWriter implements AutoCloseable {
  /** Rows per batch: the pipeline's staging batch (JdbcDomainTables' default). */
  static final int BATCH = 1000;

  private final SqlDialect dialect;
  private final Connection connection;
  private final SqlTable table;
  private final String schemaName;
  private List<Object[]> batch = new ArrayList<>();
  private long rows;

  private PlainTableWriter(
      SqlDialect dialect, Connection connection, SqlTable table, String schemaName) {
    this.dialect = dialect;
    this.connection = connection;
    this.table = table;
    this.schemaName = schemaName;
  }

  /**
   * A writer of {@code table}'s domain table on {@code connection} (autocommit, as staging runs),
   * creating the table first if the database lacks it.
   */
  public static PlainTableWriter open(JdbcTarget target, Connection connection, TableSchema table)
      throws SQLException {
    SqlTable domain = SqlTable.domain(target, table);
    connection.setAutoCommit(true);
    new SchemaSync(target.dialect()).apply(connection, List.of(domain));
    return new PlainTableWriter(target.dialect(), connection, domain, table.name());
  }

  /** Queues a row (the normalizer's, in its schema's column order); writes a full batch. */
  public void write(Row row) throws SQLException {
    // The domain table's last column, _deleted_at, is null for a live row.
    Object[] values = new Object[table.columns().size()];
    for (int i = 0; i < row.getFieldCount(); i++) {
      values[i] = row.getValue(i);
    }
    batch.add(values);
    rows++;
    if (batch.size() >= BATCH) {
      flush();
    }
  }

  /** The schema's table name (without the target's prefix). */
  public String table() {
    return schemaName;
  }

  public long rows() {
    return rows;
  }

  private void flush() throws SQLException {
    if (!batch.isEmpty()) {
      try {
        dialect.stage(connection, table, batch);
      } catch (SQLException e) {
        throw SafeSqlErrors.withoutValues("writing " + table.name() + " failed", e);
      }
      batch = new ArrayList<>();
    }
  }

  /** Writes what is queued; the connection stays open (it is the caller's). */
  @Override
  public void close() throws SQLException {
    flush();
  }
}
