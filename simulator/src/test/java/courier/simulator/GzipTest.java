package courier.simulator;

import static courier.simulator.TestHttp.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API answers are gzipped as Shopify's are when the request accepts gzip: pages streamed (chunked)
 * and small answers alike, the same bytes once inflated; plain when the request does not ask, says
 * q=0, or the simulator is built without gzip.
 */
class GzipTest {
  private static ShopifySimulator sim;

  @BeforeAll
  static void start() {
    sim = shop(true);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static ShopifySimulator shop(boolean gzip) {
    return ShopifySimulator.builder()
        .seed(7)
        .customers(20)
        .orders(60)
        .products(5)
        .now(Instant.parse("2026-11-01T00:00:00Z"))
        .gzip(gzip)
        .build()
        .start();
  }

  private static HttpResponse<byte[]> get(
      ShopifySimulator shop, String pathAndQuery, String acceptEncoding) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(shop.baseUrl() + pathAndQuery))
            .timeout(TestHttp.REQUEST_TIMEOUT)
            .header("X-Shopify-Access-Token", shop.accessToken());
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return TestHttp.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  private static String encoding(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Encoding").orElse("(none)");
  }

  @Test
  void aPageIsStreamedGzippedAndInflatesToThePlainAnswer() throws IOException {
    String page = V + "orders.json?limit=50&status=any";
    long before = sim.counters().getGzippedResponses();
    HttpResponse<byte[]> zipped = get(sim, page, "gzip, deflate");
    HttpResponse<byte[]> plain = get(sim, page, null);

    assertEquals(200, zipped.statusCode());
    assertEquals("gzip", encoding(zipped));
    assertEquals("(none)", encoding(plain));
    // Streamed as pages are: chunked, no Content-Length announcing the compressed size.
    assertFalse(zipped.headers().firstValue("Content-Length").isPresent());
    assertArrayEquals(plain.body(), gunzip(zipped.body()));
    assertTrue(zipped.body().length * 3 < plain.body().length, "compressed");
    assertEquals(1, sim.counters().getGzippedResponses() - before);
  }

  @Test
  void countsAndErrorsAreGzippedTooErrorsWithTheirCompressedLength() throws IOException {
    HttpResponse<byte[]> count = get(sim, V + "orders/count.json?status=any", "gzip");
    HttpResponse<byte[]> missing = get(sim, V + "nothing_here.json", "gzip");

    assertEquals("gzip", encoding(count));
    assertTrue(new String(gunzip(count.body())).contains("\"count\""));
    assertEquals(404, missing.statusCode());
    assertEquals("gzip", encoding(missing));
    assertEquals(
        String.valueOf(missing.body().length),
        missing.headers().firstValue("Content-Length").orElse("(none)"));
    assertTrue(new String(gunzip(missing.body())).contains("errors"));
  }

  @Test
  void aRequestThatRefusesGzipOrDoesNotAskGetsPlainJson() {
    for (String accept : new String[] {null, "identity", "gzip;q=0", "br"}) {
      HttpResponse<byte[]> answer = get(sim, V + "orders.json?limit=5&status=any", accept);
      assertEquals("(none)", encoding(answer), "Accept-Encoding: " + accept);
      assertEquals('{', (char) answer.body()[0], "Accept-Encoding: " + accept);
    }
    assertEquals("gzip", encoding(get(sim, V + "orders.json?limit=5", "deflate, *;q=0.5")));
  }

  @Test
  void aSimulatorBuiltWithoutGzipAnswersPlain() {
    try (ShopifySimulator plain = shop(false)) {
      HttpResponse<byte[]> answer = get(plain, V + "orders.json?limit=5&status=any", "gzip");
      assertEquals("(none)", encoding(answer));
      assertEquals(0, plain.counters().getGzippedResponses());
    }
  }

  @Test
  void aTruncatedGzippedBodyFailsToInflate() throws IOException {
    try (ShopifySimulator faulty =
        ShopifySimulator.builder()
            .seed(7)
            .customers(5)
            .orders(20)
            .products(2)
            .now(Instant.parse("2026-11-01T00:00:00Z"))
            .faults(FaultConfig.builder().truncateRate(1.0).build())
            .build()
            .start()) {
      // The JDK client refuses a body shorter than its Content-Length, so read the raw socket.
      byte[] half =
          RawHttp.body(
              faulty.port(), V + "orders.json?limit=20&status=any", faulty.accessToken(), "gzip");
      assertEquals(0x1f, half[0] & 0xff, "a gzip stream's first byte");
      assertThrows(EOFException.class, () -> gunzip(half));
    }
  }
}
