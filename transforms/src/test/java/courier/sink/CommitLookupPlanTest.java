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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a nightly run's commit costs on H2 follows from its two deletes' plans: they must look the
 * run's few entities up through an index, not visit every stored row (a DELETE ... WHERE EXISTS
 * made H2 probe the staging once per stored row; README.md, issue 17's eighth round). H2's EXPLAIN
 * ANALYZE counts the rows each table access visited: with 300 stored orders and one staged, no
 * access may visit more than a handful. Past {@link H2Dialect#LOOKUP_LIMIT} source rows H2 deletes
 * with the EXISTS instead: both must delete the same rows.
 */
class CommitLookupPlanTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final int STORED = 300;
  private static final List<TableSchema> TABLES =
      List.of(TestDatabase.ORDER, TestDatabase.ORDER_TAG);

  @TempDir Path dir;
  private JdbcTarget db;
  private StagedRows staged;

  /** Keeps the database open between the test's connections (H2 closes a file with the last). */
  private Connection keepOpen;

  /**
   * The nightly run: order 7 renamed, its tag "gift" replaced by "rush", and order 9's key now a
   * row of order 7 (the taken-over delete's case).
   */
  private RunCommit nightly;

  @BeforeEach
  void storeOrdersAndStageANightly() throws SQLException {
    db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    keepOpen = db.connect();
    staged = new StagedRows(db, SHOP);
    staged.createTables(TABLES);
    RunInfo backfill = TestRuns.run("run-a", SHOP, T0);
    long[] ids = LongStream.rangeClosed(1, STORED).toArray();
    List<Object[]> orders = new ArrayList<>();
    List<Object[]> tags = new ArrayList<>();
    for (long id : ids) {
      orders.add(new Object[] {id, "#" + id});
      tags.add(new Object[] {id, "gift"});
    }
    staged.stage(backfill, TestDatabase.ORDER, orders.toArray(Object[][]::new));
    staged.stage(backfill, TestDatabase.ORDER_TAG, tags.toArray(Object[][]::new));
    staged.seen(backfill, "orders", ids);
    try (Connection c = db.connect()) {
      new RunCommit(db, TABLES, backfill, Duration.ofDays(2)).commit(c, 0);
    }

    RunInfo run = TestRuns.run("run-b", SHOP, T0.plus(Duration.ofHours(1)));
    staged.createStaging(run);
    staged.stage(run, TestDatabase.ORDER, new Object[] {7L, "#7 renamed"});
    staged.stageOf(run, TestDatabase.ORDER, 7L, 9L, "#9 under order 7");
    staged.stage(run, TestDatabase.ORDER_TAG, new Object[] {7L, "rush"});
    staged.seen(run, "orders", 7L);
    nightly = new RunCommit(db, TABLES, run, Duration.ofDays(2));
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    keepOpen.close();
  }

  @Test
  void aNightlysDeletesLookTheSeenEntitiesUpInsteadOfVisitingEveryStoredRow() throws Exception {
    H2Dialect h2 = new H2Dialect();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      for (TableSchema table : TABLES) {
        MatchingDelete seen = nightly.seenEntitiesDelete(table);
        MatchingDelete takenOver = nightly.takenOverDelete(table);
        assertVisitsFew(c, h2.countQuery(seen, h2.matchedRows(seen)), "run-b", "orders");
        assertVisitsFew(c, h2.statement(c, seen), "run-b", "orders");
        assertVisitsFew(c, h2.countQuery(takenOver, h2.matchedRows(takenOver)), "run-b");
        assertVisitsFew(c, h2.statement(c, takenOver), "run-b");
        assertEquals(rootsLeft(table), staged.rows(c, table.name(), "_root_id"), table.name());
      }
      c.rollback();
    }
  }

  @Test
  void theLookupAndTheExistsDeleteTheSameRows() throws Exception {
    try (Connection c = db.connect()) {
      MatchingDelete delete = nightly.seenEntitiesDelete(TestDatabase.ORDER); // matches one row
      H2Dialect h2 = new H2Dialect();
      assertEquals(
          h2.deleteByLookup(delete), new H2Dialect(1).statement(c, delete), "at the limit");
      assertEquals(delete.whereExists(), new H2Dialect(0).statement(c, delete), "past the limit");
    }
    List<String> byLookup = deletedBy(new H2Dialect());
    assertEquals(List.of("1", "1", "1", "0"), byLookup);
    assertEquals(byLookup, deletedBy(new H2Dialect(0)));
  }

  /** Rows each delete of the nightly deleted, table by table, rolled back afterwards. */
  private List<String> deletedBy(H2Dialect dialect) throws SQLException {
    List<String> deleted = new ArrayList<>();
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      for (TableSchema table : TABLES) {
        deleted.add(String.valueOf(dialect.deleteMatching(c, nightly.seenEntitiesDelete(table))));
        deleted.add(String.valueOf(dialect.deleteMatching(c, nightly.takenOverDelete(table))));
        assertEquals(rootsLeft(table), staged.rows(c, table.name(), "_root_id"), table.name());
      }
      c.rollback();
    }
    return deleted;
  }

  /** What the deletes leave: every stored order's rows but order 7's, and order 9's taken row. */
  private static List<String> rootsLeft(TableSchema table) {
    List<Long> gone = table == TestDatabase.ORDER ? List.of(7L, 9L) : List.of(7L);
    return LongStream.rangeClosed(1, STORED)
        .filter(id -> !gone.contains(id))
        .mapToObj(String::valueOf)
        .sorted()
        .toList();
  }

  /**
   * Runs the statement under EXPLAIN ANALYZE (which executes it): both the source and the table are
   * accessed, and no access visits many rows.
   */
  private static void assertVisitsFew(Connection c, String statement, Object... parameters)
      throws SQLException {
    String plan;
    try (PreparedStatement explain = c.prepareStatement("EXPLAIN ANALYZE " + statement)) {
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
    assertTrue(accesses >= 2, "the source's and the table's scan counts:\n" + plan);
  }
}
