package courier.simulator;

import courier.simulator.graphql.Resolver;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one GraphQL request may see: its token's scopes (a field needing a missing scope resolves to
 * null with Shopify's ACCESS_DENIED error) and the 60-day order window without read_all_orders.
 */
record GqlAccess(TokenRegistry.Credential credential, long ordersVisibleFrom) {
  static final String CONTEXT_KEY = "courier.access";
  static final String SCOPES_DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes";

  static GqlAccess of(DataFetchingEnvironment env) {
    return env.getGraphQlContext().get(CONTEXT_KEY);
  }

  /** A resolver that runs {@code value} when the token has {@code scope}, else ACCESS_DENIED. */
  static Resolver guarded(String scope, Supplier<Object> value) {
    return env -> of(env).credential.has(scope) ? value.get() : denied(env, scope);
  }

  static DataFetcherResult<Object> denied(DataFetchingEnvironment env, String scope) {
    String required = "`" + scope + "` access scope.";
    return DataFetcherResult.newResult()
        .data(null)
        .error(
            GraphqlErrorBuilder.newError(env)
                .message(
                    "Access denied for "
                        + env.getField().getName()
                        + " field. Required access: "
                        + required)
                .extensions(
                    Map.of(
                        "code",
                        "ACCESS_DENIED",
                        "documentation",
                        SCOPES_DOCUMENTATION,
                        "requiredAccess",
                        required))
                .build())
        .build();
  }
}
