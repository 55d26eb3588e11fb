package courier.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.IntFunction;

/** The response to one Admin API request: its headers, its counted status and its body. */
final class ApiResponse {
  private final HttpExchange exchange;
  private final Counters counters;
  private final boolean gzip;
  private boolean truncateBody;

  /**
   * {@code gzip}: the answer's body is gzipped (the request accepts it, the simulator sends it).
   */
  ApiResponse(HttpExchange exchange, Counters counters, boolean gzip) {
    this.exchange = exchange;
    this.counters = counters;
    this.gzip = gzip;
  }

  void header(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  /** The truncate fault: a 200 body will stop halfway and the connection drop. */
  void truncateBody() {
    truncateBody = true;
  }

  /** The server's own base URL, as Link headers carry it. */
  String baseUrl() {
    return SimHttpServer.baseUrl(exchange.getLocalAddress().getPort());
  }

  /** {@code {"errors": message}} with the status. */
  void sendErrors(int status, String message) throws IOException {
    send(status, Json.errors(message));
  }

  /** An empty body has nothing to compress, so it goes plain. */
  void send(int status, byte[] body) throws IOException {
    boolean zipped = gzip && body.length > 0;
    responded(status, zipped);
    HttpIo.send(exchange, status, body, zipped);
  }

  void sendOk(HttpIo.Body body) throws IOException {
    responded(200, gzip);
    if (truncateBody) {
      HttpIo.sendTruncated(exchange, 200, body, gzip);
    } else {
      HttpIo.stream(exchange, 200, body, gzip);
    }
  }

  private void responded(int status, boolean zipped) {
    counters.responded(status);
    if (zipped) {
      counters.gzipped();
    }
  }

  /**
   * Streams {@code {"root":[entity, ...]}}, rendering one item at a time; an item rendered as null
   * (deleted meanwhile) is left out. {@code fields} null means every key.
   */
  void sendList(String root, int[] items, IntFunction<ObjectNode> render, Set<String> fields)
      throws IOException {
    sendOk(out -> writeList(out, root, items, render, fields));
  }

  private static void writeList(
      OutputStream out,
      String root,
      int[] items,
      IntFunction<ObjectNode> render,
      Set<String> fields)
      throws IOException {
    // A Writer-based generator emits non-ASCII text (emoji included) as raw UTF-8, as Shopify does;
    // Jackson's byte generator would write characters outside the BMP as escaped surrogate pairs.
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    JsonGenerator generator = Json.MAPPER.getFactory().createGenerator(writer);
    generator.writeStartObject();
    generator.writeArrayFieldStart(root);
    for (int item : items) {
      ObjectNode entity = render.apply(item);
      if (entity != null) {
        Json.writeServed(generator, fields == null ? entity : Json.project(entity, fields));
      }
    }
    generator.writeEndArray();
    generator.writeEndObject();
    generator.flush();
  }

  /**
   * 500 and 503 come from Shopify's application and carry JSON; 502 and 504 come from the edge in
   * front of it and, as in production, are HTML: a client must not assume every body is JSON.
   */
  void sendServerError(int status) throws IOException {
    if (status == 502 || status == 504) {
      counters.responded(status);
      String title = status == 502 ? "502 Bad Gateway" : "504 Gateway Time-out";
      byte[] html =
          ("<html><head><title>"
                  + title
                  + "</title></head><body><h1>"
                  + title
                  + "</h1></body></html>")
              .getBytes(StandardCharsets.UTF_8);
      header("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(status, html.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(html);
      }
      return;
    }
    if (status == 503) {
      header("Retry-After", "1");
    }
    sendErrors(status, status == 503 ? "Service Unavailable" : "Internal Server Error");
  }
}
