package courier.shopify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream-parses a list body such as {@code {"orders":[{...},{...}]}} one entity at a time, so a
 * page of 250 large orders is never held as one giant string or tree. A body that is cut short or
 * lacks the list is an IOException, which the client retries. Keys an entity repeats keep their
 * last value and are counted on the entity ({@link ShopifyJson#REPEATED_KEYS_FIELD}).
 */
final class EntityListReader {
  private EntityListReader() {}

  static List<ObjectNode> read(InputStream body, String listKey) throws IOException {
    List<ObjectNode> entities = null;
    RepeatedKeys repeatedKeys = new RepeatedKeys();
    try (JsonParser parser = ShopifyJson.mapper().getFactory().createParser(body)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, listKey);
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String field = parser.getCurrentName();
        JsonToken value = parser.nextToken();
        if (field.equals(listKey) && value == JsonToken.START_ARRAY) {
          entities = new ArrayList<>();
          for (JsonToken e = parser.nextToken(); e != JsonToken.END_ARRAY; e = parser.nextToken()) {
            expect(e, JsonToken.START_OBJECT, listKey);
            ObjectNode entity = (ObjectNode) repeatedKeys.reader().<JsonNode>readTree(parser);
            repeatedKeys.noteOn(entity);
            entities.add(entity);
          }
        } else {
          parser.skipChildren();
        }
      }
      expect(parser.currentToken(), JsonToken.END_OBJECT, listKey);
      if (parser.nextToken() != null) {
        throw new IOException("trailing content after the JSON object");
      }
    }
    if (entities == null) {
      throw new IOException("the body has no \"" + listKey + "\" list");
    }
    return entities;
  }

  private static void expect(JsonToken actual, JsonToken expected, String listKey)
      throws IOException {
    if (actual != expected) {
      throw new IOException(
          "malformed \"" + listKey + "\" list: expected " + expected + " but found " + actual);
    }
  }
}
