package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import courier.simulator.graphql.ActualCost;
import courier.simulator.graphql.AdminSchema;
import courier.simulator.graphql.GraphqlErrors;
import courier.simulator.graphql.QueryCost;
import graphql.ExceptionWhileDataFetching;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /admin/api/{version}/graphql.json}: parses, validates against Shopify's schema,
 * prices the query ({@link QueryCost}; MAX_COST_EXCEEDED over 1000), takes the requested points
 * from the app's {@link PointsBucket} (THROTTLED when short), runs it over the GraphQL view of the
 * shop, refunds requested − actual and reports both in {@code extensions.cost}. Every answer to a
 * well-formed request is HTTP 200, as on Shopify.
 */
final class GqlEndpoint {
  private static volatile GraphQL engine;

  private final GqlRoots roots;
  private final PointsBucket bucket;
  private final Counters counters;

  private final SimSettings settings;

  GqlEndpoint(
      ShopData data,
      SimSettings settings,
      PointsBucket bucket,
      Counters counters,
      BulkOperations bulkOperations) {
    this.settings = settings;
    this.roots = new GqlRoots(data, bulkOperations);
    this.bucket = bucket;
    this.counters = counters;
  }

  void serve(
      HttpExchange exchange,
      TokenRegistry.Credential credential,
      long ordersVisibleFrom,
      ApiResponse response)
      throws IOException {
    if (!exchange.getRequestMethod().equals("POST")) {
      response.sendErrors(405, "Method Not Allowed");
      return;
    }
    GqlRequest request = GqlRequest.read(HttpIo.readBody(exchange));
    if (request == null) {
      response.send(
          400, Json.fieldErrors(Map.of("query", "Required parameter missing or invalid")));
      return;
    }
    Document document;
    try {
      document = AdminSchema.parse(request.query());
    } catch (InvalidSyntaxException e) {
      counters.graphqlOperation(request.operationLabel());
      sendErrors(response, List.of(GraphqlErrors.syntax(e)), null);
      return;
    }
    String operation = operationName(document, request.operationName());
    counters.graphqlOperation(operation);
    List<GraphQLError> invalid = AdminSchema.validate(document);
    if (!invalid.isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      invalid.forEach(e -> errors.add(GraphqlErrors.validation(e, operationPath(document))));
      sendErrors(response, errors, null);
      return;
    }
    int requested = QueryCost.requested(AdminSchema.get(), document, request.variables());
    if (requested > QueryCost.SINGLE_QUERY_MAXIMUM) {
      sendErrors(response, List.of(GraphqlErrors.maxCostExceeded(requested)), null);
      return;
    }
    PointsBucket.Status taken = bucket.take(credential.app(), requested);
    if (taken.throttled()) {
      counters.graphqlThrottled();
      sendErrors(response, List.of(GraphqlErrors.throttled()), cost(requested, null, taken));
      return;
    }
    AtomicInteger actualCounter = new AtomicInteger();
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(request.query())
            .operationName(request.operationName())
            .variables(request.variables())
            .root(roots.root())
            .graphQLContext(
                Map.of(
                    ActualCost.CONTEXT_KEY,
                    actualCounter,
                    GqlAccess.CONTEXT_KEY,
                    new GqlAccess(
                        credential, ordersVisibleFrom, settings.protectedCustomerDataApproved())))
            .locale(Locale.ROOT)
            .build();
    ExecutionResult result = engine().execute(input);
    int actual = Math.min(requested, actualCounter.get());
    PointsBucket.Status after = bucket.refund(credential.app(), requested - actual);
    counters.graphqlPoints(requested, actual);
    Map<String, Object> body = new LinkedHashMap<>();
    if (!result.getErrors().isEmpty()) {
      List<Map<String, Object>> errors = new ArrayList<>();
      result.getErrors().forEach(e -> errors.add(executionError(e)));
      body.put("errors", errors);
    }
    body.put("data", result.getData());
    body.put("extensions", Map.of("cost", cost(requested, actual, after)));
    response.sendOk(out -> Json.MAPPER.writeValue(out, body));
  }

  static GraphQL engine() {
    GraphQL loaded = engine;
    if (loaded == null) {
      loaded = GraphQL.newGraphQL(AdminSchema.get()).build();
      engine = loaded;
    }
    return loaded;
  }

  private static void sendErrors(
      ApiResponse response, List<Map<String, Object>> errors, Map<String, Object> cost)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", errors);
    if (cost != null) {
      body.put("extensions", Map.of("cost", cost));
    }
    response.sendOk(out -> Json.MAPPER.writeValue(out, body));
  }

  /** Shopify's {@code extensions.cost}; {@code actual} null on a throttled request. */
  private static Map<String, Object> cost(int requested, Integer actual, PointsBucket.Status s) {
    Map<String, Object> throttle = new LinkedHashMap<>();
    throttle.put("maximumAvailable", (double) s.maximum());
    throttle.put("currentlyAvailable", s.currentlyAvailable());
    throttle.put("restoreRate", (double) s.restoreRate());
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("requestedQueryCost", requested);
    cost.put("actualQueryCost", actual);
    cost.put("throttleStatus", throttle);
    return cost;
  }

  /** A failure inside a resolver (a bad cursor, a bad search value) as Shopify words it. */
  private static Map<String, Object> executionError(GraphQLError error) {
    if (error instanceof ExceptionWhileDataFetching fetching) {
      Throwable cause = fetching.getException();
      return GraphqlErrors.error(
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
          error.getLocations(),
          error.getPath(),
          Map.of("code", "BAD_REQUEST"));
    }
    return error.toSpecification();
  }

  private static String operationName(Document document, String requested) {
    if (requested != null && !requested.isBlank()) {
      return requested;
    }
    return document.getDefinitionsOfType(OperationDefinition.class).stream()
        .map(OperationDefinition::getName)
        .filter(n -> n != null && !n.isBlank())
        .findFirst()
        .orElse("anonymous");
  }

  /** graphql-ruby's first path element: {@code "query OrdersPage"} or {@code "query"}. */
  private static String operationPath(Document document) {
    return document.getDefinitionsOfType(OperationDefinition.class).stream()
        .findFirst()
        .map(
            op ->
                op.getOperation().name().toLowerCase(Locale.ROOT)
                    + (op.getName() == null ? "" : " " + op.getName()))
        .orElse("query");
  }

  /** The JSON body of a GraphQL request. */
  record GqlRequest(String query, Map<String, Object> variables, String operationName) {
    /** Null when the body is not JSON or has no query. */
    static GqlRequest read(byte[] body) {
      try {
        JsonNode json = Json.parse(body);
        String query = json.path("query").isTextual() ? json.get("query").asText() : null;
        if (query == null || query.isBlank()) {
          return null;
        }
        JsonNode vars = json.path("variables");
        @SuppressWarnings("unchecked")
        Map<String, Object> variables =
            vars.isObject() ? Json.MAPPER.convertValue(vars, Map.class) : Map.of();
        String name =
            json.path("operationName").isTextual() ? json.get("operationName").asText() : null;
        return new GqlRequest(query, variables, name);
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }

    String operationLabel() {
      return operationName == null || operationName.isBlank() ? "anonymous" : operationName;
    }
  }
}
