package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a nightly run's commit costs on H2 follows from its two deletes' plans: they must look the
 * run's few entities up through an index, not visit every stored row (a DELETE ... WHERE EXISTS
 * made H2 probe the staging once per stored row; README.md, issue 17's eighth round). H2's EXPLAIN
 * ANALYZE counts the rows each table access visited: with 300 stored orders and one staged, no
 * access may visit more than a handful.
 */
class CommitLookupPlanTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final int STORED = 300;
  private static final TableSchema ORDER = TestDatabase.ORDER;
  private static final TableSchema ORDER_TAG = TestDatabase.ORDER_TAG;
  private static final List<TableSchema> TABLES = List.of(ORDER, ORDER_TAG);

  @TempDir Path dir;

  @Test
  void aNightlysDeletesLookTheSeenEntitiesUpInsteadOfVisitingEveryStoredRow() throws Exception {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    try (Connection keepOpen = db.connect()) { // H2 closes the file with its last connection
      nightlysDeletes(db);
    }
  }

  private void nightlysDeletes(JdbcTarget db) throws SQLException {
    StagedRows staged = new StagedRows(db, SHOP);
    staged.createTables(TABLES);
    RunInfo backfill = TestRuns.run("run-a", SHOP, T0);
    long[] ids = LongStream.rangeClosed(1, STORED).toArray();
    List<Object[]> orders = new ArrayList<>();
    List<Object[]> tags = new ArrayList<>();
    for (long id : ids) {
      orders.add(new Object[] {id, "#" + id});
      tags.add(new Object[] {id, "gift"});
    }
    staged.stage(backfill, ORDER, orders.toArray(Object[][]::new));
    staged.stage(backfill, ORDER_TAG, tags.toArray(Object[][]::new));
    staged.seen(backfill, "orders", ids);
    try (Connection c = db.connect()) {
      new RunCommit(db, TABLES, backfill, Duration.ofDays(2)).commit(c, 0);
    }

    RunInfo nightly = TestRuns.run("run-b", SHOP, T0.plus(Duration.ofHours(1)));
    staged.createStaging(nightly);
    staged.stage(nightly, ORDER, new Object[] {7L, "#7 renamed"});
    staged.stage(nightly, ORDER_TAG, new Object[] {7L, "rush"});
    staged.seen(nightly, "orders", 7L);
    RunCommit commit = new RunCommit(db, TABLES, nightly, Duration.ofDays(2));
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      for (TableSchema table : TABLES) {
        assertVisitsFew(c, commit.seenEntitiesDelete(table), "run-b", "orders");
        assertVisitsFew(c, commit.takenOverDelete(table), "run-b");
        // What the deletes did: order 7's rows are gone, every other order's are there.
        assertEquals(STORED - 1, staged.rows(c, table.name(), "_root_id").size(), table.name());
        assertEquals(
            List.of(),
            staged.rows(c, table.name(), "_root_id").stream().filter("7"::equals).toList());
      }
      c.rollback();
    }
  }

  /**
   * Runs the delete under EXPLAIN ANALYZE (which executes it): no table access visits many rows.
   */
  private static void assertVisitsFew(Connection c, String delete, Object... parameters)
      throws SQLException {
    String plan;
    try (PreparedStatement explain = c.prepareStatement("EXPLAIN ANALYZE " + delete)) {
      for (int i = 0; i < parameters.length; i++) {
        explain.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = explain.executeQuery()) {
        rs.next();
        plan = rs.getString(1);
      }
    }
    Matcher scans = Pattern.compile("scanCount: (\\d+)").matcher(plan);
    int accesses = 0;
    while (scans.find()) {
      accesses++;
      assertTrue(Long.parseLong(scans.group(1)) <= 10, "visits every stored row:\n" + plan);
    }
    assertTrue(accesses > 0, "no scan counts in the plan:\n" + plan);
  }
}
