package courier.sink;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Newer wins on an H2 file database; the lock is a row locked FOR UPDATE. */
class H2NewerWinsTest extends NewerWinsContract {
  @TempDir Path dir;

  @Override
  JdbcTarget newDatabase(String name) {
    // AUTO_SERVER off, one JVM: the test's connections share the open database.
    return JdbcTarget.of(
        "jdbc:h2:file:" + dir.resolve(name) + ";DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
  }
}
