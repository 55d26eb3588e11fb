package courier.simulator.graphql;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLTypeUtil;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The actual cost of a request, counted while it runs with the rules {@link QueryCost} applies to
 * the request, but on what came back: a connection costs 2 plus one point per node it returned, an
 * object 1 when present (each element of a list of objects counts), scalars and enums nothing, page
 * info and edges nothing. Shopify never charges more than requested; the caller caps it.
 */
public final class ActualCost {
  /** The key of the counter in the execution's GraphQLContext. */
  public static final String CONTEXT_KEY = "courier.actualCost";

  private ActualCost() {}

  static void charge(DataFetchingEnvironment env, Object value) {
    AtomicInteger total = env.getGraphQlContext().get(CONTEXT_KEY);
    if (total == null || value == null) {
      return;
    }
    GraphQLNamedType type = (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(env.getFieldType());
    if (type instanceof GraphQLScalarType || type instanceof GraphQLEnumType) {
      return;
    }
    String parent = ((GraphQLNamedType) env.getParentType()).getName();
    String field = env.getField().getName();
    if (type.getName().endsWith("Connection")) {
      total.addAndGet(2);
    } else if (parent.endsWith("Connection") && (field.equals("nodes") || field.equals("edges"))) {
      total.addAndGet(size(value));
    } else if (!parent.endsWith("Edge") && !type.getName().equals("PageInfo")) {
      total.addAndGet(size(value));
    }
  }

  private static int size(Object value) {
    return value instanceof Collection<?> c ? c.size() : 1;
  }
}
