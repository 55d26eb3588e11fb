package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcTargetTest {
  private static final String SECRET = "s3cret-Pa55-never-printed";
  private static final String ROLE = "courier_target";
  private static PostgresServer.Lease postgres;
  private static String database;

  @TempDir Path dir;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.shared().lease();
    database = postgres.createDatabase("target_test");
    postgres.createRole(ROLE, SECRET, database);
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @Test
  void dialectFollowsTheUrl() {
    assertInstanceOf(H2Dialect.class, JdbcTarget.of("jdbc:h2:mem:x").dialect());
    assertInstanceOf(
        PostgresDialect.class, JdbcTarget.of("jdbc:postgresql://localhost/x").dialect());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JdbcTarget.of("jdbc:mysql://localhost/x"));
    assertTrue(
        e.getMessage().contains("h2") && e.getMessage().contains("postgresql"), e.getMessage());
  }

  @Test
  void passwordFromAFileIsSentWhereTheConnectionOpens() throws Exception {
    Path secret = dir.resolve("db-password");
    Files.writeString(secret, SECRET + "\n");
    JdbcTarget target = JdbcTarget.of(database).withUser(ROLE).withPasswordFile(secret.toString());
    try (Connection c = target.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT current_user")) {
      rs.next();
      assertEquals(ROLE, rs.getString(1));
    }
    Files.writeString(secret, "wrong\n");
    SQLException refused = assertThrows(SQLException.class, target::connect);
    assertFalse(refused.getMessage().contains(SECRET));
    JdbcTarget missingFile = target.withPasswordFile(dir.resolve("absent").toString());
    SQLException unreadable = assertThrows(SQLException.class, missingFile::connect);
    assertTrue(unreadable.getMessage().contains("absent"), unreadable.getMessage());
  }

  @Test
  void thePasswordIsNeverHeldPrintedOrSerialized() throws Exception {
    Path secret = dir.resolve("db-password");
    Files.writeString(secret, SECRET);
    JdbcTarget target = JdbcTarget.of(database).withUser(ROLE).withPasswordFile(secret.toString());
    target.connect().close();
    assertFalse(target.toString().contains(SECRET), target.toString());
    assertFalse(
        serialized(target).contains(SECRET),
        "a password read from a file is not kept in the target");

    // A password someone put in the URL itself is at least never printed.
    JdbcTarget inUrl = JdbcTarget.of(database + "?user=" + ROLE + "&password=" + SECRET);
    inUrl.connect().close();
    assertFalse(inUrl.toString().contains(SECRET), inUrl.toString());
    assertFalse(inUrl.redactedUrl().contains(SECRET));

    RunInfo run =
        RunInfo.builder()
            .runId("r")
            .shop("s")
            .resources(List.of("orders"))
            .window(Instant.EPOCH, Instant.EPOCH)
            .loadMode("all")
            .startedAt(Instant.EPOCH)
            .build();
    JdbcDomainTables transform =
        JdbcDomainTables.to(target.withPasswordFile(secret.toString())).withRunInfo(run);
    String display = DisplayData.from(transform).toString();
    assertFalse(display.contains(SECRET), display);
    assertTrue(
        display.contains(secret.toString()), "display data names where the password comes from");
  }

  @Test
  void tablePrefixIsValidated() {
    assertEquals(
        "acme_order", JdbcTarget.of("jdbc:h2:mem:x").withTablePrefix("acme_").table("order"));
    assertEquals("order", JdbcTarget.of("jdbc:h2:mem:x").withTablePrefix("").table("order"));
    assertThrows(
        IllegalArgumentException.class,
        () -> JdbcTarget.of("jdbc:h2:mem:x").withTablePrefix("x\"; DROP"));
  }

  private static String serialized(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
