package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import courier.schema.ColumnType;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Value conversions at their edges: a value either lands exactly as sent or rejects its entity; it
 * is never wrapped, rounded, truncated or turned into a null.
 */
class JsonValuesTest {
  private static final ColumnType INT64 = ColumnType.of(ColumnType.Kind.INT64);
  private static final ColumnType INT32 = ColumnType.of(ColumnType.Kind.INT32);
  private static final ColumnType STRING = ColumnType.of(ColumnType.Kind.STRING);
  private static final ColumnType BOOLEAN = ColumnType.of(ColumnType.Kind.BOOLEAN);
  private static final ColumnType TIMESTAMP = ColumnType.of(ColumnType.Kind.TIMESTAMP);
  private static final ColumnType MONEY = ColumnType.decimal(20, 4);

  @Test
  void int64TakesItsWholeRangeAndRefusesBeyondRatherThanWrapping() throws Exception {
    assertEquals(Long.MAX_VALUE, convert("9223372036854775807", INT64));
    assertEquals(Long.MIN_VALUE, convert("-9223372036854775808", INT64));
    assertWrong("9223372036854775808", INT64, "9223372036854775808 is out of the int64 range");
    assertWrong("-9223372036854775809", INT64, "-9223372036854775809 is out of the int64 range");
  }

  @Test
  void int32TakesItsWholeRangeAndRefusesBeyond() throws Exception {
    assertEquals(Integer.MAX_VALUE, convert("2147483647", INT32));
    assertEquals(Integer.MIN_VALUE, convert("-2147483648", INT32));
    assertWrong("2147483648", INT32, "2147483648 is out of the int32 range");
    assertWrong("-2147483649", INT32, "-2147483649 is out of the int32 range");
  }

  @Test
  void integersMayComeAsWholeDecimalsOrDigitStrings() throws Exception {
    assertEquals(200L, convert("200.0", INT64));
    assertEquals(200, convert("200.00", INT32));
    assertEquals(450789469L, convert("\"450789469\"", INT64));
    assertEquals(-42L, convert("\" -42 \"", INT64));
    assertEquals(7, convert("\"+7\"", INT32));
    assertWrong("200.5", INT64, "expected an integer (int64), got 200.5");
    assertWrong("\"12a\"", INT64, "expected int64, got string \"12a\"");
    assertWrong("\"\"", INT32, "expected int32, got string \"\"");
    assertWrong("true", INT64, "expected int64, got boolean true");
    assertWrong("[1]", INT64, "expected int64, got array [1]");
  }

  @Test
  void stringsTakeTextAndTheExactTextOfNumbersAndBooleans() throws Exception {
    assertEquals(" as sent ", convert("\" as sent \"", STRING));
    assertEquals("12345678901234567890123", convert("12345678901234567890123", STRING));
    assertEquals("195.60", convert("195.60", STRING));
    assertEquals("0.000001", convert("0.000001", STRING));
    assertEquals("false", convert("false", STRING));
    assertWrong("{\"a\":1}", STRING, "expected string, got object {\"a\":1}");
  }

  @Test
  void booleansAreOnlyJsonBooleans() throws Exception {
    assertEquals(true, convert("true", BOOLEAN));
    assertEquals(false, convert("false", BOOLEAN));
    assertWrong("\"true\"", BOOLEAN, "expected boolean, got string \"true\"");
    assertWrong("1", BOOLEAN, "expected boolean, got number 1");
  }

  @Test
  void decimalsGetTheColumnScaleAndAreNeverRounded() throws Exception {
    assertExactly("199.0000", convert("\"199.00\"", MONEY));
    assertExactly("19.5000", convert("19.5", MONEY));
    assertExactly("-1.2000", convert("\" -1.2 \"", MONEY));
    assertExactly("7.0000", convert("7", MONEY));
    assertWrong("\"1.23456\"", MONEY, "\"1.23456\" needs more than 4 fraction digits");
    assertWrong("0.00001", MONEY, "0.00001 needs more than 4 fraction digits (decimal(20,4))");
    assertWrong("\"abc\"", MONEY, "expected decimal(20,4), got string \"abc\"");
    assertWrong("true", MONEY, "expected decimal(20,4), got boolean true");

    ColumnType small = ColumnType.decimal(5, 2);
    assertExactly("999.99", convert("\"999.99\"", small));
    assertExactly("-999.99", convert("-999.99", small));
    assertWrong("\"1000.00\"", small, "\"1000.00\" has more than 5 digits (decimal(5,2))");
    assertWrong("1000", small, "1000 has more than 5 digits");
  }

  @Test
  void timestampsNeedAnOffsetAndBecomeUtcMillis() throws Exception {
    assertEquals(
        new org.joda.time.Instant(1199980800000L), // 2008-01-10T16:00:00Z
        convert("\"2008-01-10T11:00:00-05:00\"", TIMESTAMP));
    assertEquals(
        new org.joda.time.Instant(1199980800123L),
        convert("\" 2008-01-10T16:00:00.123456Z \"", TIMESTAMP));
    assertWrong(
        "\"2008-01-10T11:00:00\"",
        TIMESTAMP,
        "expected an ISO-8601 timestamp with offset, got \"2008-01-10T11:00:00\"");
    assertWrong("1199980800", TIMESTAMP, "expected timestamp, got number 1199980800");
    assertWrong("null", TIMESTAMP, "expected timestamp, got null null");
  }

  @Test
  void absentMeansJsonNullOrNoValue() {
    assertTrue(JsonValues.isAbsent(null));
    assertTrue(JsonValues.isAbsent(NullNode.getInstance()));
    assertTrue(JsonValues.isAbsent(MissingNode.getInstance()));
    assertFalse(JsonValues.isAbsent(TextNode.valueOf("")));
  }

  @Test
  void parsingIsExactAndStrict() throws Exception {
    JsonNode node = JsonValues.parse("{\"price\": 195.60, \"id\": 9007199254740993}");
    assertExactly("195.60", node.get("price").decimalValue());
    assertEquals("9007199254740993", node.get("id").bigIntegerValue().toString());
    assertThrows(JsonProcessingException.class, () -> JsonValues.parse("{} {}"));
  }

  @Test
  void messagesShowValuesUpToEightyCharacters() throws Exception {
    String eighty = "\"" + "x".repeat(78) + "\"";
    assertEquals(eighty, JsonValues.show(JsonValues.parse(eighty)));
    String eightyOne = "\"" + "x".repeat(79) + "\"";
    assertEquals(eightyOne.substring(0, 80) + "...", JsonValues.show(JsonValues.parse(eightyOne)));
  }

  private static Object convert(String json, ColumnType type) throws Exception {
    return JsonValues.convert(JsonValues.parse(json), type);
  }

  private static void assertWrong(String json, ColumnType type, String expected) {
    JsonValues.WrongValue e =
        assertThrows(JsonValues.WrongValue.class, () -> convert(json, type), json);
    assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
  }

  /** Equal value and scale: 199.0000 is not 199.00. */
  private static void assertExactly(String expected, Object actual) {
    assertEquals(new BigDecimal(expected), actual);
    assertEquals(new BigDecimal(expected).scale(), ((BigDecimal) actual).scale());
  }
}
