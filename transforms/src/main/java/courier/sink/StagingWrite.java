package courier.sink;

import courier.beam.PausePoint;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Writes rows into one staging table in batches, each batch through {@link SqlDialect#stage} (COPY
 * on PostgreSQL, a JDBC batch of idempotent inserts on H2), on a connection of the JVM's pool.
 * Emits nothing: its completion is the signal (see {@link Barrier}).
 */
final class StagingWrite extends PTransform<PCollection<Row>, PCollection<Void>> {
  private static final long serialVersionUID = 1L;

  /** A row's values in the staging table's column order. */
  interface RowValues extends Serializable {
    Object[] of(Row row);
  }

  private final JdbcTarget target;
  private final SqlTable staging;
  private final RowValues values;
  private final long batchSize;

  StagingWrite(JdbcTarget target, SqlTable staging, RowValues values, long batchSize) {
    this.target = target;
    this.staging = staging;
    this.values = values;
    this.batchSize = batchSize;
  }

  @Override
  public PCollection<Void> expand(PCollection<Row> rows) {
    return rows.apply(ParDo.of(new StageFn(target, staging, values, batchSize)));
  }

  static final class StageFn extends DoFn<Row, Void> {
    private static final long serialVersionUID = 1L;
    private final JdbcTarget target;
    private final SqlTable staging;
    private final RowValues values;
    private final long batchSize;
    private transient List<Object[]> batch;

    StageFn(JdbcTarget target, SqlTable staging, RowValues values, long batchSize) {
      this.target = target;
      this.staging = staging;
      this.values = values;
      this.batchSize = batchSize;
    }

    @StartBundle
    public void startBundle() {
      batch = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element Row row) throws SQLException {
      PausePoint.reached(PausePoint.STAGING);
      batch.add(values.of(row));
      if (batch.size() >= batchSize) {
        flush();
      }
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      flush();
    }

    private void flush() throws SQLException {
      if (batch.isEmpty()) {
        return;
      }
      try (Connection connection = new PooledDataSource(target).apply(null).getConnection()) {
        connection.setAutoCommit(true);
        target.dialect().stage(connection, staging, batch);
      } catch (SQLException e) {
        throw SafeSqlErrors.withoutValues("staging into " + staging.name() + " failed", e);
      }
      batch = new ArrayList<>();
    }
  }
}
