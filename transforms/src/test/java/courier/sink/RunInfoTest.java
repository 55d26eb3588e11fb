package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** What a run must name before it starts, each refusal's message, and a group's summed-up run. */
class RunInfoTest {
  private static final String SHOP = "acme.myshopify.com";
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  @Test
  void eachMissingPartIsRefusedNamingIt() {
    assertRefused("RunInfo: runId is required", b -> b.runId(null));
    assertRefused("RunInfo: runId is required", b -> b.runId(" "));
    assertRefused("RunInfo: shop is required", b -> b.shop(null));
    assertRefused("RunInfo: shop is required", b -> b.shop(""));
    assertRefused("RunInfo: resources must name at least one resource", b -> b.resources(null));
    assertRefused(
        "RunInfo: resources must name at least one resource", b -> b.resources(List.of()));
    assertRefused("RunInfo: the window needs both from and to", b -> b.window(null, T0));
    assertRefused("RunInfo: the window needs both from and to", b -> b.window(T0, null));
    assertRefused(
        "RunInfo: the window must not end (2026-05-01T00:00:00Z) before it starts"
            + " (2026-05-01T00:00:01Z)",
        b -> b.window(T0.plusSeconds(1), T0));
    assertRefused("RunInfo: loadMode is required", b -> b.loadMode(null));
    assertRefused("RunInfo: loadMode is required", b -> b.loadMode("\t"));
    assertRefused("RunInfo: startedAt is required", b -> b.startedAt(null));
  }

  @Test
  void anEmptyWindowIsARunAndItsResourcesAreItsOwnCopy() {
    List<String> resources = new ArrayList<>(List.of("orders"));
    RunInfo run = TestRuns.builder("run-1", SHOP, T0).resources(resources).window(T0, T0).build();
    resources.add("customers");
    assertEquals(List.of("orders"), run.resources());
    assertEquals(T0, run.windowFrom());
    assertEquals(List.of(run), run.shops(), "a run of one shop reads itself");
    RunInfo withoutMembers =
        new RunInfo("run-1", SHOP, List.of("orders"), T0, T0, "window", T0, null, null);
    assertEquals(List.of(), withoutMembers.members());
  }

  @Test
  void aGroupSumsUpItsShopsRuns() {
    RunInfo eu = member("run-1", "eu.myshopify.com", List.of("orders"), 2, 1);
    RunInfo us = member("run-1", "us.myshopify.com", List.of("customers", "orders"), 3, 0);
    RunInfo ca = member("run-1", "ca.myshopify.com", List.of("orders"), 1, 2);

    RunInfo group = RunInfo.ofGroup("nightly", List.of(eu, us, ca));

    assertEquals("run-1", group.runId());
    assertEquals("eu.myshopify.com,us.myshopify.com,ca.myshopify.com", group.shop());
    assertEquals(List.of("orders", "customers"), group.resources());
    assertEquals(T0.minus(Duration.ofDays(3)), group.windowFrom(), "the earliest start");
    assertEquals(T0.plus(Duration.ofDays(2)), group.windowTo(), "the latest end");
    assertEquals("group nightly", group.loadMode());
    assertEquals("nightly", group.group());
    assertEquals(eu.startedAt(), group.startedAt());
    assertEquals(List.of(eu, us, ca), group.shops());
  }

  @Test
  void aGroupNeedsShopsOfItsOwnRunId() {
    RunInfo eu = member("run-1", "eu.myshopify.com", List.of("orders"), 1, 0);
    assertEquals(
        "RunInfo: a group reads at least one shop",
        assertThrows(IllegalArgumentException.class, () -> RunInfo.ofGroup("g", List.of()))
            .getMessage());
    assertEquals(
        "RunInfo: a group reads at least one shop",
        assertThrows(IllegalArgumentException.class, () -> RunInfo.ofGroup("g", null))
            .getMessage());
    String members = "RunInfo: a group's members are runs of one shop with the group's run id";
    RunInfo otherId = member("run-2", "us.myshopify.com", List.of("orders"), 1, 0);
    assertEquals(
        members,
        assertThrows(
                IllegalArgumentException.class, () -> RunInfo.ofGroup("g", List.of(eu, otherId)))
            .getMessage());
    RunInfo nested = RunInfo.ofGroup("inner", List.of(eu));
    assertEquals(
        members,
        assertThrows(IllegalArgumentException.class, () -> RunInfo.ofGroup("g", List.of(nested)))
            .getMessage());
  }

  private static void assertRefused(String message, UnaryOperator<RunInfo.Builder> change) {
    RunInfo.Builder builder = TestRuns.builder("run-1", SHOP, T0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> change.apply(builder).build());
    assertEquals(message, e.getMessage());
  }

  /** A group member whose window runs from {@code daysBefore} before T0 to {@code daysAfter}. */
  private static RunInfo member(
      String runId, String shop, List<String> resources, int daysBefore, int daysAfter) {
    return TestRuns.builder(runId, shop, T0)
        .resources(resources)
        .window(T0.minus(Duration.ofDays(daysBefore)), T0.plus(Duration.ofDays(daysAfter)))
        .group("nightly")
        .build();
  }
}
