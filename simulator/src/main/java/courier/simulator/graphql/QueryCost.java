package courier.simulator.graphql;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A query's requested cost in Shopify's documented model: scalars and enums 0, an object 1, a
 * connection 2 + first × (its node's cost, the node's own point included), an interface or union
 * the most expensive of its fragments, a list of objects once. Shopify refuses a query whose
 * requested cost is over {@link #SINGLE_QUERY_MAXIMUM} before running it.
 */
public final class QueryCost {
  /** The largest requested cost Shopify runs (MAX_COST_EXCEEDED above). */
  public static final int SINGLE_QUERY_MAXIMUM = 1000;

  /** What Shopify charges a mutation field (bulkOperationRunQuery, bulkOperationCancel). */
  public static final int MUTATION_COST = 10;

  private final GraphQLSchema schema;
  private final Map<String, FragmentDefinition> fragments;
  private final Map<String, ?> variables;

  private QueryCost(GraphQLSchema schema, Document document, Map<String, ?> variables) {
    this.schema = schema;
    this.fragments =
        document.getDefinitionsOfType(FragmentDefinition.class).stream()
            .collect(Collectors.toMap(FragmentDefinition::getName, Function.identity()));
    this.variables = variables;
  }

  /** The requested cost of the document's (first) operation with these variable values. */
  public static int requested(GraphQLSchema schema, Document document, Map<String, ?> variables) {
    OperationDefinition operation =
        document.getDefinitionsOfType(OperationDefinition.class).stream()
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("the document has no operation"));
    if (operation.getOperation() == OperationDefinition.Operation.MUTATION) {
      return MUTATION_COST * operation.getSelectionSet().getSelections().size();
    }
    return new QueryCost(schema, document, variables)
        .of(schema.getQueryType(), operation.getSelectionSet());
  }

  private int of(GraphQLType parent, SelectionSet selections) {
    int total = 0;
    int fragmentCost = 0;
    for (Selection<?> selection : selections.getSelections()) {
      if (selection instanceof Field field && !field.getName().startsWith("__")) {
        total += fieldCost((GraphQLFieldsContainer) parent, field);
      } else if (selection instanceof InlineFragment inline) {
        GraphQLType type =
            inline.getTypeCondition() == null
                ? parent
                : schema.getType(inline.getTypeCondition().getName());
        fragmentCost = Math.max(fragmentCost, of(type, inline.getSelectionSet()));
      } else if (selection instanceof FragmentSpread spread) {
        FragmentDefinition fragment = fragments.get(spread.getName());
        GraphQLType type = schema.getType(fragment.getTypeCondition().getName());
        fragmentCost = Math.max(fragmentCost, of(type, fragment.getSelectionSet()));
      }
    }
    return total + fragmentCost;
  }

  private int fieldCost(GraphQLFieldsContainer parent, Field field) {
    GraphQLFieldDefinition definition = parent.getFieldDefinition(field.getName());
    GraphQLNamedType type = (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(definition.getType());
    if (!(type instanceof GraphQLFieldsContainer) && !(type instanceof GraphQLUnionType)) {
      return 0; // scalars and enums
    }
    if (!type.getName().endsWith("Connection")) {
      return 1 + (field.getSelectionSet() == null ? 0 : of(type, field.getSelectionSet()));
    }
    GraphQLType node = nodeType((GraphQLFieldsContainer) type);
    int nodeCost = 0;
    for (Selection<?> selection : field.getSelectionSet().getSelections()) {
      if (selection instanceof Field child && child.getName().equals("nodes")) {
        nodeCost = Math.max(nodeCost, 1 + of(node, child.getSelectionSet()));
      } else if (selection instanceof Field child && child.getName().equals("edges")) {
        for (Selection<?> edge : child.getSelectionSet().getSelections()) {
          if (edge instanceof Field nodeField && nodeField.getName().equals("node")) {
            nodeCost = Math.max(nodeCost, 1 + of(node, nodeField.getSelectionSet()));
          }
        }
      }
    }
    int first = intArgument(field, "first");
    return 2 + (first > 0 ? first : intArgument(field, "last")) * nodeCost;
  }

  /** A connection's node type: from its nodes, or its edges' node (some have no nodes field). */
  private static GraphQLType nodeType(GraphQLFieldsContainer connection) {
    GraphQLFieldDefinition nodes = connection.getFieldDefinition("nodes");
    if (nodes != null) {
      return GraphQLTypeUtil.unwrapAll(nodes.getType());
    }
    GraphQLFieldsContainer edge =
        (GraphQLFieldsContainer)
            GraphQLTypeUtil.unwrapAll(connection.getFieldDefinition("edges").getType());
    return GraphQLTypeUtil.unwrapAll(edge.getFieldDefinition("node").getType());
  }

  private int intArgument(Field field, String name) {
    Argument argument =
        field.getArguments().stream()
            .filter(a -> a.getName().equals(name))
            .findFirst()
            .orElse(null);
    if (argument == null) {
      return 0;
    }
    Value<?> value = argument.getValue();
    if (value instanceof IntValue literal) {
      return literal.getValue().intValueExact();
    }
    if (value instanceof VariableReference reference
        && variables.get(reference.getName()) instanceof Number number) {
      return number.intValue();
    }
    return 0;
  }
}
