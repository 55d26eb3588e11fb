package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * H2's staging by JDBC batch: a batch lands whole and is visible to other connections at once, a
 * batch that fails leaves nothing half-staged, and the connection is handed back in autocommit.
 */
class JdbcBatchStagingTest {
  private static final String SHOP = "acme.myshopify.com";
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
    staged.createStaging(TestRuns.run("run-1", SHOP, T0));
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    database.close();
  }

  @Test
  void aBatchLandsWholeAndItsReplayedRowsAreIgnored() throws SQLException {
    try (Connection c = db.connect()) {
      stage(c, row(1L, "#1001"), row(2L, "#1002"));
      assertTrue(c.getAutoCommit(), "handed back in autocommit");
      stage(c, row(2L, "#1002"), row(3L, "#1003"));
      assertTrue(c.getAutoCommit());
    }
    assertEquals(
        List.of("1 #1001", "2 #1002", "3 #1003"),
        staged.rows(staged.staging("run-1", "o"), "id", "name"));
  }

  @Test
  void aBatchThatFailsLeavesNothingStaged() throws SQLException {
    try (Connection c = db.connect()) {
      stage(c, row(1L, "#1001"));
      // The third row has no id (a key column): the batch fails after two good rows.
      assertThrows(
          SQLException.class, () -> stage(c, row(2L, "#1002"), row(3L, "#1003"), row(null, "x")));
      assertTrue(c.getAutoCommit(), "handed back in autocommit");
      assertEquals(List.of("1 #1001"), staged.rows(c, staged.staging("run-1", "o"), "id", "name"));
    }
    assertEquals(List.of("1 #1001"), staged.rows(staged.staging("run-1", "o"), "id", "name"));
  }

  private void stage(Connection c, Object[]... rows) throws SQLException {
    JdbcBatchStaging.stage(db.dialect(), c, SqlTable.staging(db, ORDER, "run-1"), List.of(rows));
  }

  /** A staging row of run-1: the order's columns, then shop, root id, run id and sync time. */
  private static Object[] row(Long id, String name) {
    List<Object> values = new ArrayList<>();
    values.add(id);
    values.add(name);
    values.add(SHOP);
    values.add(id == null ? 0L : id);
    values.add("run-1");
    values.add(new org.joda.time.Instant(T0.toEpochMilli()));
    return values.toArray();
  }
}
