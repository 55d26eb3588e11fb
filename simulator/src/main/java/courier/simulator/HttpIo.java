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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Low-level request/response plumbing for the JDK HTTP server. */
final class HttpIo {
  static final String JSON = "application/json; charset=utf-8";
  private static final int MAX_BODY = 1 << 20;
  private static final int BUFFER = 1 << 16;

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
    send(ex, status, body, false);
  }

  /** {@link #send}, gzipped when {@code gzip} (the length is then the compressed one's). */
  static void send(HttpExchange ex, int status, byte[] body, boolean gzip) throws IOException {
    byte[] sent = gzip ? gzipped(body) : body;
    headers(ex, gzip);
    ex.sendResponseHeaders(status, sent.length == 0 ? -1 : sent.length);
    if (sent.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(sent);
      }
    }
  }

  /**
   * Streams a body with chunked transfer encoding: a large page never exists as one string. Gzipped
   * as it is written when {@code gzip}, as Shopify sends its pages.
   */
  static void stream(HttpExchange ex, int status, Body body, boolean gzip) throws IOException {
    headers(ex, gzip);
    ex.sendResponseHeaders(status, 0);
    OutputStream raw = ex.getResponseBody();
    try (OutputStream os = gzip ? new FastGzip(raw) : new BufferedOutputStream(raw, BUFFER)) {
      body.writeTo(os);
    }
  }

  /**
   * Sends status and headers announcing the full length, then only the first half of the body (of
   * the gzipped body when {@code gzip}), then drops the connection: the client sees a 200 whose
   * JSON, or gzip stream, stops in the middle.
   */
  static void sendTruncated(HttpExchange ex, int status, Body body, boolean gzip)
      throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    body.writeTo(buf);
    byte[] all = gzip ? gzipped(buf.toByteArray()) : buf.toByteArray();
    headers(ex, gzip);
    ex.sendResponseHeaders(status, all.length);
    OutputStream os = ex.getResponseBody();
    os.write(all, 0, all.length / 2);
    os.flush();
    throw new AbortConnection();
  }

  /**
   * Whether the request's Accept-Encoding lists gzip (or {@code *}) with a non-zero q, as
   * google-http-client's {@code gzip} and curl's {@code --compressed} do.
   */
  static boolean acceptsGzip(HttpExchange ex) {
    for (String header : ex.getRequestHeaders().getOrDefault("Accept-Encoding", List.of())) {
      for (String coding : header.split(",")) {
        String[] parts = coding.split(";");
        String name = parts[0].trim().toLowerCase(Locale.ROOT);
        if ((name.equals("gzip") || name.equals("*")) && !refused(parts)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A coding's parameters say {@code q=0}: the client refuses it. */
  private static boolean refused(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("q=")) {
        try {
          return Double.parseDouble(parameter.substring(2)) == 0;
        } catch (NumberFormatException e) {
          return false;
        }
      }
    }
    return false;
  }

  private static void headers(HttpExchange ex, boolean gzip) {
    ex.getResponseHeaders().set("Content-Type", JSON);
    ex.getResponseHeaders().set("Vary", "Accept-Encoding");
    if (gzip) {
      ex.getResponseHeaders().set("Content-Encoding", "gzip");
    }
  }

  private static byte[] gzipped(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (OutputStream gzip = new FastGzip(out)) {
      gzip.write(body);
    }
    return out.toByteArray();
  }

  /**
   * Gzip at the fastest level: the simulator shares the machine's cores with the client it serves.
   * A 3 MB page of 250 orders deflates in 11.3 ms at level 1 against 26.4 ms at the default 6, and
   * the client inflates it in 4.7 and 3.1 ms (median of 41 rounds; README, issue 17's nineteenth
   * round).
   */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, BUFFER);
      def.setLevel(Deflater.BEST_SPEED);
    }
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
