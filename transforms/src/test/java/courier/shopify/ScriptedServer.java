package courier.shopify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A real HTTP server on loopback that answers from a script, for the exact response sequences (one
 * 429, then a 200...) that the client's retry and refusal handling must get right. The simulator
 * covers the realistic cases; this one covers the precise ones.
 */
final class ScriptedServer implements AutoCloseable {
  interface Response {
    void send(HttpExchange exchange) throws IOException;
  }

  /** What the client sent. */
  record Request(String method, String pathAndQuery, String token, String body) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Response fallback = json(500, "{\"errors\":\"script exhausted\"}");

  ScriptedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "scripted-server");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  ScriptedServer then(Response response) {
    script.add(response);
    return this;
  }

  ScriptedServer otherwise(Response response) {
    fallback = response;
    return this;
  }

  List<Request> requests() {
    return requests;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
            exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    Response next = script.poll();
    // A fresh connection per request: the JDK client silently resends a GET once when a reused
    // connection fails, which would hide the scripted resets from the client under test.
    exchange.getResponseHeaders().set("Connection", "close");
    try {
      (next != null ? next : fallback).send(exchange);
    } finally {
      exchange.close();
    }
  }

  static Response json(int status, String body) {
    return json(status, body, Map.of());
  }

  static Response json(int status, String body, Map<String, String> headers) {
    return exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      jsonHeaders(exchange);
      headers.forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    };
  }

  /**
   * The body without a length, in chunks as the server's writes make them, gzipped when asked:
   * Shopify's answers are chunked, and gzipped for a client that accepts gzip.
   */
  static Response chunked(int status, String body, boolean gzip) {
    return exchange -> {
      jsonHeaders(exchange);
      if (gzip) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      exchange.sendResponseHeaders(status, 0);
      OutputStream out = exchange.getResponseBody();
      try (OutputStream encoded = gzip ? new GZIPOutputStream(out) : out) {
        encoded.write(body.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  /** What every JSON answer of Shopify's carries: its type and the call limit. */
  private static void jsonHeaders(HttpExchange exchange) {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("X-Shopify-Shop-Api-Call-Limit", "1/40");
  }

  /** Announces the whole body, sends half of it, and drops the connection. */
  static Response truncated(String body) {
    return exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      OutputStream out = exchange.getResponseBody();
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      throw new IOException("dropped on purpose");
    };
  }

  /** Closes the connection without an answer. */
  static Response reset() {
    return exchange -> {
      throw new IOException("reset on purpose");
    };
  }

  /**
   * Never answers while the test runs: holds the exchange until the server is closed (or a minute
   * has passed), then drops it. A read timeout of any length expires first, however slow the
   * machine.
   */
  Response silentUntilClosed() {
    return exchange -> {
      try {
        closed.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("never answered, on purpose");
    };
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
