package courier.shopify;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.UrlEncodedContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;

/**
 * One Shopify HTTP exchange with everything around it: the access token header, the rate governor,
 * retries and the translation of refusals into {@link ShopifyException}s.
 *
 * <ul>
 *   <li>429: wait for Retry-After (through the governor, so every thread waits), then retry. A 2xx
 *       body its reader finds throttled (GraphQL's THROTTLED) is retried the same way, the {@link
 *       Pacer} waiting for the bucket to refill.
 *   <li>5xx, 430, I/O errors (resets, timeouts) and 2xx bodies that are truncated or unparsable:
 *       retry after a capped, jittered exponential backoff, {@code maxAttempts} attempts in all,
 *       then {@link ShopifyRetriesExhaustedException}.
 *   <li>401: renew the token once (if the credentials allow), else stop.
 *   <li>402, 403, 404, 423: {@link ShopifyAccessException}; other 4xx: {@link
 *       ShopifyRequestException} with the body.
 * </ul>
 *
 * Redirects are never followed, so the token is only ever sent to the configured origin.
 */
final class ShopifyHttp {
  static final String TOKEN_HEADER = "X-Shopify-Access-Token";

  /**
   * 429s are waited out, not counted as failures; this many in a row for one request is hopeless.
   */
  static final int MAX_THROTTLED_ATTEMPTS = 100;

  private static final int ERROR_BODY_LIMIT = 4096;
  private static final String USER_AGENT = "shopify-courier/0.1";

  /**
   * Reads a 2xx body; an IOException (truncated, unparsable) makes the attempt a transient failure,
   * a {@link ThrottledInBody} a throttled one (waited out, not counted as a failure) and a {@link
   * ShopifyException} ends the request with that exception.
   */
  interface BodyReader<T> {
    T read(InputStream body, HttpHeaders headers) throws IOException;
  }

  /**
   * Holds a request back until it may be sent (GraphQL: until the cost bucket holds its cost);
   * called before every attempt, retries included.
   */
  interface Pacer {
    /** Blocks until the request may go; returns how long it waited, in milliseconds. */
    long awaitTurn() throws InterruptedException;
  }

  /**
   * A 2xx body that says the request was throttled (GraphQL's THROTTLED error): like a 429, waited
   * out by the {@link Pacer} and retried without using up the retry budget.
   */
  static final class ThrottledInBody extends IOException {
    private static final long serialVersionUID = 1L;

    ThrottledInBody(String message) {
      super(message);
    }
  }

  private final ShopifyClientConfig config;
  private final HttpRequestFactory requests;
  private final AccessTokenSource tokens; // null: unauthenticated (the token exchange itself)
  private final ShopifyRateGovernor governor; // null: not paced (the token exchange)
  private final RequestObserver observer;
  private final Ticker ticker;

  ShopifyHttp(
      ShopifyClientConfig config,
      HttpTransport transport,
      AccessTokenSource tokens,
      ShopifyRateGovernor governor,
      RequestObserver observer,
      Ticker ticker) {
    WireLogging.keepSecretsOut();
    this.config = config;
    this.requests = transport.createRequestFactory();
    this.tokens = tokens;
    this.governor = governor;
    this.observer = observer;
    this.ticker = ticker;
  }

  /** GET {@code pathAndQuery}; a 404 means the shop is unknown. */
  <T> T get(ShopifyResource resource, String pathAndQuery, BodyReader<T> reader) {
    return execute("GET", resource, pathAndQuery, null, reader, false, null);
  }

  /** GET of a sub-resource that may have been deleted meanwhile: null on 404. */
  <T> T getUnlessGone(ShopifyResource resource, String pathAndQuery, BodyReader<T> reader) {
    return execute("GET", resource, pathAndQuery, null, reader, true, null);
  }

  /** POST of a form (the client-credentials exchange). */
  <T> T postForm(String path, Map<String, String> form, BodyReader<T> reader) {
    return execute("POST", null, path, new UrlEncodedContent(form), reader, false, null);
  }

  /**
   * POST of a JSON document (a GraphQL request), each attempt held back by {@code pacer} (this
   * client's rate governor, if any, is not used: GraphQL has its own bucket).
   */
  <T> T postJson(
      ShopifyResource resource, String path, byte[] json, Pacer pacer, BodyReader<T> reader) {
    return execute(
        "POST",
        resource,
        path,
        new ByteArrayContent("application/json", json),
        reader,
        false,
        pacer);
  }

