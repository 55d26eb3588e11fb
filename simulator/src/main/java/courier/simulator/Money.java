package courier.simulator;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Money as Shopify's REST API writes it. Amounts are kept as integer cents internally (no float
 * rounding), rendered as strings with two decimals ({@code "199.65"}), except in the few places
 * where Shopify uses JSON numbers.
 */
final class Money {
  static final String CURRENCY = "USD";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Money() {}

  /** {@code 19965 -> "199.65"}, {@code -5 -> "-0.05"}. */
  static String fmt(long cents) {
    long abs = Math.abs(cents);
    long frac = abs % 100;
    return (cents < 0 ? "-" : "") + (abs / 100) + (frac < 10 ? ".0" : ".") + frac;
  }

  /** {@code key: "1.00"} followed by {@code key_set: {...}}, Shopify's paired money fields. */
  static void putWithSet(ObjectNode o, String key, long cents) {
    o.put(key, fmt(cents));
    o.set(key + "_set", set(cents));
  }

  /** A JSON number such as {@code 195.66}, for refund_line_items subtotal/total_tax. */
  static DoubleNode number(long cents) {
    return DoubleNode.valueOf(cents / 100.0);
  }

  /** {@code {"shop_money":{"amount":..,"currency_code":"USD"},"presentment_money":{...}}}. */
  static ObjectNode set(long cents) {
    ObjectNode set = F.objectNode();
    set.set("shop_money", amount(cents, "currency_code"));
    set.set("presentment_money", amount(cents, "currency_code"));
    return set;
  }

  /** The refunds endpoint's transaction {@code total_unsettled_set}, which says "currency". */
  static ObjectNode unsettledSet(long cents) {
    ObjectNode set = F.objectNode();
    set.set("presentment_money", amount(cents, "currency"));
    set.set("shop_money", amount(cents, "currency"));
    return set;
  }

  private static ObjectNode amount(long cents, String currencyKey) {
    ObjectNode m = F.objectNode();
    m.put("amount", fmt(cents));
    m.put(currencyKey, CURRENCY);
    return m;
  }

  /** {@code value * numerator / denominator}, rounded half-up, for pro-rating amounts. */
  static long prorate(long value, long numerator, long denominator) {
    if (denominator == 0) {
      return 0;
    }
    return Math.floorDiv(value * numerator * 2 + denominator, denominator * 2);
  }
}
