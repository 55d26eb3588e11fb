package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.ColumnType;
import courier.sink.SqlTable.SqlColumn;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CSV {@link PostgresCopy} hands to COPY, byte for byte: what StagingTest proves by round trip
 * on a server, here without one, so each escaping rule fails on its own.
 */
class CopyCsvTest {
  private static final SqlTable TABLE =
      new SqlTable(
          "shopify_order__staging",
          List.of(
              new SqlColumn("id", ColumnType.of(ColumnType.Kind.INT64), false, null),
              new SqlColumn("number", ColumnType.of(ColumnType.Kind.INT32), true, null),
              new SqlColumn("note", ColumnType.of(ColumnType.Kind.STRING), true, null),
              new SqlColumn("test", ColumnType.of(ColumnType.Kind.BOOLEAN), true, null),
              new SqlColumn("total_price", ColumnType.decimal(20, 4), true, null),
              new SqlColumn("updated_at", ColumnType.of(ColumnType.Kind.TIMESTAMP), true, null)),
          List.of("id"),
          List.of(),
          null);

  private static String csv(Object[]... rows) {
    return new String(PostgresCopy.encode(TABLE, List.of(rows)), StandardCharsets.UTF_8);
  }

  @Test
  void everyTypeIsWrittenAsPostgresReadsIt() {
    assertEquals(
        "9007199254740993,-7,\"x\",t,1234567890123456.0100,2008-01-10T16:00:00.123Z\n"
            + "-9223372036854775808,0,\"y\",f,-0.0001,1969-12-31T23:59:59.999Z\n",
        csv(
            new Object[] {
              9_007_199_254_740_993L,
              -7,
              "x",
              true,
              new BigDecimal("1234567890123456.0100"),
              new org.joda.time.Instant(1199980800123L)
            },
            new Object[] {
              Long.MIN_VALUE, 0, "y", false, new BigDecimal("-1E-4"), new org.joda.time.Instant(-1L)
            }));
  }

  @Test
  void aDecimalIsPlainNeverScientific() {
    assertEquals(
        ",,,,10000000000,\n",
        csv(new Object[] {null, null, null, null, new BigDecimal("1E+10"), null}));
  }

  @Test
  void nullIsAnUnquotedEmptyFieldAndTheEmptyStringAQuotedOne() {
    assertEquals(",,\"\",,,\n", csv(new Object[] {null, null, "", null, null, null}));
    assertEquals(",,,,,\n", csv(new Object[] {null, null, null, null, null, null}));
    assertEquals("1,,\"NULL\",,,\n", csv(new Object[] {1L, null, "NULL", null, null, null}));
  }

  @Test
  void quotesAreDoubledAndEverythingElseInsideQuotesIsData() {
    assertEquals(
        "1,,\"say \"\"hi\"\"\",,,\n"
            + "2,,\"\"\"\",,,\n"
            + "3,,\"back\\slash\\N, comma\",,,\n"
            + "4,,\"a\n\\.\r\nb\ttab\",,,\n"
            + "5,,\"Zoë 東京 🎉\",,,\n",
        csv(
            new Object[] {1L, null, "say \"hi\"", null, null, null},
            new Object[] {2L, null, "\"", null, null, null},
            new Object[] {3L, null, "back\\slash\\N, comma", null, null, null},
            new Object[] {4L, null, "a\n\\.\r\nb\ttab", null, null, null},
            new Object[] {5L, null, "Zoë 東京 🎉", null, null, null}));
  }

  @Test
  void theBytesAreUtf8() {
    byte[] bytes =
        PostgresCopy.encode(
            TABLE, List.<Object[]>of(new Object[] {1L, null, "ë", null, null, null}));
    assertEquals(List.of((byte) 0xC3, (byte) 0xAB), List.of(bytes[4], bytes[5]));
    assertEquals(11, bytes.length);
  }

  @Test
  void noRowsAreNoBytes() {
    assertEquals(0, PostgresCopy.encode(TABLE, List.of()).length);
  }

  @Test
  void manyRowsKeepTheirOrder() {
    List<Object[]> rows = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    for (long i = 0; i < 600; i++) {
      rows.add(new Object[] {i, null, "n" + i, null, null, null});
      expected.append(i).append(",,\"n").append(i).append("\",,,\n");
    }
    assertEquals(
        expected.toString(), new String(PostgresCopy.encode(TABLE, rows), StandardCharsets.UTF_8));
  }

  @Test
  void aNulCharacterFailsNamingTableAndColumnNeverTheValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> csv(new Object[] {1L, null, "secret\0value", null, null, null}));
    assertEquals(
        "a value of column note of shopify_order__staging holds a NUL character, which PostgreSQL"
            + " text cannot store",
        e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> csv(new Object[] {1L, null, "\0", null, null, null}))
            .getMessage()
            .contains("column note"));
  }
}
