package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Bulk query operations over the GraphQL Admin API (graphql-mapping.md §3): submit a resource's
 * bulk query for a window, poll the operation by {@code node(id:)}, cancel it, and open its result
 * file as a stream. Requests go through {@link GraphqlCalls} (the shop's cost governor, retries,
 * errors); the result URL is signed and is fetched without the access token, and never logged.
 */
public final class GraphqlBulk {
  /** The states of a bulk operation that will still change. */
  public static boolean running(String status) {
    return status.equals("CREATED") || status.equals("RUNNING") || status.equals("CANCELING");
  }

  /** What {@code node(id:)} says of an operation; url and partialDataUrl are null until there. */
  public record Operation(
      String id,
      String status,
      @Nullable String errorCode,
      long objectCount,
      @Nullable String url,
      @Nullable String partialDataUrl) {}

  private static final int MUTATION_ESTIMATE = 10;
  private static final int POLL_ESTIMATE = 1;

  private final ShopifyClientConfig config;
  private final GraphqlCalls calls;
  private final HttpClient download;

  GraphqlBulk(ShopifyClientConfig config, GraphqlCalls calls) {
    this.config = config;
    this.calls = calls;
    this.download =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** Whether {@code resource} has a bulk query; the others are read paged in every fetch mode. */
  public static boolean hasBulkQuery(ShopifyResource resource) {
    return bulkQuery(resource) != null;
  }

  private static @Nullable GraphqlQuery bulkQuery(ShopifyResource resource) {
    return switch (resource) {
      case ORDERS -> GraphqlQuery.ORDERS_BULK;
      case CUSTOMERS -> GraphqlQuery.CUSTOMERS_BULK;
      case PRODUCTS -> GraphqlQuery.PRODUCTS_BULK;
      default -> null;
    };
  }

  /**
   * The inner bulk query of {@code resource} for {@code [from, to)}: its file with the window in
   * place of {@code $query} (a bulk query takes no variables).
   */
  public static String innerQuery(ShopifyResource resource, Instant from, Instant to) {
    GraphqlQuery query = bulkQuery(resource);
    if (query == null) {
      throw new IllegalArgumentException(resource.path() + " has no bulk query");
    }
    String window =
        "updated_at:>='"
            + DateTimeFormatter.ISO_INSTANT.format(from)
            + "' AND updated_at:<'"
            + DateTimeFormatter.ISO_INSTANT.format(to)
            + "'";
    return query
        .text()
        .replace(query.operationName() + "($query: String!)", query.operationName())
        .replace("(query: $query)", "(query: \"" + window + "\")");
  }

  /**
   * Submits the bulk query; the operation's id, or null when the shop already runs as many bulk
   * operations as it allows (the caller waits for a slot and submits again).
   */
  public @Nullable String submit(ShopifyResource resource, String innerQuery) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("query", innerQuery);
    GraphqlResponse response =
        calls.call(
            resource,
            GraphqlQuery.BULK_RUN,
            "bulkOperationRunQuery",
            variables,
            MUTATION_ESTIMATE,
            r -> {});
    JsonNode payload = response.root("bulkOperationRunQuery");
    JsonNode id = payload == null ? null : payload.path("bulkOperation").get("id");
    if (id != null && id.isTextual()) {
      return id.textValue();
    }
    if (payload != null
        && payload.path("userErrors").size() > 0
        && GraphqlErrors.onlyCode(
            payload.path("userErrors"), GraphqlErrors.OPERATION_IN_PROGRESS)) {
      return null;
    }
    throw new ShopifyRequestException(
        config.shop().domain(),
        calls.endpoint(),
        "Shopify accepted the bulk query for "
            + resource.path()
            + " but answered no operation id; please report it with this message.");
  }

  /** The operation's state now; null when Shopify knows no such operation of this app. */
  public @Nullable Operation poll(ShopifyResource resource, String operationId) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("id", operationId);
    GraphqlResponse response =
        calls.call(
            resource, GraphqlQuery.BULK_OPERATION, "node", variables, POLL_ESTIMATE, r -> {});
    JsonNode node = response.root("node");
    if (node == null || !node.path("status").isTextual()) {
      return null;
    }
    return new Operation(
        node.path("id").asText(),
        node.path("status").asText(),
        text(node.get("errorCode")),
        node.path("objectCount").asLong(0),
        text(node.get("url")),
        text(node.get("partialDataUrl")));
  }

  /** Asks Shopify to cancel the operation; an operation that ended meanwhile stays as it is. */
  public void cancel(ShopifyResource resource, String operationId) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("id", operationId);
    try {
      calls.call(
          resource,
          GraphqlQuery.BULK_CANCEL,
          "bulkOperationCancel",
          variables,
          MUTATION_ESTIMATE,
          r -> {});
    } catch (ShopifyRequestException ended) {
      // "cannot be canceled when it is completed": the next poll says what it became
    }
  }

  /**
   * The result file as a stream (the caller closes it). IOException when the download fails or the
   * URL has expired; the message never holds the URL (it is signed).
   */
  public InputStream open(String url) throws IOException {
    URI uri = URI.create(url);
    boolean loopback = LoopbackBaseUrl.isLoopbackUrl(uri);
    if (!"https".equals(uri.getScheme()) && !loopback) {
      throw new IOException("a bulk result URL must be https (or loopback in tests)");
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.readTimeout()).GET().build();
    try {
      HttpResponse<InputStream> response =
          download.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw new IOException(
            "the bulk result download answered HTTP "
                + response.statusCode()
                + (response.statusCode() == 403 ? " (its URL has probably expired)" : ""));
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while opening a bulk result", e);
    }
  }

  private static @Nullable String text(@Nullable JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }
}
