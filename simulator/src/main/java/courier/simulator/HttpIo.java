package courier.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Low-level request/response plumbing for the JDK HTTP server. */
final class HttpIo {
  static final String JSON = "application/json; charset=utf-8";
  private static final int MAX_BODY = 1 << 20;

  private HttpIo() {}

  /** Produces a response body onto a stream. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Thrown to make the JDK server drop the connection without completing the response: its exchange
   * loop closes the socket on any exception from a handler. Used for the reset and truncate faults.
   */
  static final class AbortConnection extends RuntimeException {
    AbortConnection() {
      super("connection deliberately dropped by fault injection", null, false, false);
    }
  }

  /** Sends a small, fully built body with a Content-Length. */
  static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", JSON);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  /** Streams a body with chunked transfer encoding: a large page never exists as one string. */
  static void stream(HttpExchange ex, int status, Body body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", JSON);
    ex.sendResponseHeaders(status, 0);
    try (OutputStream os = new BufferedOutputStream(ex.getResponseBody(), 1 << 16)) {
      body.writeTo(os);
    }
  }

  /**
   * Sends status and headers announcing the full length, then only the first half of the body, then
   * drops the connection: the client sees a 200 whose JSON stops in the middle.
   */
  static void sendTruncated(HttpExchange ex, int status, Body body) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    body.writeTo(buf);
    byte[] all = buf.toByteArray();
    ex.getResponseHeaders().set("Content-Type", JSON);
    ex.sendResponseHeaders(status, all.length);
    OutputStream os = ex.getResponseBody();
    os.write(all, 0, all.length / 2);
    os.flush();
    throw new AbortConnection();
  }

  static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new IOException("request body too large");
      }
      return b;
    }
  }

  /**
   * Query or form parameters, percent-decoded ({@code +} is a space, as in any form encoding). When
   * a name repeats, the last value wins.
   */
  static Map<String, String> params(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.put(name, value);
    }
    return out;
  }

  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // A stray '%' is kept literally rather than failing the whole request.
      return s;
    }
  }

  /** Waits {@code ms} milliseconds (none when not positive); an interrupt ends the wait early. */
  static void pause(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
