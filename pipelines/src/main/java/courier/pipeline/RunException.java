package courier.pipeline;

/**
 * A failure the courier explains itself (what it was doing, against what), around the cause. {@link
 * Failures} shows its message rather than the innermost one; {@link ExitCode} still reads the cause
 * (an unreachable database is worth a retry, a refused password is not).
 */
final class RunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RunException(String message, Throwable cause) {
    super(message, cause);
  }
}
