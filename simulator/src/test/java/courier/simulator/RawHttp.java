package courier.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One GET per fresh connection, read until the server closes it. Unlike java.net.http this shows
 * exactly what the server did: a dropped connection, a body shorter than its Content-Length, or a
 * complete response. (HttpClient retries some dropped connections by itself.)
 */
final class RawHttp {
  /** What came back: {@link #RESET}, {@link #TRUNCATED}, or the HTTP status code. */
  static final int RESET = -1;

  static final int TRUNCATED = -2;

  private RawHttp() {}

  static int get(int port, String pathAndQuery, String token) {
    try {
      return classify(exchange(port, pathAndQuery, token, ""));
    } catch (java.net.SocketException e) {
      return RESET;
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  /** The bytes after the headers of a GET sent with {@code Accept-Encoding: acceptEncoding}. */
  static byte[] body(int port, String pathAndQuery, String token, String acceptEncoding)
      throws IOException {
    byte[] all = exchange(port, pathAndQuery, token, "Accept-Encoding: " + acceptEncoding + "\r\n");
    int headerEnd = new String(all, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
    return Arrays.copyOfRange(all, headerEnd + 4, all.length);
  }

  /** Everything the server sent for one GET, until it closed the connection. */
  private static byte[] exchange(int port, String pathAndQuery, String token, String headers)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + pathAndQuery
                  + " HTTP/1.1\r\nHost: 127.0.0.1:"
                  + port
                  + "\r\n"
                  + "X-Shopify-Access-Token: "
                  + token
                  + "\r\n"
                  + headers
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return s.getInputStream().readAllBytes();
    }
  }

  private static int classify(byte[] all) {
    if (all.length == 0) {
      return RESET;
    }
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int headerEnd = text.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
      return TRUNCATED;
    }
    int status = Integer.parseInt(text.substring(9, 12));
    String headers = text.substring(0, headerEnd).toLowerCase(Locale.ROOT);
    int bodyLength = all.length - headerEnd - 4;
    int cl = headers.indexOf("content-length:");
    if (cl >= 0) {
      int eol = headers.indexOf("\r\n", cl);
      long expected =
          Long.parseLong(headers.substring(cl + 15, eol < 0 ? headers.length() : eol).trim());
      return bodyLength < expected ? TRUNCATED : status;
    }
    if (headers.contains("transfer-encoding: chunked")) {
      return text.endsWith("0\r\n\r\n") ? status : TRUNCATED;
    }
    return status;
  }
}
