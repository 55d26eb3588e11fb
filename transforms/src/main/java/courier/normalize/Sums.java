package courier.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import courier.schema.ColumnType;
import courier.schema.SourceRef;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Evaluates a {@code $sum(array[field=value,...].path)} source: a refund's refunded amount is the
 * sum of its successful refund transactions, which Shopify's REST refund does not carry as a field.
 */
final class Sums {
  private Sums() {}

  /**
   * The sum over the elements of the row element's array that match every condition, each value
   * read exactly with the column's type; null when the array is absent (so a later source can stand
   * in), zero when it holds no matching element. Matching elements without the summed field add
   * nothing.
   */
  static JsonNode sum(JsonNode element, SourceRef source, ColumnType type)
      throws JsonValues.WrongValue {
    JsonNode array = element == null || !element.isObject() ? null : element.get(source.sumArray());
    if (JsonValues.isAbsent(array)) {
      return null;
    }
    if (!array.isArray()) {
      throw new JsonValues.WrongValue(
          source.sumArray() + " is not an array, got " + JsonValues.show(array));
    }
    BigDecimal total = BigDecimal.ZERO;
    for (JsonNode item : array) {
      if (!item.isObject() || !matches(item, source.sumWhere())) {
        continue;
      }
      JsonNode value = item;
      for (String field : source.path()) {
        value = value == null || !value.isObject() ? null : value.get(field);
      }
      if (!JsonValues.isAbsent(value)) {
        total = total.add((BigDecimal) JsonValues.convert(value, type));
      }
    }
    return DecimalNode.valueOf(total);
  }

  private static boolean matches(JsonNode item, Map<String, String> where) {
    for (Map.Entry<String, String> condition : where.entrySet()) {
      JsonNode value = item.get(condition.getKey());
      if (value == null || !value.isValueNode() || !condition.getValue().equals(value.asText())) {
        return false;
      }
    }
    return true;
  }
}
