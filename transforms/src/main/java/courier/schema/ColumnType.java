package courier.schema;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's type as the schema files spell it: int64, int32, string, boolean, decimal(p,s),
 * timestamp. Precision (total digits) and scale (digits after the point) are zero but for decimals.
 */
public record ColumnType(ColumnType.Kind kind, int precision, int scale) implements Serializable {
  private static final Pattern DECIMAL =
      Pattern.compile("decimal\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");

  /** The kinds of value a column can hold. */
  public enum Kind {
    INT64,
    INT32,
    STRING,
    BOOLEAN,
    DECIMAL,
    TIMESTAMP
  }

  /**
   * Precision and scale belong to decimals only (1 <= precision <= 38, 0 <= scale <= precision).
   */
  public ColumnType {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.DECIMAL
        && (precision < 1 || precision > 38 || scale < 0 || scale > precision)) {
      throw new IllegalArgumentException(
          "decimal("
              + precision
              + ","
              + scale
              + ") is invalid: need 1 <= precision <= 38 and 0 <= scale <= precision");
    }
    if (kind != Kind.DECIMAL && (precision != 0 || scale != 0)) {
      throw new IllegalArgumentException(kind + " has no precision or scale");
    }
  }

  public static ColumnType of(Kind kind) {
    if (kind == Kind.DECIMAL) {
      throw new IllegalArgumentException("decimal needs a precision and scale: use decimal(p, s)");
    }
    return new ColumnType(kind, 0, 0);
  }

  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType(Kind.DECIMAL, precision, scale);
  }

  /** Parses the schema-file spelling; throws IllegalArgumentException naming the valid types. */
  public static ColumnType parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "int64":
        return of(Kind.INT64);
      case "int32":
        return of(Kind.INT32);
      case "string":
        return of(Kind.STRING);
      case "boolean":
        return of(Kind.BOOLEAN);
      case "timestamp":
        return of(Kind.TIMESTAMP);
      default:
        Matcher m = DECIMAL.matcher(t);
        if (m.matches()) {
          return decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException(
            "unknown type '"
                + text
                + "': use int64, int32, string, boolean, decimal(p,s) or timestamp");
    }
  }

  @Override
  public String toString() {
    return kind == Kind.DECIMAL
        ? "decimal(" + precision + "," + scale + ")"
        : kind.name().toLowerCase(Locale.ROOT);
  }
}
