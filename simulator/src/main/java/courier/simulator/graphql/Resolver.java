package courier.simulator.graphql;

import graphql.schema.DataFetchingEnvironment;

/**
 * A field value computed when the query selects the field (connections, which read their arguments,
 * and references that are costly to build). Put one in a view map in place of a value.
 */
@FunctionalInterface
public interface Resolver {
  Object resolve(DataFetchingEnvironment env);
}
