package courier.simulator;

/** The kinds of failure the simulator injects into API responses. */
public enum FaultKind {
  /** HTTP 500 Internal Server Error. */
  HTTP_500(500),
  /** HTTP 502 Bad Gateway. */
  HTTP_502(502),
  /** HTTP 503 Service Unavailable. */
  HTTP_503(503),
  /** HTTP 504 Gateway Timeout. */
  HTTP_504(504),
  /** The connection is closed before any response byte: the client sees an I/O error. */
  RESET(0),
  /** Status 200 and headers are sent, the body stops mid-JSON and the connection is closed. */
  TRUNCATE(0),
  /** The response is delayed by {@link FaultConfig#slowMs()} before it is served normally. */
  SLOW(0);

  private final int status;

  FaultKind(int status) {
    this.status = status;
  }

  /** The HTTP status for the server-error kinds, 0 for the others. */
  public int status() {
    return status;
  }
}
