package courier.sink;

import courier.beam.Frozen;
import courier.beam.PausePoint;
import courier.normalize.TableRows;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Writes the rows of several tables, each into its staging table, in batches, each batch through
 * {@link SqlDialect#stage} (COPY on PostgreSQL, a JDBC batch of idempotent inserts on H2), on a
 * connection of the JVM's pool. Rows arrive keyed by their table and encoded ({@link
 * courier.normalize.NormalizedTables#versionRecords()}): one step stages every table, and records
 * of a key without a destination are left out undecoded. Emits nothing: its completion is the
 * signal (see {@link Barrier}).
 */
final class StagingWrite extends PTransform<PCollection<KV<String, byte[]>>, PCollection<Void>> {
  private static final long serialVersionUID = 1L;

  /** A row's values in the staging table's column order. */
  interface RowValues extends Serializable {
    Object[] of(Row row);
  }

  /** Where the records of one key go: the staging table, and how a row becomes its values. */
  record Destination(SqlTable staging, RowValues values) implements Serializable {}

  private final JdbcTarget target;
  private final HashMap<String, Destination> destinations;
  private final long batchSize;
  private final TableRows tableRows;

  StagingWrite(
      JdbcTarget target,
      Map<String, Destination> destinations,
      long batchSize,
      TableRows tableRows) {
    this.target = target;
    this.destinations = new HashMap<>(destinations);
    this.batchSize = batchSize;
    this.tableRows = tableRows;
  }

  @Override
  public PCollection<Void> expand(PCollection<KV<String, byte[]>> records) {
    return records.apply(ParDo.of(new StageFn(target, destinations, batchSize, tableRows)));
  }

  static final class StageFn extends DoFn<KV<String, byte[]>, Void> {
    private static final long serialVersionUID = 1L;
    private final JdbcTarget target;

    /** Frozen: the DirectRunner copies the DoFn for each bundle (see {@link Frozen}). */
    private final Frozen<HashMap<String, Destination>> destinations;

    private final long batchSize;
    private final TableRows tableRows;
    private transient Map<String, List<Object[]>> batches;

    StageFn(
        JdbcTarget target,
        Map<String, Destination> destinations,
        long batchSize,
        TableRows tableRows) {
      this.target = target;
      this.destinations = Frozen.of(new HashMap<>(destinations), "the staging tables");
      this.batchSize = batchSize;
      this.tableRows = tableRows;
    }

    @StartBundle
    public void startBundle() {
      batches = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<String, byte[]> record) throws SQLException {
      Destination destination = destinations.get().get(record.getKey());
      if (destination == null) {
        return;
      }
      PausePoint.reached(PausePoint.STAGING);
      List<Object[]> batch = batches.computeIfAbsent(record.getKey(), k -> new ArrayList<>());
      batch.add(destination.values().of(tableRows.decode(record)));
      if (batch.size() >= batchSize) {
        flush(destination.staging(), batch);
        batches.remove(record.getKey());
      }
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      for (Map.Entry<String, List<Object[]>> batch : batches.entrySet()) {
        flush(destinations.get().get(batch.getKey()).staging(), batch.getValue());
      }
      batches = new HashMap<>();
    }

    private void flush(SqlTable staging, List<Object[]> batch) throws SQLException {
      if (batch.isEmpty()) {
        return;
      }
      try (Connection connection = new PooledDataSource(target).apply(null).getConnection()) {
        connection.setAutoCommit(true);
        target.dialect().stage(connection, staging, batch);
      } catch (SQLException e) {
        throw SafeSqlErrors.withoutValues("staging into " + staging.name() + " failed", e);
      }
    }
  }
}
