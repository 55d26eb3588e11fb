package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run's own staging tables: recorded, then created; dropped after the commit with those of runs
 * that failed long ago under the same prefix, and only those; a failed drop does not fail a run
 * that is committed.
 */
class StagingTablesTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final List<TableSchema> TABLES = List.of(TestDatabase.ORDER);
  private static final Duration RETENTION = Duration.ofDays(2);

  private TestDatabase database;
  private JdbcTarget db;

  @BeforeEach
  void createTables() throws SQLException {
    database = TestDatabase.create(SHOP, TABLES);
    db = database.target;
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    database.close();
  }

  @Test
  void aRunsTablesAreRecordedAndCreatedOnceHoweverOftenAsked() throws SQLException {
    RunInfo run = TestRuns.run("run-1", SHOP, T0);
    database.staged.createStaging(run);
    database.staged.stage(run, TestDatabase.ORDER, new Object[] {1L, "#1001"});
    database.staged.createStaging(run); // a retried step: the staged row stays

    String orders = db.stagingTable("o", "run-1");
    String keys = db.rootKeysStagingTable("run-1");
    assertEquals(
        List.of("recorded " + orders, "recorded " + keys, orders, keys),
        StagedRows.stagingTablesLeft(db));
    assertEquals(
        List.of("1 #1001"),
        database.staged.rows(database.staged.staging("run-1", "o"), "id", "name"));
  }

  @Test
  void afterACommitTheRunsAndLongFailedRunsTablesGoUnderItsPrefixOnly() throws SQLException {
    Instant now = T0.plus(Duration.ofDays(10));
    RunInfo longFailed =
        TestRuns.run("failed-long-ago", SHOP, now.minus(RETENTION).minusSeconds(1));
    RunInfo recent = TestRuns.run("failed-recently", SHOP, now.minus(Duration.ofHours(1)));
    RunInfo run = TestRuns.run("run-now", SHOP, now);
    JdbcTarget other = db.withTablePrefix("other_");
    for (RunInfo r : List.of(longFailed, recent, run)) {
      database.staged.createStaging(r);
    }
    StagedRows.createStaging(other, TABLES, longFailed);

    try (Connection c = db.connect()) {
      StagingTables.dropAfterCommit(c, db, TABLES, run, RETENTION);
    }

    assertEquals(
        List.of(
            "recorded " + db.stagingTable("o", "failed-recently"),
            "recorded " + db.rootKeysStagingTable("failed-recently"),
            db.stagingTable("o", "failed-recently"),
            db.rootKeysStagingTable("failed-recently")),
        StagedRows.stagingTablesLeft(db));
    assertEquals(
        List.of(
            other.stagingTable("o", "failed-long-ago"),
            other.rootKeysStagingTable("failed-long-ago"),
            "recorded " + other.stagingTable("o", "failed-long-ago"),
            "recorded " + other.rootKeysStagingTable("failed-long-ago")),
        StagedRows.stagingTablesLeft(other),
        "another prefix's leftovers are its own commits' to drop");
  }

  @Test
  void aRunsRecordedTablesGoEvenWhenTheSchemaNoLongerNamesThem() throws SQLException {
    RunInfo run = TestRuns.run("run-1", SHOP, T0);
    TableSchema gone =
        courier.schema.InlineTables.table(
            "gone", "orders", "", "[id]", "{name: id, type: int64, source: id, description: d}");
    StagedRows.createStaging(db, List.of(TestDatabase.ORDER, gone), run);

    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      StagingTables.dropRun(c, db, TABLES, "run-1");
    }
    assertEquals(List.of(), StagedRows.stagingTablesLeft(db));
  }

  @Test
  void aRunsTablesGoEvenWhenNotRecorded() throws SQLException {
    // Tables are recorded before they are made, so a crash leaves none unrecorded; one made by
    // hand under the run's name is still the run's.
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      new SchemaSync(db.dialect()).apply(c, StagingTables.of(db, TABLES, "run-1"));
      StagingTables.dropRun(c, db, TABLES, "run-1");
    }
    assertEquals(List.of(), StagedRows.stagingTablesLeft(db));
  }

  @Test
  void aDropThatFailsAfterTheCommitIsLoggedAndTheTablesStayRecorded() throws SQLException {
    RunInfo run = TestRuns.run("run-1", SHOP, T0);
    database.staged.createStaging(run);
    String orders = db.stagingTable("o", "run-1");
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      // A view on the staging table: DROP TABLE without CASCADE refuses.
      s.execute("CREATE VIEW \"watching\" AS SELECT * FROM \"" + orders + "\"");
    }

    try (Connection c = db.connect()) {
      StagingTables.dropAfterCommit(c, db, TABLES, run, RETENTION);
    }

    List<String> left = StagedRows.stagingTablesLeft(db);
    assertTrue(left.contains(orders) && left.contains("recorded " + orders), left.toString());
  }
}
