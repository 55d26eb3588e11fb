package courier.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.normalize.RootKeys;
import courier.normalize.TableRows;
import courier.schema.ColumnType;
import courier.schema.Lineage;
import courier.sink.SqlTable.SqlColumn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The staging writer's DoFn called as a runner calls it (start bundle, elements, finish bundle), on
 * an in-memory H2: a batch goes to the database once it is full and the rest at the bundle's end,
 * each row once; and what JdbcDomainTables hands it as a row's values.
 */
class StagingWriteTest {
  private static final Schema ROW =
      Schema.builder()
          .addInt64Field("id")
          .addNullableField("note", Schema.FieldType.STRING)
          .build();
  private static final SqlTable TABLE =
      new SqlTable(
          "t__staging",
          List.of(
              new SqlColumn("id", ColumnType.of(ColumnType.Kind.INT64), false, null),
              new SqlColumn("note", ColumnType.of(ColumnType.Kind.STRING), true, null)),
          List.of("id"),
          List.of(),
          null);
  private static final JdbcTarget DB =
      JdbcTarget.of("jdbc:h2:mem:staging-write-test;DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
  private static Connection keepOpen;

  @BeforeAll
  static void createTable() throws SQLException {
    keepOpen = DB.connect();
    keepOpen.setAutoCommit(true);
    new SchemaSync(DB.dialect()).apply(keepOpen, List.of(TABLE));
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    try (Statement s = keepOpen.createStatement()) {
      s.execute("DROP ALL OBJECTS");
    }
    keepOpen.close();
  }

  private static Row row(long id, String note) {
    return Row.withSchema(ROW).addValues(id, note).build();
  }

  private static final TableRows ROWS = TableRows.of(Map.of("t", ROW, "_rejects", ROW));

  /** A row of table "t", as NormalizedTables#records() keys and encodes it. */
  private static KV<String, byte[]> record(long id, String note) {
    return ROWS.record("t", row(id, note));
  }

  /** Stages the records of "t" into {@code staging}; records of other keys go nowhere. */
  private static StagingWrite.StageFn stageFn(JdbcTarget db, SqlTable staging, long batchSize) {
    return new StagingWrite.StageFn(
        db,
        Map.of("t", new StagingWrite.Destination(staging, new JdbcDomainTables.RowColumns())),
        batchSize,
        ROWS);
  }

  private static List<String> staged() throws SQLException {
    List<String> rows = new java.util.ArrayList<>();
    try (Statement s = keepOpen.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, note FROM t__staging ORDER BY id")) {
      while (rs.next()) {
        rows.add(rs.getLong(1) + " " + rs.getString(2));
      }
    }
    return rows;
  }

  @Test
  void aFullBatchIsStagedAtOnceAndTheRestWhenTheBundleEnds() throws SQLException {
    try (Statement s = keepOpen.createStatement()) {
      s.execute("DELETE FROM t__staging");
    }
    StagingWrite.StageFn fn = stageFn(DB, TABLE, 2);
    fn.startBundle();
    fn.process(record(1, "a"));
    assertEquals(List.of(), staged(), "a batch not yet full waits");
    fn.process(record(2, null));
    assertEquals(List.of("1 a", "2 null"), staged(), "a full batch goes at once");
    fn.process(record(3, ""));
    assertEquals(List.of("1 a", "2 null"), staged(), "a staged batch starts afresh");
    fn.finishBundle();
    assertEquals(List.of("1 a", "2 null", "3 "), staged(), "the bundle's end stages the rest");
    fn.finishBundle();
    fn.startBundle();
    fn.finishBundle();
    assertEquals(List.of("1 a", "2 null", "3 "), staged(), "an empty batch stages nothing");
  }

  @Test
  void recordsOfAKeyWithoutADestinationAreLeftOutAndEachTableBatchesOnItsOwn() throws SQLException {
    try (Statement s = keepOpen.createStatement()) {
      s.execute("DELETE FROM t__staging");
    }
    StagingWrite.StageFn fn = stageFn(DB, TABLE, 2);
    fn.startBundle();
    fn.process(ROWS.record("_rejects", row(9, "not staged")));
    fn.process(record(1, "a"));
    // Bytes no row decodes from: a key without a destination is not even decoded.
    fn.process(KV.of("_rejects", new byte[] {-1, -1, -1}));
    assertEquals(List.of(), staged(), "other keys neither stage nor fill the batch");
    fn.process(record(2, "b"));
    assertEquals(List.of("1 a", "2 b"), staged());
    fn.finishBundle();
    assertEquals(List.of("1 a", "2 b"), staged(), "nothing of another key at the bundle's end");
  }

  @Test
  void anEmptyBundleNeverOpensAConnection() throws SQLException {
    JdbcTarget unreachable = JdbcTarget.of("jdbc:h2:mem:never-created;IFEXISTS=TRUE");
    StagingWrite.StageFn fn = stageFn(unreachable, TABLE, 2);
    fn.startBundle();
    fn.finishBundle();
    fn.process(record(1, "a"));
    assertThrows(SQLException.class, fn::finishBundle, "the database really is unreachable");
  }

  @Test
  void aDatabaseErrorNamesTheTableNeverTheValues() {
    SqlTable missing =
        new SqlTable("no_such__staging", TABLE.columns(), List.of("id"), List.of(), null);
    StagingWrite.StageFn fn = stageFn(DB, missing, 1);
    fn.startBundle();
    SQLException e = assertThrows(SQLException.class, () -> fn.process(record(7, "secret note")));
    assertTrue(e.getMessage().startsWith("staging into no_such__staging failed: "), e.getMessage());
    assertTrue(e.getMessage().contains("SQLState 42S02"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void aDomainRowsValuesAreItsFieldsInOrder() {
    assertArrayEquals(new Object[] {4L, "x"}, new JdbcDomainTables.RowColumns().of(row(4, "x")));
    assertArrayEquals(new Object[] {4L, null}, new JdbcDomainTables.RowColumns().of(row(4, null)));
  }

  @Test
  void aRootKeysValuesFollowTheStagingColumnsAndCarryTheRunsStart() {
    RunInfo run =
        RunInfo.builder()
            .runId("run-1")
            .shop("acme.myshopify.com")
            .resources(List.of("orders"))
            .window(Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-05-02T00:00:00Z"))
            .loadMode("window")
            .startedAt(Instant.parse("2026-05-02T01:00:00Z"))
            .build();
    Row key =
        Row.withSchema(RootKeys.SCHEMA)
            .withFieldValue(Lineage.SHOP, "acme.myshopify.com")
            .withFieldValue(RootKeys.RESOURCE, "orders")
            .withFieldValue(Lineage.ROOT_ID, 450789469L)
            .withFieldValue(Lineage.RUN_ID, "run-1")
            .build();
    assertEquals(
        SqlTable.rootKeysStaging(DB, "run-1").columnNames(),
        List.of(
            Lineage.RUN_ID, Lineage.SHOP, RootKeys.RESOURCE, Lineage.ROOT_ID, Lineage.SYNCED_AT));
    assertArrayEquals(
        new Object[] {
          "run-1",
          "acme.myshopify.com",
          "orders",
          450789469L,
          new org.joda.time.Instant(Instant.parse("2026-05-02T01:00:00Z").toEpochMilli())
        },
        new JdbcDomainTables.RootKeyColumns(run).of(key));
  }
}
