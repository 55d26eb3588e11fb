package courier.sink;

import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a run is: its id, the shop, the resources it fetched, the window [from, to) in UTC, the load
 * mode and when it started. Recorded in the run manifest and in {@code courier_runs}.
 *
 * <pre>{@code
 * RunInfo run = RunInfo.builder().runId(runId).shop("acme.myshopify.com")
 *     .resources(List.of("customers", "orders")).window(from, to).loadMode("incremental")
 *     .startedAt(startedAt).build();
 * }</pre>
 *
 * <p>A courier group's run ({@link #group}) reads several shops as one unit: one run id, one
 * commit. Its {@link #members} are the run of each shop (same id, the shop's own resources and
 * window, the group's name); the group's own shop, resources and window sum them up (shops
 * comma-separated, the union of the windows) for the manifest and the summary.
 *
 * @param group the courier group's name, or null for a run of one shop
 * @param members each shop's run of a group run (none for a run of one shop)
 */
public record RunInfo(
    String runId,
    String shop,
    List<String> resources,
    Instant windowFrom,
    Instant windowTo,
    String loadMode,
    Instant startedAt,
    @Nullable String group,
    List<RunInfo> members)
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
    members = members == null ? List.of() : List.copyOf(members);
    for (RunInfo member : members) {
      require(
          member.runId().equals(runId) && member.members().isEmpty(),
          "a group's members are runs of one shop with the group's run id");
    }
  }

  /** The run of each shop this run reads: itself, or a group's members. */
  public List<RunInfo> shops() {
    return members.isEmpty() ? List.of(this) : members;
  }

  /**
   * The run of a courier group over {@code members} (each built with {@link Builder#group}): the
   * shops comma-separated in their order, the union of their resources and windows.
   */
  public static RunInfo ofGroup(String group, List<RunInfo> members) {
    require(members != null && !members.isEmpty(), "a group reads at least one shop");
    RunInfo first = members.get(0);
    Instant from = first.windowFrom();
    Instant to = first.windowTo();
    Set<String> resources = new LinkedHashSet<>();
    for (RunInfo m : members) {
      from = m.windowFrom().isBefore(from) ? m.windowFrom() : from;
      to = m.windowTo().isAfter(to) ? m.windowTo() : to;
      resources.addAll(m.resources());
    }
    return new RunInfo(
        first.runId(),
        String.join(",", members.stream().map(RunInfo::shop).toList()),
        List.copyOf(resources),
        from,
        to,
        "group " + group,
        first.startedAt(),
        group,
        members);
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
    private String group;

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

    /** The courier group this run of one shop belongs to (see {@link RunInfo#ofGroup}). */
    public Builder group(String group) {
      this.group = group;
      return this;
    }

    public RunInfo build() {
      return new RunInfo(
          runId, shop, resources, windowFrom, windowTo, loadMode, startedAt, group, List.of());
    }
  }
}
