package courier.simulator;

import courier.simulator.graphql.AdminSchema;
import courier.simulator.graphql.BulkQueryRules;
import courier.simulator.graphql.Resolver;
import graphql.GraphQLError;
import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.schema.DataFetchingEnvironment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The bulk operation fields of the Admin API: the {@code bulkOperationRunQuery} and {@code
 * bulkOperationCancel} mutations, {@code currentBulkOperation}, and a {@code BulkOperation} looked
 * up by {@code node(id:)}. An inner query is checked like Shopify does (syntax, the schema, then
 * {@link BulkQueryRules}) and refused with a userError, never a top-level error.
 */
final class GqlBulk {
  private static final String PREFIX = "gid://shopify/BulkOperation/";

  private final BulkOperations operations;
  private final Supplier<Map<String, Object>> root;

  GqlBulk(BulkOperations operations, Supplier<Map<String, Object>> root) {
    this.operations = operations;
    this.root = root;
  }

  void addTo(Map<String, Object> rootFields) {
    rootFields.put("bulkOperationRunQuery", (Resolver) this::runQuery);
    rootFields.put("bulkOperationCancel", (Resolver) this::cancel);
    rootFields.put("currentBulkOperation", (Resolver) this::current);
  }

  private Object runQuery(DataFetchingEnvironment env) {
    String query = env.getArgument("query");
    Document document;
    try {
      document = AdminSchema.parse(query);
    } catch (InvalidSyntaxException e) {
      return refused("query", "Invalid bulk query: " + e.getMessage(), "INVALID");
    }
    List<GraphQLError> invalid = AdminSchema.validate(document);
    if (!invalid.isEmpty()) {
      return refused("query", "Invalid bulk query: " + invalid.get(0).getMessage(), "INVALID");
    }
    BulkQueryRules.Verdict verdict = BulkQueryRules.check(AdminSchema.get(), document);
    if (verdict.error() != null) {
      return refused("query", verdict.error(), "INVALID");
    }
    GqlAccess access = GqlAccess.of(env);
    BulkJob job =
        operations.submit(
            access.credential().app(), query, new BulkJsonl(query, verdict.shape(), access, root));
    if (job == null) {
      return refused(
          null,
          "A bulk query operation for this app and shop is already in progress: the limit is "
              + BulkOperations.CONCURRENCY_LIMIT
              + " at a time.",
          "OPERATION_IN_PROGRESS");
    }
    return payload(operations.view(job), List.of());
  }

  private Object cancel(DataFetchingEnvironment env) {
    BulkJob job = byGid(env, String.valueOf((Object) env.getArgument("id")));
    if (job == null) {
      return refused("id", "Bulk operation does not exist", null);
    }
    if (!operations.cancel(job)) {
      return payload(
          operations.view(job),
          List.of(
              userError(
                  "id",
                  "A bulk operation cannot be canceled when it is "
                      + operations.status(job).name().toLowerCase(java.util.Locale.ROOT),
                  null)));
    }
    return payload(operations.view(job), List.of());
  }

  private Object current(DataFetchingEnvironment env) {
    if ("MUTATION".equals(String.valueOf((Object) env.getArgument("type")))) {
      return null;
    }
    BulkJob job = operations.current(GqlAccess.of(env).credential().app());
    return job == null ? null : operations.view(job);
  }

  /** Whether {@code gid} names a bulk operation (answered by {@link #node}). */
  static boolean names(String gid) {
    return gid.startsWith(PREFIX);
  }

  /** {@code node(id:)} on a bulk operation of the calling app; null when it has no such one. */
  Object node(DataFetchingEnvironment env, String gid) {
    BulkJob job = byGid(env, gid);
    return job == null ? null : operations.view(job);
  }

  private BulkJob byGid(DataFetchingEnvironment env, String gid) {
    String number = gid.startsWith(PREFIX) ? gid.substring(PREFIX.length()) : "";
    if (!number.matches("\\d{1,18}")) {
      return null;
    }
    return operations.find(GqlAccess.of(env).credential().app(), Long.parseLong(number));
  }

  private static Map<String, Object> refused(String field, String message, String code) {
    return payload(null, List.of(userError(field, message, code)));
  }

  private static Map<String, Object> userError(String field, String message, String code) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field == null ? null : List.of(field));
    error.put("message", message);
    error.put("code", code);
    return error;
  }

  private static Map<String, Object> payload(
      Map<String, Object> operation, List<Map<String, Object>> userErrors) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("bulkOperation", operation);
    payload.put("userErrors", userErrors);
    return payload;
  }
}
