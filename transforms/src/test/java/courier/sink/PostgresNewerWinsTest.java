package courier.sink;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Newer wins on a real PostgreSQL server; the lock is pg_advisory_xact_lock. */
class PostgresNewerWinsTest extends NewerWinsContract {
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

  @Override
  JdbcTarget newDatabase(String name) throws Exception {
    return JdbcTarget.of(postgres.createDatabase(name)).withUser(PostgresServer.SUPERUSER);
  }
}
