package courier.sink;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What a run is: its id, the shop, the resources it fetched, the window [from, to) in UTC, the load
 * mode and when it started. Recorded in the run manifest and in {@code courier_runs}.
 *
 * <pre>{@code
 * RunInfo run = RunInfo.builder().runId(runId).shop("acme.myshopify.com")
 *     .resources(List.of("customers", "orders")).window(from, to).loadMode("incremental")
 *     .startedAt(startedAt).build();
 * }</pre>
 */
public record RunInfo(
    String runId,
    String shop,
    List<String> resources,
    Instant windowFrom,
    Instant windowTo,
    String loadMode,
    Instant startedAt)
    implements Serializable {

  public RunInfo {
    require(runId != null && !runId.isBlank(), "runId is required");
    require(shop != null && !shop.isBlank(), "shop is required");
    require(resources != null && !resources.isEmpty(), "resources must name at least one resource");
    require(windowFrom != null && windowTo != null, "the window needs both from and to");
    require(
        !windowFrom.isAfter(windowTo),
        "the window must not end (" + windowTo + ") before it starts (" + windowFrom + ")");
    require(loadMode != null && !loadMode.isBlank(), "loadMode is required");
    require(startedAt != null, "startedAt is required");
    resources = List.copyOf(resources);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException("RunInfo: " + message);
    }
  }

  /** Names the arguments a positional constructor would leave easy to swap. */
  public static final class Builder {
    private String runId;
    private String shop;
    private List<String> resources;
    private Instant windowFrom;
    private Instant windowTo;
    private String loadMode;
    private Instant startedAt;

    private Builder() {}

    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    public Builder shop(String shop) {
      this.shop = shop;
      return this;
    }

    public Builder resources(List<String> resources) {
      this.resources = resources;
      return this;
    }

    /** The half-open window [from, to) of updated_at the run fetched. */
    public Builder window(Instant from, Instant to) {
      this.windowFrom = from;
      this.windowTo = to;
      return this;
    }

    public Builder loadMode(String loadMode) {
      this.loadMode = loadMode;
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = startedAt;
      return this;
    }

    public RunInfo build() {
      return new RunInfo(runId, shop, resources, windowFrom, windowTo, loadMode, startedAt);
    }
  }
}
