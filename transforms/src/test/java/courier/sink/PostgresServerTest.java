package courier.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class PostgresServerTest {
  @Test
  void startsOnLoopbackAndStopsCompletely() throws Exception {
    PostgresServer server = PostgresServer.start();
    try (Connection c =
            DriverManager.getConnection(
                server.createDatabase("harness"), PostgresServer.SUPERUSER, "");
        ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
      rs.next();
      assertTrue(rs.getInt(1) >= 100000, "a real PostgreSQL server answers: " + rs.getInt(1));
    } finally {
      server.close();
    }
    assertThrows(
        java.io.IOException.class,
        () -> new Socket(InetAddress.getLoopbackAddress(), server.port()).close(),
        "nothing listens on the port once closed");
    assertFalse(Files.exists(server.directory()), "the cluster's files are deleted");
    server.close(); // idempotent
  }
}
