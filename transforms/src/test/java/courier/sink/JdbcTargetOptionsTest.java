package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcTarget}'s options without a server: each bad option is refused with a message saying
 * what it needs, and the user and password reach the driver as properties, the password read from
 * its source when the connection opens and never printed.
 */
class JdbcTargetOptionsTest {
  private static final String SECRET = "pa55-options-test-never-printed";
  private static final String H2 = "jdbc:h2:mem:jdbc-target-options";

  @TempDir Path dir;

  @Test
  void aMissingUrlOrPasswordSourceOrPrefixOrPoolSizeIsRefusedSayingWhatItNeeds() {
    assertRefused("JdbcTarget.of() needs a JDBC URL", () -> JdbcTarget.of(null));
    assertRefused("JdbcTarget.of() needs a JDBC URL", () -> JdbcTarget.of(" "));
    JdbcTarget target = JdbcTarget.of(H2);
    assertRefused(
        "withPasswordFromEnv() needs a variable name", () -> target.withPasswordFromEnv(null));
    assertRefused(
        "withPasswordFromEnv() needs a variable name", () -> target.withPasswordFromEnv(""));
    assertRefused("withPasswordFile() needs a path", () -> target.withPasswordFile(null));
    assertRefused("withPasswordFile() needs a path", () -> target.withPasswordFile(" "));
    assertRefused(
        "table prefix 'null' must be lower-case letters, digits or '_', starting with a letter",
        () -> target.withTablePrefix(null));
    assertRefused(
        "table prefix 'Acme_' must be lower-case letters, digits or '_', starting with a letter",
        () -> target.withTablePrefix("Acme_"));
    assertRefused("withMaxConnections() needs at least 1", () -> target.withMaxConnections(0));
    assertEquals(1, target.withMaxConnections(1).maxConnections());
  }

  @Test
  void eachOptionIsKeptAndTheDefaultsAreTheDocumentedOnes() {
    JdbcTarget defaults = JdbcTarget.of(H2);
    assertNull(defaults.user());
    assertEquals("shopify_", defaults.tablePrefix());
    assertEquals(32, defaults.maxConnections());
    assertEquals("environment variable COURIER_JDBC_PASSWORD", defaults.passwordSource());

    JdbcTarget set =
        defaults
            .withUser("courier")
            .withTablePrefix("acme_")
            .withMaxConnections(3)
            .withPasswordFile("/run/secrets/db");
    assertEquals("courier", set.user());
    assertEquals("acme_", set.tablePrefix());
    assertEquals(3, set.maxConnections());
    assertEquals("file /run/secrets/db", set.passwordSource());
    assertEquals("acme_order", set.table("order"));
    // A run's own staging tables: the run key (SHA-256 of the run id) first, then the table.
    assertEquals("acme_staging_4e65d3fbe8ad_order", set.stagingTable("order", "run-1"));
    assertEquals("acme_staging_4e65d3fbe8ad_root_keys", set.rootKeysStagingTable("run-1"));
    assertEquals("acme_staging_82f3e9c695dc_order", set.stagingTable("order", "r1"));
    // The last password source chosen wins.
    assertEquals(
        "environment variable DB_PASSWORD",
        set.withPasswordFromEnv("DB_PASSWORD").passwordSource());
    assertEquals(
        "file /run/secrets/db",
        set.withPasswordFromEnv("DB_PASSWORD")
            .withPasswordFile("/run/secrets/db")
            .passwordSource());
  }

  @Test
  void theUserAndThePasswordFilesFirstLineAreTheDriversProperties() throws Exception {
    Path secret = dir.resolve("db-password");
    Files.writeString(secret, SECRET + "\nsecond line ignored\n");
    Properties properties =
        JdbcTarget.of(H2)
            .withUser("courier")
            .withPasswordFile(secret.toString())
            .connectionProperties();
    assertEquals(Map.of("user", "courier", "password", SECRET), properties);

    Files.writeString(secret, "");
    assertEquals(
        Map.of("password", ""),
        JdbcTarget.of(H2).withPasswordFile(secret.toString()).connectionProperties(),
        "an empty file is an empty password, and no user is sent when none is set");

    // PostgreSQL's driver settings come first: they keep row values out of its errors.
    assertEquals(
        Map.of("logServerErrorDetail", "false", "user", "courier", "password", ""),
        JdbcTarget.of("jdbc:postgresql://127.0.0.1/shop")
            .withUser("courier")
            .withPasswordFile(secret.toString())
            .connectionProperties());
  }

