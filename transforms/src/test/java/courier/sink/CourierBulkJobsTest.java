package courier.sink;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * courier_bulk_jobs on a real PostgreSQL: the round trip of {@link CourierBulkJobsH2Test}, where
 * the rest of the table's behaviour is tested fast.
 */
class CourierBulkJobsTest {
  private static PostgresServer.Lease postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.shared().lease();
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void recordsAndFindsTheNewestJobOfASlice() throws Exception {
    CourierBulkJobsH2Test.recordsAndFinds(
        JdbcTarget.of(postgres.createDatabase("bulk_jobs")).withUser(PostgresServer.SUPERUSER));
  }
}