  private <T> T execute(
      String method,
      ShopifyResource resource,
      String endpoint,
      HttpContent content,
      BodyReader<T> reader,
      boolean notFoundIsNull,
      Pacer pacer) {
    int failures = 0;
    int throttles = 0;
    boolean tokenRenewed = false;
    while (true) {
      HttpAttempt<T> attempt;
      try {
        if (pacer != null) {
          observer.waited(resource, pacer.awaitTurn());
        }
        attempt = attempt(method, resource, endpoint, content, reader, notFoundIsNull);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShopifyException(
            shop(),
            endpoint,
            ShopifyException.NO_STATUS,
            "interrupted before sending " + method + " " + endpoint,
            e);
      }
      switch (attempt.outcome) {
        case DONE:
          return attempt.value;
        case THROTTLED:
          observer.throttled(resource);
          if (++throttles >= MAX_THROTTLED_ATTEMPTS) {
            throw exhausted(method, endpoint, attempt, failures + throttles);
          }
          break; // the governor (or pacer) holds the next attempt back
        case UNAUTHORIZED:
          if (tokenRenewed || tokens == null || !tokens.renewAfterRejection(attempt.token)) {
            throw ShopifyErrors.refusal(
                shop(), method, endpoint, 401, attempt.body, resource, credentialsText());
          }
          tokenRenewed = true;
          break;
        case TRANSIENT:
          if (++failures >= config.maxAttempts()) {
            throw exhausted(method, endpoint, attempt, failures + throttles);
          }
          observer.retried(resource);
          sleepBackoff(resource, failures, endpoint);
          break;
        default:
          throw new IllegalStateException(attempt.outcome.name());
      }
    }
  }

  private <T> HttpAttempt<T> attempt(
      String method,
      ShopifyResource resource,
      String pathAndQuery,
      HttpContent content,
      BodyReader<T> reader,
      boolean notFoundIsNull)
      throws InterruptedException {
    ShopifyRateGovernor.Permit permit = governor == null ? null : governor.acquire();
    try {
      if (permit != null) {
        observer.waited(resource, permit.waitedMillis());
      }
      // Taken after the governor's wait, which can be long, so the token is current when sent.
      String token = tokens == null ? null : tokens.token();
      HttpRequest request;
      try {
        request =
            requests.buildRequest(method, new GenericUrl(config.baseUrl() + pathAndQuery), content);
      } catch (IOException e) {
        return HttpAttempt.retryable(
            "cannot build the request (" + describe(e) + ")", ShopifyException.NO_STATUS, e);
      }
      configure(request, token);
      observer.requestSent(resource);
      HttpResponse response;
      try {
        response = request.execute();
      } catch (IOException e) {
        return HttpAttempt.retryable(describe(e), ShopifyException.NO_STATUS, e);
      }
      try {
        return interpret(response, permit, pathAndQuery, reader, notFoundIsNull, resource)
            .sentWith(token);
      } finally {
        try {
          response.ignore(); // drains and closes, so the connection can be reused
        } catch (IOException ignored) {
          // the connection is simply not reused
        }
      }
    } finally {
      if (permit != null) {
        permit.close();
      }
    }
  }

  private <T> HttpAttempt<T> interpret(
      HttpResponse response,
      ShopifyRateGovernor.Permit permit,
      String pathAndQuery,
      BodyReader<T> reader,
      boolean notFoundIsNull,
      ShopifyResource resource) {
    int status = response.getStatusCode();
    HttpHeaders headers = response.getHeaders();
    if (permit != null) {
      permit.answered(CallLimit.parse(headers.getFirstHeaderStringValue(CallLimit.HEADER)));
    }
    ApiNotices.check(shop(), config.apiVersion(), pathAndQuery, headers);
    if (status >= 200 && status < 300) {
      try (InputStream body = body(response)) {
        return HttpAttempt.done(reader.read(body, headers));
      } catch (ThrottledInBody e) {
        return HttpAttempt.throttledInBody(status, e.getMessage());
      } catch (ShopifyException e) {
        throw e; // the reader found a refusal in the body: final, as the reader decided
      } catch (IOException | RuntimeException e) {
        // Truncated or unparsable (readers turn malformed content into IOException; anything else
        // is kept as the cause): the next attempt will most likely get a whole body.
        return HttpAttempt.retryable(
            "unreadable " + status + " body (" + describe(e) + ")", status, e);
      }
    }
    String body = errorBody(response);
    if (status == 429) {
      Duration retryAfter = retryAfter(headers);
      if (permit != null) {
        permit.throttled(retryAfter);
      } else {
        sleepQuietly(retryAfter);
      }
      return HttpAttempt.throttled(body);
    }
    if (status >= 500 || status == 430) {
      return HttpAttempt.retryable(
          "HTTP " + status + " " + ShopifyErrors.errorText(body), status, null);
    }
    if (status == 401) {
      return HttpAttempt.unauthorized(body);
    }
    if (status == 404 && notFoundIsNull) {
      return HttpAttempt.done(null);
    }
    throw ShopifyErrors.refusal(
        shop(),
        response.getRequest().getRequestMethod(),
        pathAndQuery,
        status,
        body,
        resource,
        credentialsText());
  }

