package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The conversion rules from GraphQL values to REST's (graphql-mapping.md §0.1). Each takes the
 * GraphQL value and returns the REST value, or the GraphQL value unchanged when it does not have
 * the expected form: kept raw under its REST key, it makes the normalizer reject the entity with a
 * reason instead of the reader failing or dropping a page for one bad node.
 */
public final class RestValues {
  private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
  private static final String GID_PREFIX = "gid://shopify/";
  private static final int REST_MONEY_SCALE = 2;

  /** GraphQL WeightUnit → REST weight_unit, and grams per unit. */
  private static final Map<String, String> WEIGHT_UNITS =
      Map.of("GRAMS", "g", "KILOGRAMS", "kg", "OUNCES", "oz", "POUNDS", "lb");

  private static final Map<String, BigDecimal> GRAMS_PER_UNIT =
      Map.of(
          "GRAMS", BigDecimal.ONE,
          "KILOGRAMS", new BigDecimal("1000"),
          "OUNCES", new BigDecimal("28.349523125"),
          "POUNDS", new BigDecimal("453.59237"));

  private RestValues() {}

  static boolean isNull(JsonNode value) {
    return value == null || value.isNull();
  }

  /**
   * {@code legacyResourceId} and other UnsignedInt64 values: base-10 digits in a string (or a JSON
   * integer) → a 64-bit number.
   */
  public static JsonNode unsigned64(JsonNode value) {
    if (isNull(value)) {
      return NullNode.getInstance();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return LongNode.valueOf(value.longValue());
    }
    if (value.isTextual()) {
      Long parsed = digits(value.textValue());
      if (parsed != null) {
        return LongNode.valueOf(parsed);
      }
    }
    return value;
  }

  /**
   * A GID ("gid://shopify/LineItem/466157049", MailingAddress ones with "?model_name=...") → its
   * number.
   */
  public static JsonNode gidNumber(JsonNode value) {
    if (isNull(value)) {
      return NullNode.getInstance();
    }
    Long number = value.isTextual() ? gidNumber(value.textValue()) : null;
    return number != null ? LongNode.valueOf(number) : value;
  }

  /** The number of a GID, or null when it is not one. */
  public static Long gidNumber(String gid) {
    if (gid == null || !gid.startsWith(GID_PREFIX)) {
      return null;
    }
    String tail = gid.substring(gid.lastIndexOf('/') + 1);
    int query = tail.indexOf('?');
    return digits(query < 0 ? tail : tail.substring(0, query));
  }

  private static Long digits(String text) {
    if (!DIGITS.matcher(text).matches()) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException tooLarge) {
      return null;
    }
  }

  /** Decimal/Money scalars ("29.9", "0.0") → REST's decimal string with at least 2 decimals. */
  public static JsonNode moneyText(JsonNode value) {
    BigDecimal amount = decimal(value);
    if (amount == null) {
      return isNull(value) ? NullNode.getInstance() : value;
    }
    return TextNode.valueOf(restScale(amount).toPlainString());
  }

  /** The same as a JSON number: REST's refund line subtotal and total_tax are numbers. */
  public static JsonNode moneyNumber(JsonNode value) {
    BigDecimal amount = decimal(value);
    if (amount == null) {
      return isNull(value) ? NullNode.getInstance() : value;
    }
    return DecimalNode.valueOf(restScale(amount));
  }

  /** The amount of a money value, or null when absent or unreadable. */
  static BigDecimal decimal(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return null;
    }
    try {
      return new BigDecimal(value.textValue().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Pads to REST's two decimals; never rounds away digits Shopify sent ("29.999" stays). */
  static BigDecimal restScale(BigDecimal amount) {
    return amount.scale() < REST_MONEY_SCALE
        ? amount.setScale(REST_MONEY_SCALE, RoundingMode.UNNECESSARY)
        : amount;
  }

  /** A GraphQL enum ("PARTIALLY_REFUNDED") → REST's lower case ("partially_refunded"). */
  public static JsonNode lowerCase(JsonNode value) {
    if (isNull(value)) {
      return NullNode.getInstance();
    }
    return value.isTextual() ? TextNode.valueOf(value.textValue().toLowerCase(Locale.ROOT)) : value;
  }

  /** {@code [String!]!} tags → REST's "a, b" ("" when none). */
  public static JsonNode tags(JsonNode value) {
    if (isNull(value)) {
      return NullNode.getInstance();
    }
    if (!value.isArray()) {
      return value;
    }
    StringBuilder joined = new StringBuilder();
    for (JsonNode tag : value) {
      if (!tag.isTextual()) {
        return value;
      }
      joined.append(joined.length() == 0 ? "" : ", ").append(tag.textValue());
    }
    return TextNode.valueOf(joined.toString());
  }

  /** {@code Weight.unit} → REST's weight_unit ("g", "kg", "oz", "lb"). */
  public static JsonNode weightUnit(JsonNode unit) {
    if (isNull(unit)) {
      return NullNode.getInstance();
    }
    String rest = unit.isTextual() ? WEIGHT_UNITS.get(unit.textValue()) : null;
    return rest != null ? TextNode.valueOf(rest) : unit;
  }

  /**
   * {@code Weight {unit value}} → whole grams, as REST's grams (1.25 lb → 567); the weight object
   * itself when it cannot be converted.
   */
  public static JsonNode grams(JsonNode weight) {
    if (isNull(weight)) {
      return NullNode.getInstance();
    }
    JsonNode unit = weight.get("unit");
    JsonNode value = weight.get("value");
    BigDecimal factor =
        unit != null && unit.isTextual() ? GRAMS_PER_UNIT.get(unit.textValue()) : null;
    if (factor == null || value == null || !value.isNumber()) {
      return weight;
    }
    BigDecimal grams = value.decimalValue().multiply(factor).setScale(0, RoundingMode.HALF_EVEN);
    try {
      return JsonNodeFactory.instance.numberNode(grams.longValueExact());
    } catch (ArithmeticException beyondLong) {
      return weight;
    }
  }
}
