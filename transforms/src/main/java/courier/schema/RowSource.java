package courier.schema;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which JSON values of an entity become rows: the entity itself, each element of a (possibly
 * nested) array such as {@code line_items[].discount_allocations[]}, each comma-separated value of
 * a string field such as {@code tags}, or each of some named object fields of the entity (an
 * order's {@code billing_address} and {@code shipping_address}), named by {@code $key}.
 */
public final class RowSource implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern ARRAY_SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\[\\]");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

  /** The four ways rows are drawn from an entity. */
  public enum Kind {
    ENTITY,
    ARRAY,
    SPLIT,
    OBJECTS
  }

  private final Kind kind;
  private final List<String> arrays;
  private final String splitField;
  private final LinkedHashMap<String, String> objects;

  private RowSource(
      Kind kind, List<String> arrays, String splitField, LinkedHashMap<String, String> objects) {
    this.kind = kind;
    this.arrays = arrays;
    this.splitField = splitField;
    this.objects = objects;
  }

  private RowSource(Kind kind, List<String> arrays, String splitField) {
    this(kind, arrays, splitField, new LinkedHashMap<>());
  }

  public static RowSource entity() {
    return new RowSource(Kind.ENTITY, List.of(), null);
  }

  /**
   * One row per named object field of the entity that is present and not null, in the given order:
   * {@code {billing: billing_address}} gives a row for billing_address whose {@code $key} is
   * "billing". Throws IllegalArgumentException saying what is wrong.
   */
  public static RowSource objects(Map<String, String> keyToField) {
    if (keyToField.isEmpty()) {
      throw new IllegalArgumentException("rows: {objects: ...} names no object field");
    }
    LinkedHashMap<String, String> objects = new LinkedHashMap<>();
    keyToField.forEach(
        (key, field) -> {
          if (!KEY.matcher(key).matches() || field == null || !FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException(
                "bad rows objects entry '"
                    + key
                    + ": "
                    + field
                    + "': expected key: field_name, like billing: billing_address");
          }
          objects.put(key, field);
        });
    return new RowSource(Kind.OBJECTS, List.of(), null, objects);
  }

  /** Parses {@code a[].b[]}; throws IllegalArgumentException saying what is wrong. */
  public static RowSource each(String path) {
    String[] segments = path.trim().split("\\.", -1);
    String[] arrays = new String[segments.length];
    for (int i = 0; i < segments.length; i++) {
      if (!ARRAY_SEGMENT.matcher(segments[i]).matches()) {
        throw new IllegalArgumentException(
            "bad rows path '"
                + path
                + "': each segment must be an array field followed by [], like line_items[]");
      }
      arrays[i] = segments[i].substring(0, segments[i].length() - 2);
    }
    return new RowSource(Kind.ARRAY, List.of(arrays), null);
  }

  public static RowSource split(String field) {
    if (field == null || !FIELD.matcher(field.trim()).matches()) {
      throw new IllegalArgumentException(
          "bad split field '" + field + "': expected a field name such as tags");
    }
    return new RowSource(Kind.SPLIT, List.of(), field.trim());
  }

  public Kind kind() {
    return kind;
  }

  /**
   * For ARRAY: the array field names from the entity down, e.g. [line_items, discount_allocations].
   */
  public List<String> arrays() {
    return arrays;
  }

  /** For SPLIT: the comma-separated string field of the entity. */
  public String splitField() {
    return splitField;
  }

  /** For OBJECTS: the row's {@code $key} to the entity's object field, in row order. */
  public Map<String, String> objects() {
    return java.util.Collections.unmodifiableMap(objects);
  }

  @Override
  public String toString() {
    switch (kind) {
      case OBJECTS:
        return "objects" + objects;
      case ARRAY:
        return String.join("[].", arrays) + "[]";
      case SPLIT:
        return "split(" + splitField + ")";
      default:
        return "entity";
    }
  }
}
