package courier.simulator.graphql;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules Shopify puts on the inner query of {@code bulkOperationRunQuery} beyond the schema's
 * (shared/reference/graphql-mapping.md §3.1): a query operation with one top-level connection (not
 * {@code node}/{@code nodes}), no paging arguments, at most five connections, at most two levels of
 * nested connections, no connection inside a list field, and the parent of a nested connection
 * selecting {@code id} without an alias. A valid query yields the {@link Shape} that tells the
 * JSONL writer where the connections sit in each result object.
 */
public final class BulkQueryRules {
  /** Connections Shopify allows in one bulk query. */
  public static final int MAX_CONNECTIONS = 5;

  /** Levels of connections below the top-level one. */
  public static final int MAX_NESTED_LEVELS = 2;

  private static final Set<String> PAGING_ARGUMENTS = Set.of("first", "last", "after", "before");

  /**
   * Where a connection's nodes sit in a result: the connection at {@code path} from its owner (the
   * top-level result for the root), its node objects under {@code edges[].node} or {@code nodes[]}
   * (the result keys the query chose), and the connections nested inside each node.
   */
  public record Shape(
      List<String> path, String edgesKey, String nodeKey, String nodesKey, List<Shape> nested) {}

  /** A valid query's shape, or the userError message that refuses it. */
  public record Verdict(Shape shape, String error) {
    static Verdict refused(String error) {
      return new Verdict(null, error);
    }
  }

  private final GraphQLSchema schema;
  private final Map<String, FragmentDefinition> fragments;
  private int connections;

  private BulkQueryRules(GraphQLSchema schema, Document document) {
    this.schema = schema;
    this.fragments =
        document.getDefinitionsOfType(FragmentDefinition.class).stream()
            .collect(Collectors.toMap(FragmentDefinition::getName, Function.identity()));
  }

  /** Checks a document that already passed the schema's validation. */
  public static Verdict check(GraphQLSchema schema, Document document) {
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    if (operations.size() != 1
        || operations.get(0).getOperation() != OperationDefinition.Operation.QUERY) {
      return Verdict.refused("Bulk queries must contain exactly one query operation.");
    }
    try {
      return new Verdict(new BulkQueryRules(schema, document).root(operations.get(0)), null);
    } catch (Refusal e) {
      return Verdict.refused(e.getMessage());
    }
  }

  private Shape root(OperationDefinition operation) {
    List<Field> fields = new ArrayList<>();
    collect(operation.getSelectionSet(), fields);
    if (fields.size() != 1) {
      throw new Refusal("Bulk queries must select exactly one top-level field.");
    }
    Field top = fields.get(0);
    if (top.getName().equals("node") || top.getName().equals("nodes")) {
      throw new Refusal("The top-level 'node' and 'nodes' fields can't be used in bulk queries.");
    }
    GraphQLFieldDefinition definition = schema.getQueryType().getFieldDefinition(top.getName());
    if (!isConnection(definition.getType())) {
      throw new Refusal("Bulk queries must contain at least one connection.");
    }
    return connection(top, definition.getType(), List.of(resultKey(top)), 0);
  }

  private Shape connection(Field field, GraphQLType type, List<String> path, int level) {
    connections++;
    if (connections > MAX_CONNECTIONS) {
      throw new Refusal(
          "Bulk queries cannot contain more than " + MAX_CONNECTIONS + " connections.");
    }
    if (level > MAX_NESTED_LEVELS) {
      throw new Refusal(
          "Bulk queries cannot nest connections more than " + MAX_NESTED_LEVELS + " levels deep.");
    }
    for (Argument argument : field.getArguments()) {
      if (PAGING_ARGUMENTS.contains(argument.getName())) {
        throw new Refusal(
            "The '"
                + argument.getName()
                + "' argument on '"
                + field.getName()
                + "' is not supported in bulk queries: the operation reads the whole connection.");
      }
    }
    GraphQLFieldsContainer connectionType =
        (GraphQLFieldsContainer) GraphQLTypeUtil.unwrapAll(type);
    GraphQLFieldsContainer nodeType =
        (GraphQLFieldsContainer)
            GraphQLTypeUtil.unwrapAll(connectionType.getFieldDefinition("nodes").getType());
    String edgesKey = null;
    String nodeKey = null;
    String nodesKey = null;
    List<Shape> nested = new ArrayList<>();
    List<Field> children = new ArrayList<>();
    collect(field.getSelectionSet(), children);
    for (Field child : children) {
      if (child.getName().equals("edges")) {
        List<Field> edgeFields = new ArrayList<>();
        collect(child.getSelectionSet(), edgeFields);
        for (Field edgeField : edgeFields) {
          if (edgeField.getName().equals("node")) {
            edgesKey = resultKey(child);
            nodeKey = resultKey(edgeField);
            nested.addAll(node(edgeField.getSelectionSet(), nodeType, level));
          }
        }
      } else if (child.getName().equals("nodes")) {
        nodesKey = resultKey(child);
        nested.addAll(node(child.getSelectionSet(), nodeType, level));
      }
    }
    if (edgesKey == null && nodesKey == null) {
      throw new Refusal("The connection '" + field.getName() + "' must select its nodes.");
    }
    return new Shape(path, edgesKey, nodeKey, nodesKey, nested);
  }

