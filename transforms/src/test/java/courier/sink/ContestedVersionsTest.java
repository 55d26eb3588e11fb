package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.normalize.NormalizedTables;
import courier.normalize.RootKeys;
import courier.normalize.TableRows;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commit's first step on its own (H2): entities staged in two versions keep only the kept
 * version's rows and root key, one whose kept version is a reject keeps none, and every other
 * staged entity is left alone; more entities than one delete statement takes.
 */
class ContestedVersionsTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
  private static final TableSchema ORDER = TestDatabase.ORDER;
  private static final TableSchema ORDER_TAG = TestDatabase.ORDER_TAG;
  private static final List<TableSchema> TABLES = List.of(ORDER, ORDER_TAG);
  private static final RunInfo RUN = TestRuns.run("run-1", SHOP, T0);

  /** One more than a delete statement takes, so the deletes come in two chunks. */
  private static final long CONTESTED = ContestedVersions.IDS_PER_DELETE + 1L;

  /** Its kept version was rejected. */
  private static final long REJECTED = CONTESTED + 1;

  private static final long UNTOUCHED = 9_000_000_000L;

  private static final TableRows ROWS =
      TableRows.of(
          Map.of(
              ORDER.name(),
              ORDER.beamSchema(),
              ORDER_TAG.name(),
              ORDER_TAG.beamSchema(),
              NormalizedTables.ROOTS,
              RootKeys.SCHEMA,
              NormalizedTables.CONTESTED,
              RootKeys.SCHEMA));

  private TestDatabase database;
  private JdbcTarget db;
  private StagedRows staged;

  @BeforeEach
  void stageOldVersions() throws SQLException {
    database = TestDatabase.create(SHOP, TABLES);
    db = database.target;
    staged = database.staged;
    staged.createStaging(RUN);
    List<Object[]> orders = new ArrayList<>();
    List<Object[]> tags = new ArrayList<>();
    for (long id = 1; id <= REJECTED; id++) {
      orders.add(values(id, id, "old"));
      tags.add(values(id, id, "a"));
      tags.add(values(id, id, "b"));
    }
    orders.add(values(UNTOUCHED, UNTOUCHED, "keep"));
    tags.add(values(UNTOUCHED, UNTOUCHED, "z"));
    try (Connection c = db.connect()) {
      JdbcBatchStaging.stage(db.dialect(), c, SqlTable.staging(db, ORDER, "run-1"), orders);
      JdbcBatchStaging.stage(db.dialect(), c, SqlTable.staging(db, ORDER_TAG, "run-1"), tags);
    }
    staged.seen(RUN, "orders", LongStream.rangeClosed(1, REJECTED).toArray());
    staged.seen(RUN, "orders", UNTOUCHED);
  }

  @AfterEach
  void closeDatabase() throws SQLException {
    database.close();
  }

  @Test
  void theKeptVersionReplacesEveryStagedVersionAndNothingElseMoves() throws SQLException {
    List<KV<String, byte[]>> contested = new ArrayList<>();
    for (long id = 1; id <= REJECTED; id++) {
      contested.add(ROWS.record(NormalizedTables.CONTESTED, rootKey(id)));
      if (id != REJECTED) { // a kept reject brings no rows and no root key
        contested.add(ROWS.record(ORDER.name(), row(ORDER, id, id, "new")));
        contested.add(ROWS.record(ORDER_TAG.name(), row(ORDER_TAG, id, id, "a")));
        contested.add(ROWS.record(NormalizedTables.ROOTS, rootKey(id)));
      }
    }
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      assertEquals(REJECTED, ContestedVersions.of(ROWS, contested).restage(c, db, TABLES, RUN));
      c.commit();
    }

    List<String> orders = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<String> roots = new ArrayList<>();
    for (long id = 1; id < REJECTED; id++) {
      orders.add(id + " new");
      tags.add(id + " a");
      roots.add(Long.toString(id));
    }
    orders.add(UNTOUCHED + " keep");
    tags.add(UNTOUCHED + " z");
    roots.add(Long.toString(UNTOUCHED));
    assertEquals(sorted(orders), staged.rows(staged.staging("run-1", "o"), "id", "name"));
    assertEquals(sorted(tags), staged.rows(staged.staging("run-1", "o_tag"), "order_id", "value"));
    assertEquals(sorted(roots), staged.rows(staged.rootKeysStaging("run-1"), "_root_id"));
  }

  @Test
  void noEntityReadTwiceChangesNothing() throws SQLException {
    List<String> before = staged.rows(staged.staging("run-1", "o"), "id", "name");
    try (Connection c = db.connect()) {
      assertEquals(0, ContestedVersions.none().restage(c, db, TABLES, RUN));
    }
    assertEquals(before, staged.rows(staged.staging("run-1", "o"), "id", "name"));
  }

  private static Row rootKey(long id) {
    return Row.withSchema(RootKeys.SCHEMA).addValues(SHOP, "orders", id, "run-1").build();
  }

  /** A row of {@code table} for run-1: the schema's columns, then the lineage columns. */
  private static Row row(TableSchema table, long rootId, Object... columns) {
    return Row.withSchema(table.beamSchema()).addValues(values(rootId, columns)).build();
  }

  private static Object[] values(long rootId, Object... columns) {
    List<Object> values = new ArrayList<>(List.of(columns));
    values.add(SHOP);
    values.add(rootId);
    values.add("run-1");
    values.add(new org.joda.time.Instant(T0.toEpochMilli()));
    return values.toArray();
  }

  /** As {@link StagedRows#rows} returns them: in string order. */
  private static List<String> sorted(List<String> rows) {
    return rows.stream().sorted().toList();
  }
}
