package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.ColumnType;
import courier.sink.SqlTable.SqlColumn;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SqlDialect#stage} on both databases: every type's values, the strings CSV and COPY could
 * get wrong, and nulls come back as staged (PostgreSQL stages by COPY, H2 by batched MERGE); a
 * replayed batch adds nothing and fails nothing.
 */
class StagingTest {
  private static final ColumnType INT64 = ColumnType.of(ColumnType.Kind.INT64);
  private static final ColumnType INT32 = ColumnType.of(ColumnType.Kind.INT32);
  private static final ColumnType STRING = ColumnType.of(ColumnType.Kind.STRING);
  private static final ColumnType BOOLEAN = ColumnType.of(ColumnType.Kind.BOOLEAN);
  private static final ColumnType MONEY = ColumnType.decimal(20, 4);
  private static final ColumnType TIMESTAMP = ColumnType.of(ColumnType.Kind.TIMESTAMP);
  private static final List<ColumnType> TYPES =
      List.of(INT64, INT32, STRING, BOOLEAN, MONEY, TIMESTAMP);

  private static PostgresServer.Lease postgres;
  private static Path h2Dir;
  private static int databases;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.shared().lease();
    h2Dir = Files.createTempDirectory("staging-test-h2-");
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  static Stream<String> databases() {
    return Stream.of("h2", "postgresql");
  }

  private static JdbcTarget newDatabase(String kind) throws SQLException {
    String name = "staging_" + (++databases);
    if (kind.equals("h2")) {
      return JdbcTarget.of("jdbc:h2:file:" + h2Dir.resolve(name) + ";DATABASE_TO_LOWER=TRUE");
    }
    return JdbcTarget.of(postgres.createDatabase(name)).withUser(PostgresServer.SUPERUSER);
  }

  /** A staging-shaped table: key (n, c2), a column of every type. */
  private static SqlTable table(JdbcTarget db, Connection c) throws SQLException {
    List<SqlColumn> columns = new ArrayList<>();
    for (int i = 0; i < TYPES.size(); i++) {
      columns.add(new SqlColumn("c" + i, TYPES.get(i), i != 0 && i != 2, null));
    }
    SqlTable table = new SqlTable("values", columns, List.of("c0", "c2"), List.of(), null);
    c.setAutoCommit(true);
    new SchemaSync(db.dialect()).apply(c, List.of(table));
    return table;
  }

  private static final List<Object[]> ROWS =
      List.of(
          new Object[] {
            9_007_199_254_740_993L,
            Integer.MAX_VALUE,
            "Zoë \"the\" O'Brien, İstanbul; 東京 🎉",
            true,
            new BigDecimal("1234567890123456.0100"),
            new org.joda.time.Instant(1199980800123L)
          },
          new Object[] {
            Long.MIN_VALUE, -1, "", false, new BigDecimal("-0.0001"), new org.joda.time.Instant(-1L)
          },
          new Object[] {0L, 0, "\\.", null, null, null},
          new Object[] {1L, null, "a\n\\.\nb", false, new BigDecimal("0.0000"), null},
          new Object[] {2L, 7, "back\\slash\\N, \"\"quotes\"\"\r\nCRLF\ttab,", null, null, null},
          new Object[] {3L, 8, "NULL", null, new BigDecimal("99.5000"), null},
          new Object[] {4L, 9, "\"", null, null, null});

  @ParameterizedTest
  @MethodSource("databases")
  void everyValueComesBackAsStaged(String kind) throws Exception {
    JdbcTarget db = newDatabase(kind);
    try (Connection c = db.connect()) {
      SqlTable table = table(db, c);
      db.dialect().stage(c, table, ROWS);
      assertEquals(render(ROWS), render(read(db, c)));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aReplayedBatchAddsNothingAndFailsNothing(String kind) throws Exception {
    JdbcTarget db = newDatabase(kind);
    try (Connection c = db.connect()) {
      SqlTable table = table(db, c);
      db.dialect().stage(c, table, ROWS.subList(0, 3));
      db.dialect().stage(c, table, ROWS); // the first three again, with four new ones
      db.dialect().stage(c, table, ROWS);
      assertEquals(render(ROWS), render(read(db, c)));
      assertTrue(c.getAutoCommit(), "staging hands the connection back in autocommit");
    }
  }

  @Test
  void aNulCharacterFailsNamingTableAndColumnNotTheValue() throws Exception {
    JdbcTarget db = newDatabase("postgresql");
    try (Connection c = db.connect()) {
      SqlTable table = table(db, c);
      List<Object[]> rows =
          List.<Object[]>of(new Object[] {5L, 1, "secret\0value", null, null, null});
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> db.dialect().stage(c, table, rows));
      assertTrue(
          e.getMessage().contains("c2") && e.getMessage().contains("values"), e.getMessage());
      assertFalse(e.getMessage().contains("secret"), e.getMessage());
      assertEquals(List.of(), read(db, c));
    }
  }

  /** Any other error (here a NOT NULL key) is not taken for a replay: rolled back and thrown. */
  @Test
  void aCopyThatFailsForAnotherReasonStagesNothingAndHandsTheConnectionBack() throws Exception {
    JdbcTarget db = newDatabase("postgresql");
    try (Connection c = db.connect()) {
      SqlTable table = table(db, c);
      List<Object[]> rows = new ArrayList<>(ROWS);
      rows.add(new Object[] {null, 1, "no key", null, null, null});
      SQLException e = assertThrows(SQLException.class, () -> db.dialect().stage(c, table, rows));
      assertEquals("23502", e.getSQLState(), "not null violation, " + e.getMessage());
      assertTrue(c.getAutoCommit(), "back in autocommit");
      assertEquals(List.of(), read(db, c), "nothing of the batch staged, and the session usable");
    }
  }

  private static List<Object[]> read(JdbcTarget db, Connection c) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM \"values\" ORDER BY \"c0\", \"c2\"")) {
      while (rs.next()) {
        Object[] row = new Object[TYPES.size()];
        for (int i = 0; i < TYPES.size(); i++) {
          row[i] = db.dialect().read(rs, i + 1, TYPES.get(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** Rows sorted by key, each as a list: arrays compare by identity. */
  private static List<List<Object>> render(List<Object[]> rows) {
    return rows.stream()
        .sorted(
            java.util.Comparator.<Object[], Long>comparing(r -> (Long) r[0])
                .thenComparing(r -> (String) r[2]))
        .map(Arrays::asList)
        .toList();
  }
}
