package courier.shopify;

/** What one attempt of a {@link ShopifyHttp} exchange came to. */
final class HttpAttempt<T> {
  enum Outcome {
    DONE,
    THROTTLED,
    UNAUTHORIZED,
    TRANSIENT
  }

  final Outcome outcome;
  final T value;
  final int status;
  final String problem;
  final String body;
  final Throwable cause;
  String token; // the token the request carried, for a renewal after 401

  private HttpAttempt(
      Outcome outcome, T value, int status, String problem, String body, Throwable cause) {
    this.outcome = outcome;
    this.value = value;
    this.status = status;
    this.problem = problem;
    this.body = body;
    this.cause = cause;
  }

  HttpAttempt<T> sentWith(String usedToken) {
    this.token = usedToken;
    return this;
  }

  static <T> HttpAttempt<T> done(T value) {
    return new HttpAttempt<>(Outcome.DONE, value, 200, null, null, null);
  }

  static <T> HttpAttempt<T> throttled(String body) {
    return new HttpAttempt<>(
        Outcome.THROTTLED, null, 429, "HTTP 429 " + ShopifyErrors.errorText(body), body, null);
  }

  static <T> HttpAttempt<T> throttledInBody(int status, String problem) {
    return new HttpAttempt<>(Outcome.THROTTLED, null, status, problem, null, null);
  }

  static <T> HttpAttempt<T> unauthorized(String body) {
    return new HttpAttempt<>(Outcome.UNAUTHORIZED, null, 401, "HTTP 401", body, null);
  }

  static <T> HttpAttempt<T> retryable(String problem, int status, Throwable cause) {
    return new HttpAttempt<>(Outcome.TRANSIENT, null, status, problem, null, cause);
  }
}
