package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The conversions from the REST model to GraphQL values, the inverse of the courier's mapping
 * (graphql-mapping.md §0.1): GIDs, legacy ids as strings, MoneyBags, upper-case enums, UTC
 * timestamps with Z, tag lists.
 */
final class GqlValues {
  private GqlValues() {}

  static Map<String, Object> object(String typename) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("__typename", typename);
    return m;
  }

  static String gid(String type, long id) {
    return "gid://shopify/" + type + "/" + id;
  }

  /** A type's object with only its GID and legacy id, for references to other entities. */
  static Map<String, Object> reference(String type, JsonNode restId) {
    if (restId == null || restId.isNull()) {
      return null;
    }
    Map<String, Object> m = object(type);
    m.put("id", gid(type, restId.asLong()));
    m.put("legacyResourceId", restId.asText());
    return m;
  }

  /** A JSON value as GraphQL returns it: text, number, boolean or null. */
  static Object value(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  static String text(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node.asText();
  }

  /** A REST timestamp (shop offset) as GraphQL's DateTime: the same instant in UTC with Z. */
  static String utc(JsonNode restTimestamp) {
    String s = text(restTimestamp);
    return s == null ? null : Instant.ofEpochSecond(ShopTime.parseEpochSecond(s)).toString();
  }

  /** A REST enum-like value ({@code partially_refunded}) as the GraphQL enum value. */
  static String upper(JsonNode node) {
    String s = text(node);
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }

  /** REST tags {@code "a, b"} as GraphQL's {@code [String!]!}. */
  static List<String> tags(JsonNode node) {
    List<String> out = new ArrayList<>();
    String s = text(node);
    if (s != null) {
      for (String tag : s.split(",")) {
        if (!tag.isBlank()) {
          out.add(tag.strip());
        }
      }
    }
    return out;
  }

  /** A REST {@code *_set} ({@code shop_money}/{@code presentment_money}) as a MoneyBag. */
  static Map<String, Object> bag(JsonNode set) {
    if (set == null || set.isNull() || set.isMissingNode()) {
      return null;
    }
    Map<String, Object> bag = object("MoneyBag");
    bag.put("shopMoney", money(set.path("shop_money")));
    bag.put("presentmentMoney", money(set.path("presentment_money")));
    return bag;
  }

  /** A MoneyBag of one amount in the shop currency (REST fields without a {@code _set}). */
  static Map<String, Object> bag(String amount) {
    Map<String, Object> bag = object("MoneyBag");
    bag.put("shopMoney", money(amount, Money.CURRENCY));
    bag.put("presentmentMoney", money(amount, Money.CURRENCY));
    return bag;
  }

  static Map<String, Object> money(JsonNode restMoney) {
    String currency = text(restMoney.path("currency_code"));
    return money(text(restMoney.path("amount")), currency == null ? Money.CURRENCY : currency);
  }

  static Map<String, Object> money(String amount, String currency) {
    Map<String, Object> m = object("MoneyV2");
    m.put("amount", amount == null ? "0.00" : amount);
    m.put("currencyCode", currency);
    return m;
  }
}
