package courier.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The sink contract on a real PostgreSQL server, as a password-authenticated, non-superuser role.
 */
class PostgresDomainSinksTest extends DomainSinksContract {
  private static final String ROLE = "courier_sinks";
  private static final String PASSWORD = "courier-test-password";
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
    String url = postgres.createDatabase(name);
    postgres.createRole(ROLE, PASSWORD, url);
    Path secret = output.resolve("db-password");
    Files.writeString(secret, PASSWORD);
    return JdbcTarget.of(url).withUser(ROLE).withPasswordFile(secret.toString());
  }
}
