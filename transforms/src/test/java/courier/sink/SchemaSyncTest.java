package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.ColumnType;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table whose schema gained a column, got new comments, or did not change, on H2: the column is
 * added (and nothing else), comments follow the schema, and an unchanged table needs only the
 * idempotent index statement.
 */
class SchemaSyncTest {
  private static final ColumnType INT64 = ColumnType.of(ColumnType.Kind.INT64);
  private static final ColumnType TEXT = ColumnType.of(ColumnType.Kind.STRING);

  @TempDir Path dir;

  /**
   * The commit's newer-wins check looks a staged row's root up by (run, shop, root id): without
   * this index H2 walks the run's whole root staging per staged row (README, Performance).
   */
  @Test
  void aRootsStagingTableIsIndexedByRunShopAndRootId() throws Exception {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    SqlTable staging =
        SqlTable.staging(db, courier.schema.SchemaCatalog.packaged().table("order"), "run-1");
    try (Connection c = db.connect()) {
      new SchemaSync(db.dialect()).apply(c, List.of(staging));
      List<String> columns = new java.util.ArrayList<>();
      try (java.sql.ResultSet r =
          c.getMetaData().getIndexInfo(null, null, staging.name(), false, false)) {
        while (r.next()) {
          if (r.getString("INDEX_NAME").endsWith("_run_id_shop_root_id_idx")) {
            columns.add(r.getString("COLUMN_NAME"));
          }
        }
      }
      assertEquals(List.of("_run_id", "_shop", "_root_id"), columns);
    }
  }

  @Test
  void aGainedColumnIsAddedAndAnUnchangedTableOnlyReassertsItsIndex() throws Exception {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    SchemaSync sync = new SchemaSync(db.dialect());
    SqlTable v1 =
        table(
            "Orders.",
            new SqlTable.SqlColumn("id", INT64, false, "tags: pk. Order id."),
            new SqlTable.SqlColumn("name", TEXT, true, "Name."));
    SqlTable v2 =
        table(
            "Orders, version 2.",
            new SqlTable.SqlColumn("id", INT64, false, "tags: pk. Order id."),
            new SqlTable.SqlColumn("name", TEXT, true, "Name, as shown."),
            new SqlTable.SqlColumn("note", TEXT, true, "Note."));
    String index =
        "CREATE INDEX IF NOT EXISTS \"t_sync_id_idx\" ON \"t_sync\" (\"id\")"; // one per index

    try (Connection c = db.connect()) {
      c.setAutoCommit(true);
      assertFalse(SchemaSync.exists(c, "t_sync"));
      assertEquals(null, SchemaSync.tableComment(c, "t_sync"), "no table, no comment");
      List<String> create = sync.statements(c, v1);
      assertTrue(create.get(0).startsWith("CREATE TABLE IF NOT EXISTS \"t_sync\""), create.get(0));
      assertTrue(create.get(0).contains("\"id\" BIGINT NOT NULL,"), create.get(0));
      assertTrue(create.get(0).contains("\"name\" VARCHAR,"), create.get(0));
      assertEquals(index, create.get(1));
      sync.apply(c, List.of(v1));

      assertTrue(SchemaSync.exists(c, "t_sync"));
      assertFalse(SchemaSync.exists(c, "t_sync_other"));
      assertEquals("Orders.", SchemaSync.tableComment(c, "t_sync"));
      assertEquals(
          Map.of("id", "tags: pk. Order id.", "name", "Name."),
          SchemaSync.existingColumnComments(c, "t_sync"));
      assertEquals(List.of(index), sync.statements(c, v1), "nothing to change");

      assertEquals(
          List.of(
              "ALTER TABLE \"t_sync\" ADD COLUMN \"note\" VARCHAR",
              index,
              "COMMENT ON TABLE \"t_sync\" IS 'Orders, version 2.'",
              "COMMENT ON COLUMN \"t_sync\".\"name\" IS 'Name, as shown.'",
              "COMMENT ON COLUMN \"t_sync\".\"note\" IS 'Note.'"),
          sync.statements(c, v2));
      sync.apply(c, List.of(v2));
      assertEquals(
          Map.of("id", "tags: pk. Order id.", "name", "Name, as shown.", "note", "Note."),
          SchemaSync.existingColumnComments(c, "t_sync"));
      assertEquals("Orders, version 2.", SchemaSync.tableComment(c, "t_sync"));
      assertEquals(List.of(index), sync.statements(c, v2));
    }
  }

  private static SqlTable table(String comment, SqlTable.SqlColumn... columns) {
    return new SqlTable("t_sync", List.of(columns), List.of("id"), List.of(List.of("id")), comment);
  }
}
