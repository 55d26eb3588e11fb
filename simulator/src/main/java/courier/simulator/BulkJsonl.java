package courier.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import courier.simulator.graphql.ActualCost;
import courier.simulator.graphql.BulkQueryRules.Shape;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Writes a bulk query's result as Shopify's JSONL: the inner query runs over the same GraphQL view
 * of the shop as any request, a page of root objects per execution ({@link BulkPage}); each object
 * is one line without its nested connections, and each node of a nested connection is its own line
 * with {@code __parentId} set to its owner's id, written right after its owner (the simulator
 * always writes children after their parent, which Shopify documents for grouped output).
 */
final class BulkJsonl implements BulkOperations.Writer {
  private final String query;
  private final Shape shape;
  private final GqlAccess access;
  private final Supplier<Map<String, Object>> root;

  BulkJsonl(String query, Shape shape, GqlAccess access, Supplier<Map<String, Object>> root) {
    this.query = query;
    this.shape = shape;
    this.access = access;
    this.root = root;
  }

  @Override
  public String write(BulkJob job, OutputStream out) throws IOException {
    BulkPage page = new BulkPage(Long.MIN_VALUE);
    BulkViewMemo memo = new BulkViewMemo();
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.setRootValueSeparator(null);
      while (page.hasNext() && !job.cancelRequested()) {
        ExecutionResult result = GqlEndpoint.engine().execute(input(page, memo));
        if (!result.getErrors().isEmpty()) {
          return errorCode(result.getErrors());
        }
        Map<String, Object> data = result.getData();
        for (Map<String, Object> node : nodes(dig(data, shape.path()), shape)) {
          writeObject(json, job, node, null, shape.nested());
        }
      }
    }
    return null;
  }

  private ExecutionInput input(BulkPage page, BulkViewMemo memo) {
    return ExecutionInput.newExecutionInput()
        .query(query)
        .root(root.get())
        .graphQLContext(
            Map.of(
                ActualCost.CONTEXT_KEY,
                new AtomicInteger(),
                GqlAccess.CONTEXT_KEY,
                access,
                BulkPage.CONTEXT_KEY,
                page,
                BulkViewMemo.CONTEXT_KEY,
                memo))
        .locale(Locale.ROOT)
        .build();
  }

  /** ACCESS_DENIED when a scope or approval was missing, else Shopify's catch-all. */
  private static String errorCode(List<GraphQLError> errors) {
    boolean denied =
        errors.stream()
            .anyMatch(
                e ->
                    e.getExtensions() != null
                        && "ACCESS_DENIED".equals(e.getExtensions().get("code")));
    return denied ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR";
  }

  private void writeObject(
      JsonGenerator json,
      BulkJob job,
      Map<String, Object> node,
      String parentId,
      List<Shape> nested)
      throws IOException {
    Map<String, Object> line = new LinkedHashMap<>(node);
    for (Shape connection : nested) {
      removeAt(line, connection.path());
    }
    if (parentId != null) {
      line.put("__parentId", parentId);
    } else {
      job.rootObjectCount.incrementAndGet();
    }
    json.writeObject(line);
    json.writeRaw('\n');
    job.objectCount.incrementAndGet();
    Object id = node.get("id");
    for (Shape connection : nested) {
      for (Map<String, Object> child : nodes(dig(node, connection.path()), connection)) {
        writeObject(json, job, child, String.valueOf(id), connection.nested());
      }
    }
  }

  /** The nodes of a connection's result, whichever of edges.node and nodes the query chose. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> nodes(Object connection, Shape shape) {
    if (!(connection instanceof Map<?, ?> map)) {
      return List.of();
    }
    if (shape.nodesKey() != null && map.get(shape.nodesKey()) instanceof List<?> nodes) {
      return (List<Map<String, Object>>) nodes;
    }
    if (shape.edgesKey() != null && map.get(shape.edgesKey()) instanceof List<?> edges) {
      return edges.stream()
          .map(e -> (Map<String, Object>) ((Map<String, Object>) e).get(shape.nodeKey()))
          .toList();
    }
    return List.of();
  }

  private static Object dig(Map<String, Object> from, List<String> path) {
    Object at = from;
    for (String key : path) {
      at = at instanceof Map<?, ?> map ? map.get(key) : null;
    }
    return at;
  }

  /** Removes the value at {@code path}, copying the maps on the way so the result is untouched. */
  @SuppressWarnings("unchecked")
  private static void removeAt(Map<String, Object> line, List<String> path) {
    if (path.size() == 1) {
      line.remove(path.get(0));
      return;
    }
    if (line.get(path.get(0)) instanceof Map<?, ?> inner) {
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) inner);
      removeAt(copy, path.subList(1, path.size()));
      line.put(path.get(0), copy);
    }
  }
}