  private void configure(HttpRequest request, String token) {
    request.setConnectTimeout((int) config.connectTimeout().toMillis());
    request.setReadTimeout((int) config.readTimeout().toMillis());
    request.setThrowExceptionOnExecuteError(false);
    request.setFollowRedirects(false);
    request.setNumberOfRetries(0);
    request.setLoggingEnabled(false); // request logging would print headers, token included
    request.setCurlLoggingEnabled(false);
    request.setSuppressUserAgentSuffix(true);
    request.setResponseReturnRawInputStream(true); // see body()
    HttpHeaders headers = request.getHeaders();
    headers.setAccept("application/json");
    headers.setUserAgent(USER_AGENT);
    if (token != null) {
      headers.set(TOKEN_HEADER, token);
    }
  }

  private void sleepBackoff(ShopifyResource resource, int failures, String endpoint) {
    long nanos =
        backoffNanos(
            failures,
            config.initialBackoff(),
            config.maxBackoff(),
            ThreadLocalRandom.current().nextDouble());
    try {
      ticker.sleepNanos(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ShopifyException(
          shop(), endpoint, ShopifyException.NO_STATUS, "interrupted while backing off", e);
    }
    observer.waited(resource, nanos / 1_000_000);
  }

  /**
   * Backoff before retry number {@code failures} (1-based): initial × 2^(failures−1), capped at
   * max, then scaled by a jitter factor in [0.5, 1) so workers that failed together spread out.
   */
  static long backoffNanos(int failures, Duration initial, Duration max, double random01) {
    double exponential = initial.toNanos() * Math.pow(2, Math.min(failures - 1, 30));
    double capped = Math.min(exponential, max.toNanos());
    return (long) (capped * (0.5 + 0.5 * random01));
  }

  /**
   * Retry-After in seconds (Shopify sends e.g. "2.0"), clamped to [0, 1 h]; 1 s when absent or
   * unreadable ("NaN" and "Infinity" included, which Double.parseDouble would accept).
   */
  static Duration retryAfter(HttpHeaders headers) {
    String value = headers.getFirstHeaderStringValue("Retry-After");
    try {
      double seconds = value == null ? 1.0 : Double.parseDouble(value.trim());
      if (!Double.isFinite(seconds)) {
        return Duration.ofSeconds(1);
      }
      return Duration.ofMillis((long) (Math.max(0, Math.min(seconds, 3600)) * 1000));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  /**
   * The response's body as sent, gunzipped when it says gzip (the client asks for gzip, as
   * google-http-client does by default). The body is read raw, not through the BufferedInputStream
   * google-http-client would wrap it in: that one calls {@code available()} after every short read,
   * and the JDK's chunked stream answers by copying all the socket holds into a buffer it
   * reallocates as it grows. A 3 MB page of 250 orders allocated 64 MB that way against 17 MB raw,
   * mostly in arrays big enough to be humongous for G1: 108 of a DirectRunner run's 231 collections
   * (README, eighteenth round).
   */
  private static InputStream body(HttpResponse response) throws IOException {
    InputStream raw = response.getContent();
    if (raw == null) {
      return InputStream.nullInputStream();
    }
    String encoding = response.getContentEncoding();
    if (encoding != null) {
      String coding = encoding.trim().toLowerCase(Locale.ROOT);
      if (coding.equals("gzip") || coding.equals("x-gzip")) {
        return new GZIPInputStream(raw, 8192);
      }
    }
    return raw;
  }

  private static String errorBody(HttpResponse response) {
    try (InputStream in = body(response)) {
      byte[] bytes = in.readNBytes(ERROR_BODY_LIMIT);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(body unreadable: " + describe(e) + ")";
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof SocketTimeoutException) {
      return "timeout: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private ShopifyRetriesExhaustedException exhausted(
      String method, String endpoint, HttpAttempt<?> last, int attempts) {
    return new ShopifyRetriesExhaustedException(
        shop(), method, endpoint, last.status, attempts, last.problem, last.cause);
  }

  private void sleepQuietly(Duration d) {
    try {
      ticker.sleepNanos(d.toNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String shop() {
    return config.shop().domain();
  }

  private String credentialsText() {
    return tokens != null ? tokens.describe() : String.valueOf(config.credentials());
  }
}
