package courier.shopify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.graphql.RestFields;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a bulk operation's JSONL into the same REST-shaped entities as the paged path, streaming:
 * at most one parent and its children (plus a few orders waiting for their refunds' lines) are
 * held, never the file.
 *
 * <p>The bulk query is submitted with {@code groupObjects: true}, for which Shopify documents that
 * an object's children ({@code __parentId} lines) follow it; the simulator writes them so and
 * BulkOperationsTest checks it. A child whose parent is not the object before it is an orphan: it
 * is handed to {@code orphans} (the caller rejects it with its reason), never dropped or guessed.
 *
 * <p>Each parent is rebuilt as the page query's node (the GID under {@code admin_graphql_api_id},
 * the legacy id under {@code id}, each nested connection as {@code {nodes, pageInfo}}, told apart
 * by {@code __typename}) and shaped by {@link GraphqlPages}. Refund line items are a connection
 * inside a list, which bulk refuses: they come from follow-up {@code refunds_by_ids} queries
 * (batches of {@value #REFUNDS_PER_QUERY}), through the same governor, counted as overflow
 * requests.
 */
final class BulkResultReader {
  /** Refunds per refunds_by_ids query (5 × 25 lines stays under the 1,000-point maximum). */
  static final int REFUNDS_PER_QUERY = 5;

  /** Parents held at most while refunds gather for one query: bounds the memory. */
  private static final int MAX_WAITING_PARENTS = 50;

  private static final int REFUND_LINES_FIRST = 25;
  private static final int REFUNDS_BY_IDS_ESTIMATE = 900;

  /** An orphan line: its id (or type) and the parent id it names. */
  record Orphan(String line, String parentId) {}

  private final GraphqlCalls calls;
  private final ConnectionDrainer drainer;
  private final RequestObserver observer;

  BulkResultReader(GraphqlCalls calls, ConnectionDrainer drainer, RequestObserver observer) {
    this.calls = calls;
    this.drainer = drainer;
    this.observer = observer;
  }

  /** Reads the whole stream; returns the number of lines (Shopify's objectCount). */
  long read(
      ShopifyResource resource,
      InputStream jsonl,
      Consumer<ObjectNode> entities,
      Consumer<Orphan> orphans)
      throws IOException {
    GraphqlPages pages = GraphqlPages.of(resource);
    Pending pending = new Pending(resource, pages, entities);
    long lines = 0;
    ObjectNode parent = null;
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(jsonl, StandardCharsets.UTF_8), 1 << 16);
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      if (text.isEmpty()) {
        continue;
      }
      lines++;
      JsonNode parsed = parse(text, lines);
      if (!(parsed instanceof ObjectNode line)) {
        throw new IOException("bulk result line " + lines + " is not a JSON object");
      }
      JsonNode parentId = line.remove("__parentId");
      if (parentId == null) {
        if (parent != null) {
          pending.add(parent);
        }
        parent = asPageNode(line, pages);
      } else if (parent != null && parentId.asText().equals(gid(parent))) {
        addChild(parent, line, resource);
      } else {
        orphans.accept(new Orphan(describe(line), parentId.asText()));
      }
    }
    if (parent != null) {
      pending.add(parent);
    }
    pending.flush();
    return lines;
  }

  /**
   * One line as JSON. Jackson's message quotes the line, which may hold a customer's values: the
   * error names the line's number and column only.
   */
  private static JsonNode parse(String text, long line) throws IOException {
    try {
      return ShopifyJson.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IOException(
          "bulk result line "
              + line
              + " is not valid JSON at column "
              + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr())
              + " (a download cut short?)");
    }
  }

  /** The page query's keys: the GID as admin_graphql_api_id, the legacy id as id. */
  private static ObjectNode asPageNode(ObjectNode line, GraphqlPages pages) {
    ObjectNode node = RestFields.newObject();
    node.set("admin_graphql_api_id", line.remove("id"));
    node.set("id", line.remove("legacyResourceId"));
    node.setAll(line);
    for (String connection : connections(pages.resource)) {
      ObjectNode empty = node.putObject(connection);
      empty.putObject("pageInfo").put("hasNextPage", false);
      empty.putArray("nodes");
    }
    return node;
  }

  private static String gid(ObjectNode pageNode) {
    return pageNode.path("admin_graphql_api_id").asText();
  }

  private static void addChild(ObjectNode parent, ObjectNode child, ShopifyResource resource) {
    String type = child.path("__typename").asText();
    String connection = connectionOf(resource, type);
    if (!connection.equals("discount_applications")) {
      child.remove("__typename"); // the page query selects it only on discount applications
    }
    ((ArrayNode) parent.path(connection).path("nodes")).add(child);
  }

  private static List<String> connections(ShopifyResource resource) {
    return switch (resource) {
      case ORDERS -> List.of("discount_applications", "shipping_lines", "line_items");
      case CUSTOMERS -> List.of("addresses");
      case PRODUCTS -> List.of("variants");
      default -> List.of();
    };
  }

  /** The connection a child line belongs to, by its type. */
  private static String connectionOf(ShopifyResource resource, String type) {
    return switch (resource) {
      case ORDERS ->
          type.equals("LineItem")
              ? "line_items"
              : type.equals("ShippingLine") ? "shipping_lines" : "discount_applications";
      case CUSTOMERS -> "addresses";
      case PRODUCTS -> "variants";
      default -> throw new IllegalArgumentException(resource.path() + " has no bulk children");
    };
  }

  private static String describe(ObjectNode line) {
    JsonNode id = line.get("admin_graphql_api_id"); // the GID where the query aliases id
    if (id == null) {
      id = line.get("id");
    }
    return id != null && id.isTextual() ? id.textValue() : line.path("__typename").asText("?");
  }

  /** Parents waiting for their refunds' line items; every other parent passes straight through. */
  private final class Pending {
    private final ShopifyResource resource;
    private final GraphqlPages pages;
    private final Consumer<ObjectNode> entities;
    private final List<ObjectNode> parents = new ArrayList<>();
    private final Map<String, ObjectNode> refunds = new HashMap<>();

    Pending(ShopifyResource resource, GraphqlPages pages, Consumer<ObjectNode> entities) {
      this.resource = resource;
      this.pages = pages;
      this.entities = entities;
    }

    void add(ObjectNode parent) {
      JsonNode parentRefunds = parent.path("refunds");
      if (parentRefunds.isEmpty() && parents.isEmpty()) {
        emit(parent);
        return;
      }
      parents.add(parent); // behind a parent waiting for refund lines: keeps the file's order
      for (JsonNode refund : parentRefunds) {
        refunds.put(refund.path("admin_graphql_api_id").asText(), (ObjectNode) refund);
      }
      if (refunds.size() >= REFUNDS_PER_QUERY || parents.size() >= MAX_WAITING_PARENTS) {
        flush();
      }
    }

    void flush() {
      List<String> ids = new ArrayList<>(refunds.keySet());
      for (int from = 0; from < ids.size(); from += REFUNDS_PER_QUERY) {
        fetchLines(ids.subList(from, Math.min(ids.size(), from + REFUNDS_PER_QUERY)));
      }
      refunds.clear();
      parents.forEach(this::emit);
      parents.clear();
    }

    private void fetchLines(List<String> ids) {
      Map<String, Object> variables = new HashMap<>();
      variables.put("ids", ids);
      variables.put("first", REFUND_LINES_FIRST);
      observer.overflowRequested(resource);
      GraphqlResponse response =
          calls.call(
              resource,
              GraphqlQuery.REFUNDS_BY_IDS,
              "nodes",
              variables,
              REFUNDS_BY_IDS_ESTIMATE,
              r -> {});
      JsonNode found = response.root("nodes");
      for (JsonNode node : found == null ? List.<JsonNode>of() : found) {
        ObjectNode refund = refunds.get(node.path("admin_graphql_api_id").asText());
        if (refund != null && node.has("refund_line_items")) {
          refund.set("refund_line_items", node.get("refund_line_items"));
        }
      }
      for (String id : ids) {
        ObjectNode refund = refunds.get(id);
        if (!refund.has("refund_line_items")) {
          // Deleted since the export, or not answered: the order is rejected naming the field.
          refund.set(
              "refund_line_items",
              RestFields.newObject().put(RestFields.MISSING_FIELD, "refund_line_items"));
        }
      }
    }

    private void emit(ObjectNode parent) {
      pages.drain(parent, drainer);
      entities.accept(pages.shape(parent));
    }
  }
}
