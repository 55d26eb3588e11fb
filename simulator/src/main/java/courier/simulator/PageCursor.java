package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;

/**
 * An opaque {@code page_info} value: base64url of a small JSON with the endpoint it belongs to, the
 * first request's filters, the direction and the anchor id (the last id of the page before, or the
 * first id of the page after). A cursor is only accepted by the endpoint that issued it.
 */
record PageCursor(String endpoint, ListFilter filter, boolean next, long anchor) {

  String encode() {
    ObjectNode n = Json.object();
    n.put("e", endpoint);
    n.set("f", filter.toJson());
    n.put("d", next ? "n" : "p");
    n.put("a", anchor);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(n));
  }

  /**
   * @throws IllegalArgumentException when the value was not issued by this simulator for this
   *     endpoint
   */
  static PageCursor decode(String value, String endpoint) {
    try {
      JsonNode n = Json.parse(Base64.getUrlDecoder().decode(value.trim()));
      if (!endpoint.equals(n.path("e").asText())
          || !n.path("f").isObject()
          || !n.path("a").canConvertToLong()) {
        throw new IllegalArgumentException("page_info does not belong to " + endpoint);
      }
      String d = n.path("d").asText();
      if (!d.equals("n") && !d.equals("p")) {
        throw new IllegalArgumentException("bad direction");
      }
      return new PageCursor(
          endpoint, ListFilter.fromJson(n.get("f")), d.equals("n"), n.get("a").asLong());
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("undecodable page_info", e);
    }
  }
}
