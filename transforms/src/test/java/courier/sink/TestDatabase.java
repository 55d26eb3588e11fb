package courier.sink;

import courier.schema.InlineTables;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * An in-memory H2 database of one test, with the sink's tables for some schema tables and rows of
 * one shop staged by hand; it lives while one connection is open, so {@link #close} drops it.
 */
final class TestDatabase implements AutoCloseable {
  /** Orders with an id and a name: the table most commit tests stage. */
  static final TableSchema ORDER =
      InlineTables.table(
          "o",
          "orders",
          "",
          "[id]",
          "{name: id, type: int64, source: id, description: d}",
          "{name: name, type: string, source: name, description: d}");

  /** The order's tags, a table keyed by (order_id, value). */
  static final TableSchema ORDER_TAG =
      InlineTables.table(
          "o_tag",
          "orders",
          "rows: {split: tags}",
          "[order_id, value]",
          "{name: order_id, type: int64, source: $parent.id, description: d}",
          "{name: value, type: string, source: $value, description: d}");

  final JdbcTarget target;
  final StagedRows staged;
  private final Connection keepOpen;

  private TestDatabase(JdbcTarget target, StagedRows staged, Connection keepOpen) {
    this.target = target;
    this.staged = staged;
    this.keepOpen = keepOpen;
  }

  /** A new database (domain and ledger tables of {@code tables}; a run stages into its own). */
  static TestDatabase create(String shop, List<TableSchema> tables) throws SQLException {
    JdbcTarget target =
        JdbcTarget.of("jdbc:h2:mem:" + UUID.randomUUID() + ";DATABASE_TO_LOWER=TRUE");
    Connection keepOpen = target.connect();
    StagedRows staged = new StagedRows(target, shop);
    staged.createTables(tables);
    return new TestDatabase(target, staged, keepOpen);
  }

  @Override
  public void close() throws SQLException {
    keepOpen.close();
  }
}
