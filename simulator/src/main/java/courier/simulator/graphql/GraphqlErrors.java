package courier.simulator.graphql;

import graphql.GraphQLError;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Errors in the shapes Shopify's Admin API (graphql-ruby) answers with, HTTP 200 each: syntax
 * errors, validation errors with graphql-ruby's {@code extensions.code} ({@code undefinedField},
 * {@code argumentNotAccepted}, ...) and a path starting with the operation, MAX_COST_EXCEEDED and
 * THROTTLED.
 */
public final class GraphqlErrors {
  public static final String RATE_LIMITS_DOCUMENTATION =
      "https://shopify.dev/api/usage/rate-limits";
  private static final Pattern PREFIX = Pattern.compile("^Validation error \\([^)]*\\) ?: ?");
  private static final Pattern UNDEFINED_FIELD =
      Pattern.compile("Field '(\\w+)' in type '(\\w+)' is undefined");

  private GraphqlErrors() {}

  /** {@code {"message": ..., "extensions": {...}}} with locations and path when known. */
  public static Map<String, Object> error(
      String message,
      List<SourceLocation> locations,
      List<?> path,
      Map<String, Object> extensions) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    if (locations != null && !locations.isEmpty()) {
      List<Map<String, Object>> out = new ArrayList<>();
      for (SourceLocation l : locations) {
        out.add(Map.of("line", l.getLine(), "column", l.getColumn()));
      }
      error.put("locations", out);
    }
    if (path != null && !path.isEmpty()) {
      error.put("path", path);
    }
    if (extensions != null && !extensions.isEmpty()) {
      error.put("extensions", extensions);
    }
    return error;
  }

  public static Map<String, Object> syntax(InvalidSyntaxException e) {
    SourceLocation at = e.getLocation();
    return error(
        "syntax error: " + e.getMessage(), at == null ? List.of() : List.of(at), null, null);
  }

  /** A validation error; {@code operation} is e.g. {@code "query OrdersPage"}. */
  public static Map<String, Object> validation(GraphQLError error, String operation) {
    String message = PREFIX.matcher(error.getMessage()).replaceFirst("");
    Map<String, Object> extensions = new LinkedHashMap<>();
    List<Object> path = new ArrayList<>();
    path.add(operation);
    if (error instanceof ValidationError v) {
      if (v.getQueryPath() != null) {
        path.addAll(v.getQueryPath());
      }
      if (v.getValidationErrorType() instanceof ValidationErrorType type) {
        extensions.put("code", code(type));
        Matcher m = UNDEFINED_FIELD.matcher(message);
        if (type == ValidationErrorType.FieldUndefined && m.find()) {
          message = "Field '" + m.group(1) + "' doesn't exist on type '" + m.group(2) + "'";
          extensions.put("typeName", m.group(2));
          extensions.put("fieldName", m.group(1));
        }
      }
    }
    return error(message, error.getLocations(), path, extensions);
  }

  /** graphql-ruby's static validation codes for graphql-java's validation rules. */
  private static String code(ValidationErrorType type) {
    return switch (type) {
      case FieldUndefined -> "undefinedField";
      case UnknownArgument -> "argumentNotAccepted";
      case MissingFieldArgument -> "missingRequiredArguments";
      case WrongType -> "argumentLiteralsIncompatible";
      case VariableTypeMismatch -> "variableMismatch";
      case SubselectionRequired, SubselectionNotAllowed -> "selectionMismatch";
      case UndefinedVariable -> "variableNotDefined";
      case UnusedVariable -> "variableNotUsed";
      case UnknownType -> "undefinedType";
      case UndefinedFragment -> "undefinedFragment";
      case UnusedFragment -> "useAndDefineFragment";
      default -> type.name();
    };
  }

  public static Map<String, Object> maxCostExceeded(int cost) {
    return error(
        "Query cost is "
            + cost
            + ", which exceeds the single query max cost limit ("
            + QueryCost.SINGLE_QUERY_MAXIMUM
            + ").\n\nSee "
            + RATE_LIMITS_DOCUMENTATION
            + " for more information on how the cost of a query is calculated.\n\n"
            + "To query larger amounts of data with fewer limits, bulk operations should be used"
            + " instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api"
            + " for usage details.\n",
        null,
        null,
        Map.of(
            "code", "MAX_COST_EXCEEDED", "cost", cost, "maxCost", QueryCost.SINGLE_QUERY_MAXIMUM));
  }

  public static Map<String, Object> throttled() {
    return error(
        "Throttled",
        null,
        null,
        Map.of("code", "THROTTLED", "documentation", RATE_LIMITS_DOCUMENTATION));
  }
}
