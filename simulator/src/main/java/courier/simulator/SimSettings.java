package courier.simulator;

import java.util.Objects;

/**
 * The switches tests flip at runtime (faults, latency, shop state, protected-data approval, the
 * deprecation header). Volatile fields: a change applies to the next request.
 */
final class SimSettings {
  private volatile FaultConfig faults;
  private volatile int latencyMs;
  private final boolean gzip;
  private volatile ShopState shopState;
  private volatile boolean protectedCustomerDataApproved;
  private volatile String deprecatedReason;

  SimSettings(
      FaultConfig faults,
      int latencyMs,
      boolean gzip,
      ShopState shopState,
      boolean protectedCustomerDataApproved,
      String deprecatedReason) {
    setFaults(faults);
    setLatencyMs(latencyMs);
    this.gzip = gzip;
    setShopState(shopState);
    this.protectedCustomerDataApproved = protectedCustomerDataApproved;
    this.deprecatedReason = deprecatedReason;
  }

  FaultConfig faults() {
    return faults;
  }

  void setFaults(FaultConfig faults) {
    this.faults = Objects.requireNonNull(faults, "faults");
  }

  int latencyMs() {
    return latencyMs;
  }

  void setLatencyMs(int latencyMs) {
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs must be >= 0");
    }
    this.latencyMs = latencyMs;
  }

  /** Whether API answers are gzipped for requests that accept gzip (fixed when built). */
  boolean gzip() {
    return gzip;
  }

  ShopState shopState() {
    return shopState;
  }

  void setShopState(ShopState shopState) {
    this.shopState = Objects.requireNonNull(shopState, "state");
  }

  boolean protectedCustomerDataApproved() {
    return protectedCustomerDataApproved;
  }

  void setProtectedCustomerDataApproved(boolean approved) {
    this.protectedCustomerDataApproved = approved;
  }

  /** The X-Shopify-API-Deprecated-Reason sent on products endpoints; null for none. */
  String deprecatedReason() {
    return deprecatedReason;
  }

  void setDeprecatedReason(String reason) {
    this.deprecatedReason = reason;
  }
}
