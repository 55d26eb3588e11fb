package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
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

  GraphqlBulk(ShopifyClientConfig config, GraphqlCalls calls) {
    this.config = config;
    this.calls = calls;
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
   * The result file as a stream (the caller closes it). IOException when the download fails, the
   * URL has expired, or no byte arrives for the read timeout, at the start or in the middle of the
   * body (a stalled download fails instead of hanging); the message names the endpoint, never the
   * URL (it is signed).
   *
   * <p>HttpURLConnection rather than java.net.http: its read timeout bounds every read of the body,
   * whereas HttpRequest.timeout only bounds the wait for the response headers.
   */
  public InputStream open(String url) throws IOException {
    URI uri = URI.create(url);
    boolean loopback = LoopbackBaseUrl.isLoopbackUrl(uri);
    if (!"https".equals(uri.getScheme()) && !loopback) {
      throw new IOException("a bulk result URL must be https (or loopback in tests)");
    }
    String endpoint = endpoint(url);
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(millis(config.connectTimeout()));
    connection.setReadTimeout(millis(config.readTimeout()));
    connection.setInstanceFollowRedirects(true);
    // Not kept alive: a download given up on mid-file must not leave its socket in the JVM's
    // connection cache, where the API client's next request could pick it up.
    connection.setRequestProperty("Connection", "close");
    try {
      int status = connection.getResponseCode();
      if (status != 200) {
        connection.disconnect();
        throw new IOException(
            endpoint
                + " answered HTTP "
                + status
                + (status == 403 ? " (its URL has probably expired)" : ""));
      }
      return new FilterInputStream(connection.getInputStream()) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            connection.disconnect();
          }
        }
      };
    } catch (SocketTimeoutException e) {
      connection.disconnect();
      throw new SocketTimeoutException(
          endpoint + " sent no response within " + config.readTimeout() + ": " + e.getMessage());
    }
  }

  /**
   * Scheme, host and port of a result URL: what a message may name (the path and query are signed).
   */
  public static String endpoint(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  private static int millis(java.time.Duration timeout) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }

  private static @Nullable String text(@Nullable JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }
}
