package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.normalize.Rejects;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * courier_rejects through the commit, on in-memory H2: a run's rejects are recorded once per
 * entity, the next run that lands one resolves it, one rejected again stays open with its first
 * run, and open ids and figures are counted per shop, resource and table prefix.
 */
class RejectLedgerTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final String OTHER_SHOP = "other.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final TableSchema ORDER = TestDatabase.ORDER;

  private TestDatabase database;
  private JdbcTarget db;
  private StagedRows staged;

  @BeforeEach
  void createTables() throws SQLException {
    database = TestDatabase.create(SHOP, List.of(ORDER));
    db = database.target;
    staged = database.staged;
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    database.close();
  }

  @Test
  void aRejectStaysOpenUntilARunLandsItsEntity() throws SQLException {
    RunInfo a = run("run-a", 1);
    staged.stage(a, ORDER, new Object[] {1L, "#1001"});
    staged.seen(a, "orders", 1L);
    commit(
        a,
        reject("o", SHOP, "orders", 5L),
        reject("o_line", SHOP, "orders", 5L), // one entity, two reasons: one ledger row
        reject("o_line", SHOP, "orders", 6L),
        reject("c", SHOP, "customers", 5L),
        reject("o", OTHER_SHOP, "orders", 7L));

    assertEquals(
        List.of(
            "acme.myshopify.com customers 5 c run-a run-a null",
            "acme.myshopify.com orders 5 o run-a run-a null",
            "acme.myshopify.com orders 6 o_line run-a run-a null",
            "other.myshopify.com orders 7 o run-a run-a null"),
        ledger());
    assertEquals(
        Map.of("customers", List.of(5L), "orders", List.of(5L, 6L)), RejectLedger.open(db, SHOP));
    assertEquals(Map.of("orders", List.of(7L)), RejectLedger.open(db, OTHER_SHOP));
    assertEquals(
        Map.of(
            "customers", new RejectLedger.Figures(0, 0, 1),
            "orders", new RejectLedger.Figures(0, 0, 2)),
        RejectLedger.figures(db, SHOP, "run-a", Map.of()));

    // run-b re-reads the open ones: order 5 lands, order 6 fails again (in another table), the
    // customer's id 5 is not an order's: it stays open.
    RunInfo b = run("run-b", 2);
    staged.stage(b, ORDER, new Object[] {5L, "#1005"});
    staged.seen(b, "orders", 5L);
    commit(b, reject("o", SHOP, "orders", 6L));

    assertEquals(
        List.of(
            "acme.myshopify.com customers 5 c run-a run-a null",
            "acme.myshopify.com orders 5 o run-a run-a run-b",
            "acme.myshopify.com orders 6 o run-a run-b null",
            "other.myshopify.com orders 7 o run-a run-a null"),
        ledger());
    assertEquals(
        Map.of("customers", List.of(5L), "orders", List.of(6L)), RejectLedger.open(db, SHOP));
    assertEquals(
        Map.of(
            "customers", new RejectLedger.Figures(1, 0, 1),
            "orders", new RejectLedger.Figures(2, 1, 1)),
        RejectLedger.figures(
            db, SHOP, "run-b", Map.of("orders", List.of(5L, 6L), "customers", List.of(5L))));

    // Order 5 rejected again later: a new spell, first seen by that run.
    commit(run("run-c", 3), reject("o", SHOP, "orders", 5L));
    assertEquals(
        Map.of("customers", List.of(5L), "orders", List.of(5L, 6L)), RejectLedger.open(db, SHOP));
    assertEquals(
        "acme.myshopify.com orders 5 o run-c run-c null",
        ledger().get(2),
        "the resolved spell stays, the new one is open");
  }

  @Test
  void rejectsAreCountedUnderTheirOwnTablePrefix() throws SQLException {
    commit(run("run-a", 1), reject("o", SHOP, "orders", 5L));

    JdbcTarget otherPrefix = db.withTablePrefix("other_");
    assertEquals(Map.of(), RejectLedger.open(otherPrefix, SHOP));
    assertEquals(
        Map.of("orders", new RejectLedger.Figures(3, 0, 0)),
        RejectLedger.figures(otherPrefix, SHOP, "run-a", Map.of("orders", List.of(1L, 2L, 3L))));
  }

  @Test
  void beforeAnyRejectThereIsNothingOpenAndOnlyTheRereadIdsAreCounted() throws SQLException {
    JdbcTarget fresh =
        JdbcTarget.of("jdbc:h2:mem:rejects-" + UUID.randomUUID() + ";DATABASE_TO_LOWER=TRUE");
    try (Connection open = fresh.connect()) {
      assertEquals(Map.of(), RejectLedger.open(fresh, SHOP));
      assertEquals(
          Map.of("orders", new RejectLedger.Figures(2, 0, 0)),
          RejectLedger.figures(fresh, SHOP, "run-a", Map.of("orders", List.of(1L, 2L))));
    }
  }

  @Test
  void theLedgerKeepsTheEntityAndTableOfARejectNotItsReasonOrJson() {
    Row key = reject("o_line", SHOP, "orders", 5L);
    assertEquals(RejectLedger.KEY_SCHEMA, key.getSchema());
    assertEquals(List.of("o_line", SHOP, "orders", 5L), key.getValues());
  }

  private void commit(RunInfo run, Row... rejectKeys) throws SQLException {
    StagedRows.createStaging(db, List.of(ORDER), run);
    try (Connection c = db.connect()) {
      new RunCommit(db, List.of(ORDER), run, Duration.ofDays(2))
          .commit(c, rejectKeys.length, List.of(rejectKeys));
    }
  }

  /** A reject row as the normalizer writes it, cut down to the ledger's key. */
  private static Row reject(String table, String shop, String resource, long id) {
    Row full =
        Row.withSchema(Rejects.SCHEMA)
            .addValues(table, shop, resource, id, "customer@example.com is no int64", "{}", "run")
            .build();
    return RejectLedger.key(full);
  }

  private static RunInfo run(String id, int hours) {
    return TestRuns.run(id, SHOP, T0.plus(Duration.ofHours(hours)));
  }

  /** courier_rejects under the default prefix: "shop resource id table first last resolved". */
  private List<String> ledger() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT shop, resource, root_id, rejected_table, first_seen_run, last_seen_run,"
                    + " resolved_run FROM courier_rejects WHERE table_prefix = '"
                    + db.tablePrefix()
                    + "' ORDER BY shop, resource, root_id, first_seen_run")) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(String.join(" ", values));
      }
    }
    return rows;
  }
}
