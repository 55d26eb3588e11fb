package courier.simulator;

import java.io.IOException;

/**
 * Seeded fault injection: whether request number {@code seq} gets a fault is a function of the seed
 * and {@code seq} alone, so a rerun with the same request sequence sees the same faults.
 */
final class FaultInjector {
  private static final long FAULT_SALT = 0xFA017;

  private final long seed;
  private final SimSettings settings;
  private final Counters counters;

  FaultInjector(long seed, SimSettings settings, Counters counters) {
    this.seed = seed;
    this.settings = settings;
    this.counters = counters;
  }

  /**
   * Acts out the request's fault, if any: a reset drops the connection (by throwing), a slow one
   * waits, a truncated one marks the response; true when a server error was the whole answer.
   */
  boolean answeredWithFault(long seq, ApiResponse response) throws IOException {
    FaultConfig faults = settings.faults();
    FaultKind fault = faults.totalRate() > 0 ? faults.pick(Rng.unit(seed, FAULT_SALT, seq)) : null;
    if (fault == null) {
      return false;
    }
    counters.fault(fault);
    switch (fault) {
      case RESET:
        throw new HttpIo.AbortConnection();
      case SLOW:
        HttpIo.pause(faults.slowMs());
        return false;
      case TRUNCATE:
        response.truncateBody();
        return false;
      default:
        response.sendServerError(fault.status());
        return true;
    }
  }
}
