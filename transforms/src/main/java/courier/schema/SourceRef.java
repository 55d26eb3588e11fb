package courier.schema;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a column's value comes from, relative to the row element: a field path of the element, of
 * its parent (`$parent.x`), of the entity (`$root.x`), the element's array position (`$index`) or
 * the split value (`$value`). See schemas/README.md.
 */
public final class SourceRef implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** What the reference is evaluated against. */
  public enum Scope {
    ELEMENT,
    PARENT,
    ROOT,
    INDEX,
    VALUE
  }

  private final Scope scope;
  private final List<String> path;
  private final String text;

  private SourceRef(Scope scope, List<String> path, String text) {
    this.scope = scope;
    this.path = path;
    this.text = text;
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
              + "': use a field path, $parent.<field>, $root.<field>, $index or $value");
    }
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
    return new SourceRef(scope, List.copyOf(path), t);
  }

  public Scope scope() {
    return scope;
  }

  /** Field names to walk from the scope's JSON object; empty for $index and $value. */
  public List<String> path() {
    return path;
  }

  @Override
  public String toString() {
    return text;
  }
}
