package courier.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Sends one GraphQL operation through {@link ShopifyHttp} (token, retries, refusals, wire logging
 * without secrets), paced by the shop's {@link GraphqlCostGovernor}, and reads the answer: cost
 * reported to the governor and the observer, errors turned into what {@link GraphqlErrors} says.
 */
final class GraphqlCalls {
  /** Checks a response beyond its errors (the keyset contract): an IOException retries it. */
  interface Check {
    void verify(GraphqlResponse response) throws IOException;
  }

  private final ShopifyClientConfig config;
  private final ShopifyHttp http;
  private final GraphqlCostGovernor governor;
  private final RequestObserver observer;

  GraphqlCalls(
      ShopifyClientConfig config,
      ShopifyHttp http,
      GraphqlCostGovernor governor,
      RequestObserver observer) {
    this.config = config;
    this.http = http;
    this.governor = governor;
    this.observer = observer;
  }

  String endpoint() {
    return "/admin/api/" + config.apiVersion() + "/graphql.json";
  }

  /**
   * {@code query} with {@code variables}; {@code root} is its root field (data.orders), {@code
   * estimate} its requested cost until Shopify has reported it.
   */
  GraphqlResponse call(
      ShopifyResource resource,
      GraphqlQuery query,
      String root,
      Map<String, Object> variables,
      int estimate,
      Check check) {
    String costKey = query.fileName() + variables.getOrDefault("first", "");
    String operation = query.operationName();
    return http.postJson(
        resource,
        endpoint(),
        body(query, variables),
        () -> governor.acquire(costKey, estimate) / 1_000_000,
        (body, headers) -> {
          GraphqlResponse response = GraphqlResponse.read(body);
          GraphqlCostGovernor.Cost cost = GraphqlCostGovernor.Cost.of(response.extensions());
          if (cost.actual() != null) {
            observer.pointsSpent(resource, Math.round(cost.actual()));
          }
          try {
            GraphqlErrors.check(
                response, root, config.shop().domain(), endpoint(), operation, resource);
          } catch (ShopifyHttp.ThrottledInBody throttled) {
            governor.throttled(costKey, cost);
            throw throttled;
          }
          governor.answered(costKey, cost);
          check.verify(response);
          return response;
        });
  }

  private static byte[] body(GraphqlQuery query, Map<String, Object> variables) {
    ObjectNode request = ShopifyJson.mapper().createObjectNode();
    request.put("query", query.text());
    request.set("variables", ShopifyJson.mapper().valueToTree(variables));
    request.put("operationName", query.operationName());
    try {
      return ShopifyJson.mapper().writeValueAsBytes(request);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
