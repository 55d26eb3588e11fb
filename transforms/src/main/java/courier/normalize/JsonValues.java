package courier.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import courier.fetch.ShopifyEntity;
import courier.schema.ColumnType;
import courier.shopify.IsoTimestamps;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses entity JSON exactly and converts its values to the column types of the schema files.
 *
 * <p>Numbers are read as BigInteger / BigDecimal, never through double: Shopify ids go beyond 2^53
 * and money must not pick up binary rounding. A value that does not fit its column is a {@link
 * WrongValue}; the caller turns it into a reject of the whole entity.
 */
final class JsonValues {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // An entity's bytes hold a number beyond a double's range as a bare Infinity
          // (ShopifyJson.toUtf8): read back as that number, and rejected as out of range.
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature())
          // Keep "195.60" as written (Jackson would otherwise strip trailing zeros).
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private static final Pattern INTEGER_TEXT = Pattern.compile("[+-]?\\d+");
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final int MAX_SHOWN_VALUE = 80;

  /**
   * The longest text a column takes: H2's VARCHAR limit, kept for every database so a run lands the
   * same everywhere. A longer value (a 10 MB note) rejects the entity, with its reason.
   */
  static final int MAX_TEXT_LENGTH = 1_000_000;

  /**
   * A number with more integer digits than this is no Shopify value: refused before it is expanded
   * (1e999999999 is a few bytes of JSON and a billion digits as an integer or plain string).
   */
  private static final int MAX_INTEGER_DIGITS = 100;

  /**
   * A number in a text column with more fraction digits than this is refused: its plain text is as
   * long as its scale (1e-999999999 would be a billion characters).
   */
  private static final int MAX_FRACTION_DIGITS = 100;

  private JsonValues() {}

  /** A value that cannot be stored in its column; the message says why and shows the value. */
  static final class WrongValue extends Exception {
    private static final long serialVersionUID = 1L;

    WrongValue(String message) {
      super(message);
    }
  }

  static JsonNode parse(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }

  /** The entity's JSON, parsed from its UTF-8 bytes (not through a String). */
  static JsonNode parse(ShopifyEntity entity) throws IOException {
    return entity.readJson(MAPPER);
  }

  /** JSON null or an absent field: the column's SQL null. */
  static boolean isAbsent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  /**
   * Converts a present, non-null JSON value to the Java value Beam rows hold for the column type:
   * Long, Integer, String, Boolean, BigDecimal (with exactly the column's scale) or a joda Instant.
   */
  static Object convert(JsonNode node, ColumnType type) throws WrongValue {
    switch (type.kind()) {
      case INT64:
        return toLong(node);
      case INT32:
        return toInt(node);
      case STRING:
        return toText(node);
      case BOOLEAN:
        if (!node.isBoolean()) {
          throw wrongType(node, type);
        }
        return node.booleanValue();
      case DECIMAL:
        return toDecimal(node, type);
      case TIMESTAMP:
        return toInstant(node, type);
      default:
        throw new IllegalStateException("unhandled column type " + type);
    }
  }

  /** The JSON text of a value, cut short for messages. */
  static String show(JsonNode node) {
    String text = node.toString();
    return text.length() <= MAX_SHOWN_VALUE ? text : text.substring(0, MAX_SHOWN_VALUE) + "...";
  }

  private static long toLong(JsonNode node) throws WrongValue {
    BigInteger value = integral(node, ColumnType.of(ColumnType.Kind.INT64));
    if (value.compareTo(LONG_MIN) < 0 || value.compareTo(LONG_MAX) > 0) {
      throw new WrongValue(show(node) + " is out of the int64 range");
    }
    return value.longValue();
  }

  private static int toInt(JsonNode node) throws WrongValue {
    BigInteger value = integral(node, ColumnType.of(ColumnType.Kind.INT32));
    if (value.bitLength() > 31) {
      throw new WrongValue(show(node) + " is out of the int32 range");
    }
    return value.intValue();
  }

  /** Integers as JSON numbers (200, or 200.0 which is the same number) or as digit strings. */
  private static BigInteger integral(JsonNode node, ColumnType type) throws WrongValue {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      requireSaneMagnitude(node);
      try {
        return node.decimalValue().toBigIntegerExact();
      } catch (ArithmeticException e) {
        throw new WrongValue("expected an integer (" + type + "), got " + show(node));
      }
    }
    if (node.isTextual() && INTEGER_TEXT.matcher(node.textValue().strip()).matches()) {
      return new BigInteger(node.textValue().strip());
    }
    throw wrongType(node, type);
  }

  private static String toText(JsonNode node) throws WrongValue {
    if (node.isTextual()) {
      if (node.textValue().length() > MAX_TEXT_LENGTH) {
        throw new WrongValue(
            node.textValue().length()
                + " characters, over the "
                + MAX_TEXT_LENGTH
                + " a text column holds");
      }
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isNumber()) {
      requireSaneMagnitude(node);
      BigDecimal value = node.decimalValue();
      if (value.scale() > MAX_FRACTION_DIGITS) {
        throw new WrongValue(
            show(node) + " has more than " + MAX_FRACTION_DIGITS + " fraction digits");
      }
      return value.toPlainString();
    }
    if (node.isBoolean()) {
      return Boolean.toString(node.booleanValue());
    }
    throw wrongType(node, ColumnType.of(ColumnType.Kind.STRING));
  }

  /**
   * Money arrives as strings ("199.00") and, in a few places, as JSON numbers (refund line
   * subtotals). Both are read exactly and given the column's scale; a value that would need
   * rounding or more digits than the precision is refused rather than silently changed.
   */
  private static BigDecimal toDecimal(JsonNode node, ColumnType type) throws WrongValue {
    BigDecimal value;
    if (node.isNumber()) {
      value = node.decimalValue();
    } else if (node.isTextual()) {
      try {
        value = new BigDecimal(node.textValue().strip());
      } catch (NumberFormatException e) {
        throw wrongType(node, type);
      }
    } else {
      throw wrongType(node, type);
    }
    if (integerDigits(value) > type.precision() || value.scale() < -MAX_INTEGER_DIGITS) {
      throw new WrongValue(
          show(node) + " has more than " + type.precision() + " digits (" + type + ")");
    }
    if (value.stripTrailingZeros().scale() > type.scale()) {
      // Checked here, not by setScale: on 1e-999999999 that would divide by a billion-digit power.
      throw new WrongValue(
          show(node) + " needs more than " + type.scale() + " fraction digits (" + type + ")");
    }
    BigDecimal scaled;
    try {
      scaled = value.setScale(type.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new WrongValue(
          show(node) + " needs more than " + type.scale() + " fraction digits (" + type + ")");
    }
    if (scaled.precision() > type.precision()) {
      throw new WrongValue(
          show(node) + " has more than " + type.precision() + " digits (" + type + ")");
    }
    return scaled;
  }

  /**
   * Shopify writes timestamps in the shop's offset ("2008-01-10T11:00:00-05:00"); rows hold the UTC
   * instant. A timestamp without an offset is ambiguous and refused. Beam's DATETIME holds
   * milliseconds; Shopify sends whole seconds, so truncating finer digits loses nothing real.
   */
  private static org.joda.time.Instant toInstant(JsonNode node, ColumnType type) throws WrongValue {
    if (!node.isTextual()) {
      throw wrongType(node, type);
    }
    try {
      return new org.joda.time.Instant(IsoTimestamps.epochMillis(node.textValue().strip()));
    } catch (DateTimeParseException e) {
      throw new WrongValue("expected an ISO-8601 timestamp with offset, got " + show(node));
    }
  }

  private static void requireSaneMagnitude(JsonNode node) throws WrongValue {
    if (integerDigits(node.decimalValue()) > MAX_INTEGER_DIGITS) {
      throw new WrongValue(show(node) + " is out of range");
    }
  }

  /** Digits before the decimal point, computed without expanding the number. */
  private static long integerDigits(BigDecimal value) {
    return (long) value.precision() - value.scale();
  }

  private static WrongValue wrongType(JsonNode node, ColumnType type) {
    return new WrongValue(
        "expected "
            + type
            + ", got "
            + node.getNodeType().name().toLowerCase(Locale.ROOT)
            + " "
            + show(node));
  }
}
