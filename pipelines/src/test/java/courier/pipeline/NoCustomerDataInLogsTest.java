package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import courier.sink.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 8: no customer data in logs or errors. The courier runs in its own JVM with every
 * logger at DEBUG, against PostgreSQL; a constraint added to the customer staging table makes the
 * staging insert fail (pgjdbc's batch error would print the batch's values), and one customer is a
 * reject. Neither the log nor the error may hold any customer's e-mail, phone, name or address.
 */
class NoCustomerDataInLogsTest {
  @TempDir static Path dir;
  private static TestShop shop;
  private static PostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    shop =
        TestShop.start(
            dir, ShopifySimulator.builder().seed(31).customers(25).orders(30).products(4));
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stop() {
    shop.close();
    postgres.close();
  }

  @Test
  void aDatabaseErrorAndARejectPrintNoCustomerData() throws Exception {
    String db = postgres.createDatabase("pii");
    Path output = dir.resolve("pii");
    Courier first = courier(output, db, "--runId=first");
    assertEquals(0, first.code(), first.output());

    try (Connection c = DriverManager.getConnection(db, PostgresServer.SUPERUSER, "");
        Statement s = c.createStatement()) {
      // Each run stages into tables of its own, made during the run: an event trigger gives the
      // customers' staging table a check the shop's e-mails fail, so staging (COPY, whose errors
      // quote the failing line) fails on a customer's row.
      s.execute(
          "CREATE FUNCTION no_email() RETURNS event_trigger LANGUAGE plpgsql AS $$"
              + " DECLARE r record; BEGIN"
              + " FOR r IN SELECT object_identity FROM pg_event_trigger_ddl_commands()"
              + " WHERE command_tag = 'CREATE TABLE'"
              + " AND object_identity LIKE '%staging%customer' LOOP"
              + " EXECUTE 'ALTER TABLE ' || r.object_identity"
              + " || ' ADD CONSTRAINT no_email CHECK (email IS NULL)';"
              + " END LOOP; END $$");
      s.execute(
          "CREATE EVENT TRIGGER no_email ON ddl_command_end WHEN TAG IN ('CREATE TABLE')"
              + " EXECUTE FUNCTION no_email()");
    }
    List<Long> customers = shop.sim.ids(Resource.CUSTOMERS);
    shop.sim.update(Resource.CUSTOMERS, customers.get(0), c -> c.put("orders_count", "many"));

    Courier failed = courier(output, db, "--runId=second");
    assertEquals(1, failed.code(), failed.output());
    assertTrue(failed.output().contains("DEBUG"), "logging is up");
    assertTrue(
        failed.output().contains("_customer failed: PSQLException, SQLState 23514"),
        "the run failed staging a customer on the check:\n" + failed.output());
    Set<String> found = new TreeSet<>();
    for (String value : customerData()) {
      if (failed.output().contains(value)) {
        found.add(value);
      }
    }
    assertEquals(Set.of(), found, "customer data in the output:\n" + failed.output());
  }

  /** E-mails, phones, last names and address lines of the shop's customers. */
  private static List<String> customerData() {
    List<String> values = new ArrayList<>();
    for (long id : shop.sim.ids(Resource.CUSTOMERS)) {
      JsonNode c = shop.sim.entity(Resource.CUSTOMERS, id);
      addIfDistinctive(values, c.path("email").asText());
      addIfDistinctive(values, c.path("phone").asText());
      addIfDistinctive(values, c.path("last_name").asText());
      for (JsonNode address : c.path("addresses")) {
        addIfDistinctive(values, address.path("address1").asText());
        addIfDistinctive(values, address.path("phone").asText());
      }
    }
    assertTrue(values.size() > 25, "the shop has customer data to look for: " + values);
    return values;
  }

  /** Short values ("Li") would match unrelated text. */
  private static void addIfDistinctive(List<String> values, String value) {
    if (value.length() >= 6) {
      values.add(value);
    }
  }

  private record Courier(int code, String output) {}

  /** `courier run` in a JVM of its own, every logger at DEBUG; stdout and stderr together. */
  private static Courier courier(Path output, String db, String... more) throws Exception {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.addAll(
        shop.args(
            output,
            "--from=2020-01-01T00:00:00Z",
            "--to=2030-01-01T00:00:00Z",
            "--jdbcUrl=" + db,
            "--jdbcUser=" + PostgresServer.SUPERUSER));
    args.addAll(List.of(more));
    args.addAll(EndToEndTest.runnerArgs("DirectRunner"));
    try (CourierProcess courier =
        CourierProcess.start(
            dir,
            List.of(
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-Dorg.slf4j.simpleLogger.log.courier=debug",
                "-Duser.language=tr"),
            args)) {
      int code = courier.exitCode(Duration.ofMinutes(5));
      return new Courier(code, courier.output());
    }
  }
}
