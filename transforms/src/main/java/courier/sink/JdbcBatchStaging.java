package courier.sink;

import courier.schema.ColumnType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Staging by a JDBC batch of {@link SqlDialect#insertIgnoringDuplicates}, in one transaction: what
 * a dialect without a bulk load does (H2), and the row-insert figure the commit bench compares
 * PostgreSQL's COPY with.
 */
final class JdbcBatchStaging {
  private JdbcBatchStaging() {}

  static void stage(SqlDialect d, Connection connection, SqlTable staging, List<Object[]> rows)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      insert(d, connection, staging, rows);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * The batch alone, in the caller's transaction: what {@link #stage} commits, and what the commit
   * stages inside its own ({@link ContestedVersions}).
   */
  static void insert(SqlDialect d, Connection connection, SqlTable staging, List<Object[]> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    String insert =
        d.insertIgnoringDuplicates(
            d.quote(staging.name()),
            staging.columnNames().stream().map(d::quote).toList(),
            staging.primaryKey().stream().map(d::quote).toList());
    List<ColumnType> types = staging.columnTypes();
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      for (Object[] row : rows) {
        for (int i = 0; i < types.size(); i++) {
          d.bind(statement, i + 1, types.get(i), row[i]);
        }
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }
}
