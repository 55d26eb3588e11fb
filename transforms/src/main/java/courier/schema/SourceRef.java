package courier.schema;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a column's value comes from, relative to the row element: a field path of the element, of
 * its parent (`$parent.x`), of the entity (`$root.x`), the element's array position (`$index`), the
 * split value (`$value`), the object row's key (`$key`) or the sum of a field over the element's
 * array elements that match (`$sum(transactions[kind=refund,status=success].amount)`). See
 * schemas/README.md.
 */
public final class SourceRef implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SUM =
      Pattern.compile("\\$sum\\(([A-Za-z_][A-Za-z0-9_]*)\\[([^\\]]*)\\]\\.([A-Za-z0-9_.]+)\\)");
  private static final Pattern CONDITION = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=([^,=]+)");

  /** What the reference is evaluated against. */
  public enum Scope {
    ELEMENT,
    PARENT,
    ROOT,
    INDEX,
    VALUE,
    KEY,
    SUM
  }

  private final Scope scope;
  private final List<String> path;
  private final String text;
  private final String sumArray;
  private final LinkedHashMap<String, String> sumWhere;

  private SourceRef(
      Scope scope,
      List<String> path,
      String text,
      String sumArray,
      LinkedHashMap<String, String> sumWhere) {
    this.scope = scope;
    this.path = path;
    this.text = text;
    this.sumArray = sumArray;
    this.sumWhere = sumWhere;
  }

  private SourceRef(Scope scope, List<String> path, String text) {
    this(scope, path, text, null, new LinkedHashMap<>());
  }

  /** Parses one source expression; throws IllegalArgumentException saying what is wrong. */
  public static SourceRef parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equals("$index")) {
      return new SourceRef(Scope.INDEX, List.of(), t);
    }
    if (t.equals("$value")) {
      return new SourceRef(Scope.VALUE, List.of(), t);
    }
    if (t.equals("$key")) {
      return new SourceRef(Scope.KEY, List.of(), t);
    }
    if (t.startsWith("$sum(")) {
      return sum(t);
    }
    Scope scope = Scope.ELEMENT;
    String rest = t;
    if (t.startsWith("$parent.")) {
      scope = Scope.PARENT;
      rest = t.substring("$parent.".length());
    } else if (t.startsWith("$root.")) {
      scope = Scope.ROOT;
      rest = t.substring("$root.".length());
    } else if (t.startsWith("$")) {
      throw new IllegalArgumentException(
          "unknown source '"
              + text
              + "': use a field path, $parent.<field>, $root.<field>, $index, $value, $key or"
              + " $sum(array[field=value,...].field)");
    }
    return new SourceRef(scope, fieldPath(text, rest), t);
  }

  /** {@code $sum(transactions[kind=refund,status=success].amount)}; the filter may be empty. */
  private static SourceRef sum(String text) {
    Matcher m = SUM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "bad source '"
              + text
              + "': expected $sum(array[field=value,...].field), like"
              + " $sum(transactions[status=success].amount)");
    }
    LinkedHashMap<String, String> where = new LinkedHashMap<>();
    if (!m.group(2).isBlank()) {
      for (String condition : m.group(2).split(",", -1)) {
        Matcher c = CONDITION.matcher(condition.trim());
        if (!c.matches()) {
          throw new IllegalArgumentException(
              "bad source '" + text + "': '" + condition + "' is not field=value");
        }
        where.put(c.group(1), c.group(2).trim());
      }
    }
    return new SourceRef(Scope.SUM, fieldPath(text, m.group(3)), text, m.group(1), where);
  }

  private static List<String> fieldPath(String text, String rest) {
    List<String> path = Arrays.asList(rest.split("\\.", -1));
    for (String segment : path) {
      if (!FIELD.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            "bad source '"
                + text
                + "': '"
                + segment
                + "' is not a field name (letters, digits, _)");
      }
    }
    return List.copyOf(path);
  }

  public Scope scope() {
    return scope;
  }

  /**
   * Field names to walk from the scope's JSON object (for SUM: from each summed array element);
   * empty for $index, $value and $key.
   */
  public List<String> path() {
    return path;
  }

  /** For SUM: the row element's array whose elements are summed. */
  public String sumArray() {
    return sumArray;
  }

  /** For SUM: the fields an array element must have, with these text values, to count. */
  public Map<String, String> sumWhere() {
    return java.util.Collections.unmodifiableMap(sumWhere);
  }

  @Override
  public String toString() {
    return text;
  }
}