  @Test
  void thePasswordVariableIsReadWhereTheConnectionOpensAndAnUnsetOneSendsNone() throws Exception {
    // Tests cannot set a variable in their own JVM: PATH is one every test JVM has.
    String path = System.getenv("PATH");
    assertTrue(path != null && !path.isEmpty());
    assertEquals(
        path, JdbcTarget.of(H2).withPasswordFromEnv("PATH").connectionProperties().get("password"));
    String unset = "COURIER_TEST_UNSET_" + System.nanoTime();
    assertEquals(Map.of(), JdbcTarget.of(H2).withPasswordFromEnv(unset).connectionProperties());
  }

  @Test
  void anUnreadablePasswordFileIsNamedWithoutItsContentOrTheCause() {
    JdbcTarget target =
        JdbcTarget.of(H2).withPasswordFile(dir.resolve("absent-password").toString());
    SQLException e = assertThrows(SQLException.class, target::connectionProperties);
    assertEquals(
        "cannot read the database password from file "
            + dir.resolve("absent-password")
            + ": NoSuchFileException",
        e.getMessage());
  }

  @Test
  void anErrorQuotingTheUrlQuotesItWithThePasswordBlanked() {
    JdbcTarget target =
        JdbcTarget.of("jdbc:postgresql://127.0.0.1:port/shop?user=u&password=" + SECRET);
    SQLException e = assertThrows(SQLException.class, target::connect);
    assertEquals(
        "Unable to parse URL jdbc:postgresql://127.0.0.1:port/shop?user=u&password=***",
        e.getMessage());
    assertNull(e.getCause(), "the driver's own exception quotes the password");
    assertEquals("99999", e.getSQLState(), "the driver's SQLState is kept");
  }

  @Test
  void anErrorWithNoPasswordToHideIsTheDriversOwn() throws Exception {
    SQLException unparsable =
        assertThrows(
            SQLException.class, JdbcTarget.of("jdbc:postgresql://127.0.0.1:port/shop")::connect);
    assertEquals("org.postgresql.util.PSQLException", unparsable.getClass().getName());
    // A password in the URL, and an error that does not quote the URL: nothing to hide.
    String database = "jdbc:h2:mem:jdbc-target-refused;DB_CLOSE_DELAY=-1";
    try (Connection owner = DriverManager.getConnection(database, "", "right")) {
      JdbcTarget wrong =
          JdbcTarget.of(database + ";PASSWORD=wrong")
              .withPasswordFromEnv("COURIER_TEST_UNSET_" + System.nanoTime());
      SQLException refused = assertThrows(SQLException.class, wrong::connect);
      assertEquals("28000", refused.getSQLState());
      assertTrue(
          refused.getClass().getName().startsWith("org.h2.jdbc."),
          "H2's own exception: " + refused.getClass().getName());
    }
  }

  @Test
  void printedTheUrlsPasswordIsBlankedAndThePasswordsSourceNamed() {
    JdbcTarget target =
        JdbcTarget.of("jdbc:h2:mem:x;USER=sa;PASSWORD=" + SECRET + ";MODE=PostgreSQL")
            .withUser("courier")
            .withTablePrefix("acme_")
            .withPasswordFile("/run/secrets/db");
    assertEquals("jdbc:h2:mem:x;USER=sa;PASSWORD=***;MODE=PostgreSQL", target.redactedUrl());
    assertEquals(
        "JdbcTarget{jdbc:h2:mem:x;USER=sa;PASSWORD=***;MODE=PostgreSQL, user=courier,"
            + " password from file /run/secrets/db, prefix=acme_}",
        target.toString());
    assertFalse(target.toString().contains(SECRET));
  }

  @Test
  void theDriverLoadsWhenTheThreadHasNoContextClassLoader() throws Exception {
    // Flink and Beam harness threads may have none: the courier's own class loader is used.
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(null);
    try (Connection c = JdbcTarget.of(H2).connect()) {
      assertTrue(c.isValid(5));
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  private static void assertRefused(String message, Runnable option) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, option::run);
    assertEquals(message, e.getMessage());
  }
}
