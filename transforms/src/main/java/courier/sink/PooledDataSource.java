package courier.sink;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * One connection pool per target and JVM, for the staging writers ({@link StagingWrite}). Built on
 * the worker, so the password is read there and never travels with the pipeline (JdbcIO's own
 * DataSourceConfiguration would serialize it).
 */
final class PooledDataSource implements SerializableFunction<Void, DataSource> {
  private static final long serialVersionUID = 1L;
  private static final Map<JdbcTarget, BasicDataSource> POOLS = new ConcurrentHashMap<>();

  /** A writer that cannot get a connection fails after this rather than hanging the run. */
  private static final long MAX_WAIT_MILLIS = 5 * 60 * 1000L;

  private static final Duration IDLE_CHECK = Duration.ofSeconds(15);

  private final JdbcTarget target;

  PooledDataSource(JdbcTarget target) {
    this.target = target;
  }

  @Override
  public DataSource apply(Void input) {
    return POOLS.computeIfAbsent(target, PooledDataSource::open);
  }

  private static BasicDataSource open(JdbcTarget target) {
    BasicDataSource pool = new BasicDataSource();
    pool.setDriverClassName(target.dialect().driverClassName());
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    pool.setDriverClassLoader(loader != null ? loader : PooledDataSource.class.getClassLoader());
    pool.setUrl(target.jdbcUrl());
    try {
      target
          .connectionProperties()
          .forEach((key, value) -> pool.addConnectionProperty((String) key, (String) value));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot open a connection pool to " + target.redactedUrl() + ": " + e.getMessage(), e);
    }
    pool.setMaxTotal(target.maxConnections());
    pool.setMaxIdle(target.maxConnections());
    pool.setMaxWaitMillis(MAX_WAIT_MILLIS);
    // Idle connections close after a minute: the pool outlives the run in a long-lived worker (a
    // Flink TaskManager), where they would keep database sessions open for nothing. (Connections
    // the staging writers still hold are not idle; for an H2 file, see H2Dialect#afterCommit.)
    pool.setMinIdle(0);
    pool.setTimeBetweenEvictionRunsMillis(IDLE_CHECK.toMillis());
    pool.setMinEvictableIdleTimeMillis(IDLE_CHECK.multipliedBy(4).toMillis());
    return pool;
  }
}
