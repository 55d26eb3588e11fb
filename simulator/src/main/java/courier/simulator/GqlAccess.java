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
record GqlAccess(
    TokenRegistry.Credential credential,
    long ordersVisibleFrom,
    boolean protectedCustomerDataApproved) {
  static final String PROTECTED_DATA_DOCUMENTATION =
      "https://shopify.dev/docs/apps/launch/protected-customer-data";

  static final String CONTEXT_KEY = "courier.access";
  static final String SCOPES_DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes";

  static GqlAccess of(DataFetchingEnvironment env) {
    return env.getGraphQlContext().get(CONTEXT_KEY);
  }

  /** A resolver that runs {@code value} when the token has {@code scope}, else ACCESS_DENIED. */
  static Resolver guarded(String scope, Supplier<Object> value) {
    return env -> of(env).credential.has(scope) ? value.get() : denied(env, scope);
  }

  /**
   * Customers need the scope and, as on REST, approval for protected customer data: Shopify answers
   * ACCESS_DENIED naming the Customer object otherwise.
   */
  static Resolver customers(Resolver value) {
    return env -> {
      GqlAccess access = of(env);
      if (!access.credential.has("read_customers")) {
        return denied(env, "read_customers");
      }
      if (!access.protectedCustomerDataApproved) {
        return DataFetcherResult.newResult()
            .data(null)
            .error(
                GraphqlErrorBuilder.newError(env)
                    .message(
                        "This app is not approved to access the Customer object. See "
                            + PROTECTED_DATA_DOCUMENTATION
                            + " for more details.")
                    .extensions(
                        Map.of(
                            "code", "ACCESS_DENIED", "documentation", PROTECTED_DATA_DOCUMENTATION))
                    .build())
            .build();
      }
      return value.resolve(env);
    };
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
