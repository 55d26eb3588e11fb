package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.normalize.RootKeys;
import courier.schema.ColumnSpec;
import courier.schema.InlineTables;
import courier.schema.Lineage;
import courier.schema.TableSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit transaction on its own, on an H2 file, with rows staged by hand: what a run saw
 * replaces what the tables held for those entities, nothing else moves, a retried commit and a
 * failed one change nothing, and failed runs' leftovers go once they are older than the retention.
 */
class RunCommitTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(2);
  private static final TableSchema ORDER =
      InlineTables.table(
          "o",
          "orders",
          "",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: name, type: string, source: name, description: d}");
  private static final TableSchema ORDER_TAG =
      InlineTables.table(
          "o_tag",
          "orders",
          "rows: {split: tags}",
          "[order_id, value]",
          "{name: order_id, type: int64, source: $parent.id, description: d}",
          "{name: value, type: string, source: $value, description: d}");
  private static final TableSchema ADDRESS =
      InlineTables.table(
          "c_addr",
          "customers",
          "rows: {each: \"addresses[]\"}",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: city, type: string, source: city, description: d}");
  private static final List<TableSchema> TABLES = List.of(ORDER, ORDER_TAG, ADDRESS);

  @TempDir Path dir;
  private JdbcTarget db;

  /** Keeps the database open between the test's connections (H2 closes a file with the last). */
  private Connection keepOpen;

  @BeforeEach
  void createTables() throws SQLException {
    db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    keepOpen = db.connect();
    List<SqlTable> definitions = new ArrayList<>();
    for (TableSchema table : TABLES) {
      definitions.add(SqlTable.domain(db, table));
      definitions.add(SqlTable.staging(db, table));
    }
    definitions.add(SqlTable.rootKeysStaging(db));
    definitions.add(CourierRuns.table());
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      new SchemaSync(db.dialect()).apply(c, definitions);
    }
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    keepOpen.close();
  }

  @Test
  void aRunReplacesTheRowsOfTheEntitiesItSawAndNothingElse() throws SQLException {
    RunInfo a = run("run-a", T0);
    stage(a, ORDER, row(1L, "#1001"), row(2L, "#1002"));
    stage(a, ORDER_TAG, row(1L, "gift"), row(1L, "rush"), row(2L, "vip"));
    stageOf(a, ADDRESS, 1L, 7L, "Lyon");
    seen(a, "orders", 1L, 2L);
    seen(a, "customers", 1L); // customer 1 owns address 7: same id as order 1, other resource
    assertEquals(Map.of("o", 2L, "o_tag", 3L, "c_addr", 1L), commit(a, 4));

    assertEquals(List.of("1 #1001", "2 #1002"), rows("o", "id", "name"));
    assertEquals(List.of("1 gift", "1 rush", "2 vip"), rows("o_tag", "order_id", "value"));
    assertEquals(List.of("7 Lyon 1 run-a"), rows("c_addr", "id", "city", "_root_id", "_run_id"));
    assertStagingEmpty();
    CourierRuns.Run recorded = CourierRuns.find(db, "run-a").orElseThrow();
    assertEquals(Map.of("o", 2L, "o_tag", 3L, "c_addr", 1L), recorded.tableCounts());
    assertEquals(4, recorded.rejects());

    // Order 1 again, renamed and without its "rush" tag; order 2 and the customer not seen.
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stage(b, ORDER, row(1L, "#1001-renamed"));
    stage(b, ORDER_TAG, row(1L, "gift"));
    seen(b, "orders", 1L);
    assertEquals(Map.of("o", 1L, "o_tag", 1L, "c_addr", 0L), commit(b, 0));

    assertEquals(List.of("1 #1001-renamed", "2 #1002"), rows("o", "id", "name"));
    assertEquals(List.of("1 gift", "2 vip"), rows("o_tag", "order_id", "value"));
    assertEquals(List.of("7 Lyon 1 run-a"), rows("c_addr", "id", "city", "_root_id", "_run_id"));
    assertEquals(List.of("1 run-b", "2 run-a"), rows("o", "id", "_run_id"));
    assertStagingEmpty();
  }

  @Test
  void aRowWhoseKeyMovedToAnotherEntityIsTakenOver() throws SQLException {
    RunInfo a = run("run-a", T0);
    stageOf(a, ADDRESS, 10L, 7L, "Lyon");
    seen(a, "customers", 10L);
    commit(a, 0);

    // Address 7 now belongs to customer 11; customer 10 was not read again.
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stageOf(b, ADDRESS, 11L, 7L, "Paris");
    seen(b, "customers", 11L);
    assertEquals(1L, commit(b, 0).get("c_addr"));
    assertEquals(List.of("7 Paris 11"), rows("c_addr", "id", "city", "_root_id"));
  }

  @Test
  void aCommittedRunIsNotCommittedTwiceAndItsNewStagingGoes() throws SQLException {
    RunInfo a = run("run-a", T0);
    stage(a, ORDER, row(1L, "#1001"));
    seen(a, "orders", 1L);
    commit(a, 0);
    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stage(b, ORDER, row(1L, "#1001-b"));
    seen(b, "orders", 1L);
    commit(b, 0);

    // run-a's commit is retried (a replayed bundle staged its rows again): a no-op.
    stage(a, ORDER, row(1L, "#1001"));
    seen(a, "orders", 1L);
    assertEquals(Map.of(), commit(a, 0));
    assertEquals(List.of("1 #1001-b run-b"), rows("o", "id", "name", "_run_id"));
    assertStagingEmpty();
    assertEquals(2, CourierRuns.list(db, SHOP).size());
  }

  @Test
  void aFailedCommitLeavesEverythingAsItWas() throws SQLException {
    RunInfo a = run("run-a", T0);
    stage(a, ORDER, row(1L, "#1001"));
    stage(a, ORDER_TAG, row(1L, "gift"));
    seen(a, "orders", 1L);
    commit(a, 0);

    RunInfo b = run("run-b", T0.plus(Duration.ofHours(1)));
    stage(b, ORDER, row(1L, "#1001-b"));
    seen(b, "orders", 1L);
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      // The second table's staging is gone: the commit fails after the first table's changes.
      s.execute("DROP TABLE \"shopify_o_tag__staging\"");
    }
    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      assertThrows(SQLException.class, () -> new RunCommit(db, TABLES, b, RETENTION).commit(c, 0));
      // Seen on the same connection too: rolled back, not merely left uncommitted.
      assertEquals(List.of("1 #1001 run-a"), rows(c, "o", "id", "name", "_run_id"));
    }
    assertEquals(List.of("1 #1001 run-a"), rows("o", "id", "name", "_run_id"));
    assertEquals(List.of("1 gift"), rows("o_tag", "order_id", "value"));
    assertTrue(CourierRuns.find(db, "run-b").isEmpty());
    assertEquals(List.of("1 run-b"), rows("o__staging", "id", "_run_id"));
  }

  @Test
  void leftoversOfFailedRunsGoOnceOlderThanTheRetention() throws SQLException {
    Instant start = T0.plus(Duration.ofDays(10));
    stage(run("failed-long-ago", start.minus(RETENTION).minusSeconds(1)), ORDER, row(1L, "x"));
    stage(run("failed-at-the-limit", start.minus(RETENTION)), ORDER, row(2L, "y"));
    stage(run("failed-recently", start.minus(Duration.ofHours(1))), ORDER_TAG, row(3L, "z"));
    seen(run("failed-long-ago", start.minus(RETENTION).minusSeconds(1)), "orders", 1L);
    seen(run("failed-recently", start.minus(Duration.ofHours(1))), "orders", 3L);

    RunInfo run = run("run-now", start);
    stageOf(run, ADDRESS, 1L, 7L, "Lyon");
    seen(run, "customers", 1L);
    assertEquals(Map.of("o", 0L, "o_tag", 0L, "c_addr", 1L), commit(run, 0));

    assertEquals(List.of("2 failed-at-the-limit"), rows("o__staging", "id", "_run_id"));
    assertEquals(List.of("3 failed-recently"), rows("o_tag__staging", "order_id", "_run_id"));
    assertEquals(List.of(), rows("c_addr__staging", "id"));
    assertEquals(List.of("3 failed-recently"), rows("root_keys__staging", "_root_id", "_run_id"));
    assertEquals(List.of(), rows("o", "id"));
  }

  private Map<String, Long> commit(RunInfo run, long rejects) throws SQLException {
    try (Connection c = db.connect()) {
      return new RunCommit(db, TABLES, run, RETENTION).commit(c, rejects);
    }
  }

  private static RunInfo run(String id, Instant startedAt) {
    return RunInfo.builder()
        .runId(id)
        .shop(SHOP)
        .resources(List.of("orders", "customers"))
        .window(startedAt.minus(Duration.ofDays(1)), startedAt)
        .loadMode("window")
        .startedAt(startedAt)
        .build();
  }

  private static Object[] row(Object... values) {
    return values;
  }

  /** Stages rows of {@code table} for {@code run}; the root id is the row's first value. */
  private void stage(RunInfo run, TableSchema table, Object[]... rows) throws SQLException {
    for (Object[] values : rows) {
      stageOf(run, table, (Long) values[0], values);
    }
  }

  /** Stages one row of {@code table} for {@code run}, as a row of entity {@code rootId}. */
  private void stageOf(RunInfo run, TableSchema table, long rootId, Object... values)
      throws SQLException {
    SqlDialect d = db.dialect();
    SqlTable staging = SqlTable.staging(db, table);
    String sql =
        d.insertIgnoringDuplicates(
            d.quote(staging.name()),
            staging.columnNames().stream().map(d::quote).toList(),
            staging.primaryKey().stream().map(d::quote).toList());
    List<ColumnSpec> columns = table.allColumns();
    Object[] all = new Object[columns.size()];
    System.arraycopy(values, 0, all, 0, values.length);
    all[values.length] = SHOP;
    all[values.length + 1] = rootId;
    all[values.length + 2] = run.runId();
    all[values.length + 3] = new org.joda.time.Instant(run.startedAt().toEpochMilli());
    try (Connection c = db.connect();
        PreparedStatement statement = c.prepareStatement(sql)) {
      for (int i = 0; i < all.length; i++) {
        d.bind(statement, i + 1, columns.get(i).type(), all[i]);
      }
      statement.executeUpdate();
    }
  }

  private void seen(RunInfo run, String resource, long... rootIds) throws SQLException {
    SqlDialect d = db.dialect();
    String sql =
        "INSERT INTO "
            + d.quote(db.rootKeysStagingTable())
            + " ("
            + String.join(
                ", ",
                List.of(
                        Lineage.RUN_ID,
                        Lineage.SHOP,
                        RootKeys.RESOURCE,
                        Lineage.ROOT_ID,
                        Lineage.SYNCED_AT)
                    .stream()
                    .map(d::quote)
                    .toList())
            + ") VALUES (?, ?, ?, ?, ?)";
    try (Connection c = db.connect();
        PreparedStatement statement = c.prepareStatement(sql)) {
      for (long id : rootIds) {
        statement.setString(1, run.runId());
        statement.setString(2, SHOP);
        statement.setString(3, resource);
        statement.setLong(4, id);
        statement.setObject(5, OffsetDateTime.ofInstant(run.startedAt(), ZoneOffset.UTC));
        statement.executeUpdate();
      }
    }
  }

  private List<String> rows(String table, String... columns) throws SQLException {
    try (Connection c = db.connect()) {
      return rows(c, table, columns);
    }
  }

  /** The rows of shopify_{@code table}, each as its columns' values joined by spaces, sorted. */
  private List<String> rows(Connection c, String table, String... columns) throws SQLException {
    SqlDialect d = db.dialect();
    String sql =
        "SELECT "
            + String.join(", ", List.of(columns).stream().map(d::quote).toList())
            + " FROM "
            + d.quote(db.table(table));
    TreeSet<String> out = new TreeSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns.length; i++) {
          values.add(String.valueOf(rs.getObject(i)));
        }
        out.add(String.join(" ", values));
      }
    }
    return List.copyOf(out);
  }

  private void assertStagingEmpty() throws SQLException {
    for (TableSchema table : TABLES) {
      assertEquals(List.of(), rows(table.name() + "__staging", Lineage.RUN_ID), table.name());
    }
    assertEquals(List.of(), rows("root_keys__staging", Lineage.RUN_ID));
  }
}