  /** The connections inside one node's selection; checks the id rule when there are any. */
  private List<Shape> node(SelectionSet selections, GraphQLFieldsContainer nodeType, int level) {
    List<Shape> nested = new ArrayList<>();
    walk(selections, nodeType, new ArrayList<>(), false, level, nested);
    if (!nested.isEmpty() && !selectsPlainId(selections)) {
      throw new Refusal(
          "The parent 'node' field for a nested connection must select the 'id' field without an"
              + " alias and must be of 'ID' return type.");
    }
    return nested;
  }

  private void walk(
      SelectionSet selections,
      GraphQLFieldsContainer owner,
      List<String> path,
      boolean insideList,
      int level,
      List<Shape> nested) {
    if (selections == null) {
      return;
    }
    for (Selection<?> selection : selections.getSelections()) {
      if (selection instanceof InlineFragment inline) {
        walk(
            inline.getSelectionSet(),
            typed(inline.getTypeCondition(), owner),
            path,
            insideList,
            level,
            nested);
      } else if (selection instanceof FragmentSpread spread) {
        FragmentDefinition fragment = fragments.get(spread.getName());
        walk(
            fragment.getSelectionSet(),
            typed(fragment.getTypeCondition(), owner),
            path,
            insideList,
            level,
            nested);
      } else if (selection instanceof Field field && !field.getName().startsWith("__")) {
        GraphQLFieldDefinition definition = owner.getFieldDefinition(field.getName());
        List<String> here = new ArrayList<>(path);
        here.add(resultKey(field));
        if (isConnection(definition.getType())) {
          if (insideList) {
            throw new Refusal(
                "Queries that contain a connection field within a list field are not currently"
                    + " supported.");
          }
          nested.add(connection(field, definition.getType(), here, level + 1));
        } else if (field.getSelectionSet() != null
            && GraphQLTypeUtil.unwrapAll(definition.getType())
                instanceof GraphQLFieldsContainer container) {
          walk(
              field.getSelectionSet(),
              container,
              here,
              insideList || isList(definition.getType()),
              level,
              nested);
        }
      }
    }
  }

  /** The type a fragment applies to, or the owner's when it names none (or a union). */
  private GraphQLFieldsContainer typed(TypeName condition, GraphQLFieldsContainer owner) {
    return condition != null
            && schema.getType(condition.getName()) instanceof GraphQLFieldsContainer c
        ? c
        : owner;
  }

  private static boolean selectsPlainId(SelectionSet selections) {
    return selections.getSelections().stream()
        .anyMatch(s -> s instanceof Field f && f.getName().equals("id") && f.getAlias() == null);
  }

  /** The fields of a selection set, fragments flattened in. */
  private void collect(SelectionSet selections, List<Field> into) {
    if (selections == null) {
      return;
    }
    for (Selection<?> selection : selections.getSelections()) {
      if (selection instanceof Field field) {
        into.add(field);
      } else if (selection instanceof InlineFragment inline) {
        collect(inline.getSelectionSet(), into);
      } else if (selection instanceof FragmentSpread spread) {
        collect(fragments.get(spread.getName()).getSelectionSet(), into);
      }
    }
  }

  private static String resultKey(Field field) {
    return field.getAlias() != null ? field.getAlias() : field.getName();
  }

  private static boolean isConnection(GraphQLType type) {
    return GraphQLTypeUtil.unwrapAll(type).getName().endsWith("Connection");
  }

  private static boolean isList(GraphQLType type) {
    GraphQLType unwrapped =
        type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
    return unwrapped instanceof GraphQLList;
  }

  /** A rule the query breaks; its message is the userError's. */
  private static final class Refusal extends RuntimeException {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }
}
