package courier.shopify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A GraphQL response body, read by streaming: the top level's {@code data}, {@code errors} and
 * {@code extensions}, and the {@code nodes} of the root connection (a page of up to 250 entities)
 * one node at a time, so the body is never held as one string. A body that is not JSON, is cut
 * short or has trailing content is an IOException (retried like REST's).
 *
 * @param data {@code data} without the root connection's nodes; null when absent or null
 * @param nodes the root connection's nodes ({@code data.<root>.nodes}), empty when none
 */
record GraphqlResponse(
    @Nullable ObjectNode data,
    List<JsonNode> nodes,
    @Nullable JsonNode errors,
    @Nullable JsonNode extensions) {

  static GraphqlResponse read(InputStream body) throws IOException {
    ObjectNode data = null;
    List<JsonNode> nodes = new ArrayList<>();
    JsonNode errors = null;
    JsonNode extensions = null;
    try (JsonParser parser = ShopifyJson.mapper().getFactory().createParser(body)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT);
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("data") && value == JsonToken.START_OBJECT) {
          data = readData(parser, nodes);
        } else if (field.equals("errors")) {
          errors = ShopifyJson.mapper().readTree(parser);
        } else if (field.equals("extensions")) {
          extensions = ShopifyJson.mapper().readTree(parser);
        } else {
          parser.skipChildren();
        }
      }
      expect(parser.currentToken(), JsonToken.END_OBJECT);
      if (parser.nextToken() != null) {
        throw new IOException("trailing content after the JSON object");
      }
    }
    return new GraphqlResponse(data, nodes, errors, extensions);
  }

  /** {@code data}: each root field as a tree, but a root connection's nodes one by one. */
  private static ObjectNode readData(JsonParser parser, List<JsonNode> nodes) throws IOException {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
      String root = parser.currentName();
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        data.set(root, ShopifyJson.mapper().readTree(parser));
        continue;
      }
      ObjectNode rootObject = data.putObject(root);
      for (JsonToken f = parser.nextToken(); f == JsonToken.FIELD_NAME; f = parser.nextToken()) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("nodes") && value == JsonToken.START_ARRAY) {
          for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
            if (e == null) {
              throw new IOException("the body ends inside data." + root + ".nodes");
            }
            nodes.add(ShopifyJson.mapper().readTree(parser));
          }
        } else {
          rootObject.set(field, ShopifyJson.mapper().readTree(parser));
        }
      }
      expect(parser.currentToken(), JsonToken.END_OBJECT);
    }
    expect(parser.currentToken(), JsonToken.END_OBJECT);
    return data;
  }

  /** {@code data.<root>}, or null when the response has none (or it is null). */
  @Nullable JsonNode root(String field) {
    JsonNode root = data == null ? null : data.get(field);
    return root == null || root.isNull() ? null : root;
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException(
          "malformed GraphQL response: expected " + expected + " but found " + actual);
    }
  }
}
