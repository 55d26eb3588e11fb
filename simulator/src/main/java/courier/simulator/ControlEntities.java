package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code /_sim/{resource}/...}: the data routes of the control surface (see {@link
 * ControlHandler}).
 */
final class ControlEntities {
  private final DataControl data;

  ControlEntities(DataControl data) {
    this.data = data;
  }

  /** Serves {@code segments} = ["_sim", resource, ...]. */
  void handle(HttpExchange exchange, String method, String[] segments) throws IOException {
    Resource resource = Resource.fromPath(segments[1]);
    if (resource == null) {
      throw new NoSuchElementException("Not Found");
    }
    if (segments.length == 2) {
      if (method.equals("POST")) {
        JsonNode patch = ControlHandler.readObject(exchange);
        ObjectNode created = data.create(resource, entity -> Json.mergePatch(entity, patch));
        HttpIo.send(exchange, 201, Json.bytes(created));
      } else {
        ControlHandler.sendOk(exchange, ids(exchange, resource));
      }
    } else if (segments[2].equals("count")) {
      ObjectNode count = Json.object();
      count.put("count", data.count(resource));
      ControlHandler.sendOk(exchange, count);
    } else if (segments.length == 3) {
      ControlHandler.sendOk(exchange, entity(exchange, method, resource, parseId(segments[2])));
    } else {
      ControlHandler.sendOk(
          exchange, child(exchange, method, resource, parseId(segments[2]), segments));
    }
  }

  private ObjectNode ids(HttpExchange exchange, Resource resource) {
    Map<String, String> params = HttpIo.params(exchange.getRequestURI().getRawQuery());
    Instant from =
        params.containsKey("updated_from") ? Instant.parse(params.get("updated_from")) : null;
    Instant to = params.containsKey("updated_to") ? Instant.parse(params.get("updated_to")) : null;
    List<Long> ids = data.ids(resource, from, to);
    ObjectNode json = Json.object();
    ArrayNode array = json.putArray("ids");
    ids.forEach(array::add);
    json.put("count", ids.size());
    return json;
  }

  private ObjectNode entity(HttpExchange exchange, String method, Resource resource, long id)
      throws IOException {
    switch (method) {
      case "GET" -> {
        ObjectNode entity = data.entity(resource, id);
        if (entity == null) {
          throw noEntity(resource, id);
        }
        return entity;
      }
      case "PATCH", "POST" -> {
        JsonNode patch = ControlHandler.readObject(exchange);
        boolean inPlace =
            "true"
                .equals(
                    HttpIo.params(exchange.getRequestURI().getRawQuery()).get("keep_updated_at"));
        return inPlace
            ? data.updateInPlace(resource, id, entity -> Json.mergePatch(entity, patch))
            : data.update(resource, id, entity -> Json.mergePatch(entity, patch));
      }
      case "DELETE" -> {
        if (!data.delete(resource, id)) {
          throw noEntity(resource, id);
        }
        ObjectNode deleted = Json.object();
        deleted.put("deleted", id);
        return deleted;
      }
      default -> throw new IllegalArgumentException("method " + method + " not supported here");
    }
  }

  /** Tags, refunds, line items, addresses and variants below one entity. */
  private ObjectNode child(
      HttpExchange exchange, String method, Resource resource, long id, String[] segments)
      throws IOException {
    String sub = segments[3];
    boolean deletesOne = segments.length == 5 && method.equals("DELETE");
    if (sub.equals("tags")) {
      return deletesOne
          ? data.removeTag(resource, id, HttpIo.decode(segments[4]))
          : data.retag(resource, id, ControlHandler.readObject(exchange).path("tags").asText(""));
    }
    if (resource == Resource.ORDERS && sub.equals("refunds") && method.equals("POST")) {
      return data.addRefund(id);
    }
    if (resource == Resource.ORDERS && sub.equals("line_items") && deletesOne) {
      return data.removeLineItem(id, parseId(segments[4]));
    }
    if (resource == Resource.CUSTOMERS && sub.equals("addresses")) {
      return deletesOne
          ? data.removeAddress(id, parseId(segments[4]))
          : list("addresses", data.children(resource, id, "addresses"));
    }
    if (resource == Resource.PRODUCTS && sub.equals("variants")) {
      return list("variants", data.children(resource, id, "variants"));
    }
    throw new NoSuchElementException("Not Found");
  }

  private static NoSuchElementException noEntity(Resource resource, long id) {
    return new NoSuchElementException("no " + resource.path() + " entity with id " + id);
  }

  private static ObjectNode list(String key, List<ObjectNode> items) {
    ObjectNode json = Json.object();
    ArrayNode array = json.putArray(key);
    items.forEach(array::add);
    return json;
  }

  private static long parseId(String segment) {
    try {
      return Long.parseLong(segment);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not an id: " + segment);
    }
  }
}
