package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.schema.ColumnType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every column type's values, edge values and nulls, bound by the dialect into H2 and read back by
 * it: what a row holds is what the table holds.
 */
class SqlValuesRoundTripTest {
  private static final ColumnType INT64 = ColumnType.of(ColumnType.Kind.INT64);
  private static final ColumnType INT32 = ColumnType.of(ColumnType.Kind.INT32);
  private static final ColumnType STRING = ColumnType.of(ColumnType.Kind.STRING);
  private static final ColumnType BOOLEAN = ColumnType.of(ColumnType.Kind.BOOLEAN);
  private static final ColumnType MONEY = ColumnType.decimal(20, 4);
  private static final ColumnType TIMESTAMP = ColumnType.of(ColumnType.Kind.TIMESTAMP);
  private static final List<ColumnType> TYPES =
      List.of(INT64, INT32, STRING, BOOLEAN, MONEY, TIMESTAMP);

  @TempDir Path dir;

  @Test
  void valuesAndNullsOfEveryTypeComeBackAsRowsHoldThem() throws Exception {
    JdbcTarget db = JdbcTarget.of("jdbc:h2:file:" + dir.resolve("db") + ";DATABASE_TO_LOWER=TRUE");
    SqlDialect d = db.dialect();
    List<Object[]> rows =
        List.of(
            new Object[] {
              9_007_199_254_740_993L,
              Integer.MAX_VALUE,
              "Zoë \"the\" O'Brien, İstanbul",
              true,
              new BigDecimal("1234567890123456.0100"),
              new org.joda.time.Instant(1199980800123L)
            },
            new Object[] {
              Long.MIN_VALUE,
              -1,
              "",
              false,
              new BigDecimal("-0.0001"),
              new org.joda.time.Instant(-86_400_000L)
            },
            new Object[] {0L, 0, null, null, null, null},
            new Object[] {null, null, "x", false, new BigDecimal("0.0000"), null});

    try (Connection c = db.connect()) {
      try (Statement s = c.createStatement()) {
        List<String> columns = new ArrayList<>(List.of("\"n\" INTEGER"));
        for (int i = 0; i < TYPES.size(); i++) {
          columns.add(d.quote("c" + i) + " " + d.columnType(TYPES.get(i)));
        }
        s.execute("CREATE TABLE \"values\" (" + String.join(", ", columns) + ")");
      }
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO \"values\" VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int r = 0; r < rows.size(); r++) {
          insert.setInt(1, r);
          for (int i = 0; i < TYPES.size(); i++) {
            d.bind(insert, i + 2, TYPES.get(i), rows.get(r)[i]);
          }
          insert.executeUpdate();
        }
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT * FROM \"values\" ORDER BY \"n\"")) {
        for (Object[] expected : rows) {
          rs.next();
          Object[] actual = new Object[TYPES.size()];
          for (int i = 0; i < TYPES.size(); i++) {
            actual[i] = d.read(rs, i + 2, TYPES.get(i));
          }
          assertEquals(Arrays.asList(expected), Arrays.asList(actual));
        }
      }
    }
  }

  @Test
  void typesMapToTheirSqlTypes() {
    SqlDialect h2 = new H2Dialect();
    SqlDialect postgres = new PostgresDialect();
    assertEquals(
        List.of(
            "BIGINT", "INTEGER", "VARCHAR", "BOOLEAN", "NUMERIC(20,4)", "TIMESTAMP WITH TIME ZONE"),
        TYPES.stream().map(h2::columnType).toList());
    assertEquals("TEXT", postgres.columnType(STRING));
    assertEquals(
        List.of(
            Types.BIGINT,
            Types.INTEGER,
            Types.VARCHAR,
            Types.BOOLEAN,
            Types.NUMERIC,
            Types.TIMESTAMP_WITH_TIMEZONE),
        TYPES.stream().map(h2::sqlType).toList());
  }
}
