package courier.simulator.graphql;

import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.Map;

/**
 * Reads a field from its parent map by field name (not alias), resolving a {@link Resolver}, and
 * charges what it returned to the request's {@link ActualCost}.
 */
final class MapFieldFetcher implements DataFetcher<Object> {
  static final MapFieldFetcher INSTANCE = new MapFieldFetcher();

  @Override
  public Object get(DataFetchingEnvironment env) {
    Object value =
        env.getSource() instanceof Map<?, ?> map ? map.get(env.getField().getName()) : null;
    if (value instanceof Resolver resolver) {
      value = resolver.resolve(env);
    }
    ActualCost.charge(env, value instanceof DataFetcherResult<?> r ? r.getData() : value);
    return value;
  }
}
