package courier.simulator;

/**
 * The switches tests flip at runtime (faults, latency, shop state, protected-data approval, the
 * deprecation header). Volatile fields: a change applies to the next request.
 */
final class SimSettings {
    volatile FaultConfig faults;
    volatile int latencyMs;
    volatile ShopState shopState;
    volatile boolean protectedCustomerDataApproved;
    volatile String deprecatedReason;

    SimSettings(FaultConfig faults, int latencyMs, ShopState shopState, boolean pcdApproved, String deprecatedReason) {
        this.faults = faults;
        this.latencyMs = latencyMs;
        this.shopState = shopState;
        this.protectedCustomerDataApproved = pcdApproved;
        this.deprecatedReason = deprecatedReason;
    }
}
