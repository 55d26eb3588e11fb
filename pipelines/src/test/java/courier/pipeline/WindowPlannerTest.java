package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class WindowPlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:15:30.250Z");
  private static final List<String> TABLES = List.of("customer", "order", "order_line");
  private static final WindowPlanner.RunHistory NO_HISTORY = table -> Optional.empty();

  private static LoadWindow plan(WindowPlanner.RunHistory history, String... args) {
    CourierOptions o = PipelineOptionsFactory.fromArgs(args).as(CourierOptions.class);
    return new WindowPlanner(NOW).plan(o, TABLES, history);
  }

  private static ConfigException fails(String... args) {
    return assertThrows(ConfigException.class, () -> plan(NO_HISTORY, args));
  }

  @Test
  void allReadsEverythingUpToNowMinusTheSafetyLagOnWholeSeconds() {
    LoadWindow w = plan(NO_HISTORY, "--load=all");
    assertEquals(WindowPlanner.BEGINNING, w.from());
    assertEquals(Instant.parse("2026-11-28T10:13:30Z"), w.to());
  }

  @Test
  void explicitWindowAcceptsInstantsDatesInTheTimeZoneAndLocalTimes() {
    LoadWindow w = plan(NO_HISTORY, "--from=2026-01-01", "--to=2026-02-01T12:00:00+01:00");
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), w.from());
    assertEquals(Instant.parse("2026-02-01T11:00:00Z"), w.to());
    LoadWindow paris =
        plan(
            NO_HISTORY, "--from=2026-01-01", "--to=2026-01-02T06:00:00", "--timeZone=Europe/Paris");
    assertEquals(Instant.parse("2025-12-31T23:00:00Z"), paris.from());
    assertEquals(Instant.parse("2026-01-02T05:00:00Z"), paris.to());
  }

  @Test
  void explicitWindowWithoutToEndsAtNowMinusLagAndAFutureEndIsClamped() {
    assertEquals(Instant.parse("2026-11-28T10:13:30Z"), plan(NO_HISTORY, "--from=2026-11-01").to());
    assertEquals(
        Instant.parse("2026-11-28T10:15:30Z"),
        plan(NO_HISTORY, "--from=2026-11-01", "--to=2027-01-01", "--safetyLag=PT0S").to());
  }

  @Test
  void scheduledWindowIsTheDayBeforeRunDateInTheZoneAcrossDaylightSaving() {
    // 2026-03-29 is the day Paris moves to summer time: that calendar day has 23 hours.
    LoadWindow w = plan(NO_HISTORY, "--runDate=2026-03-30", "--timeZone=Europe/Paris");
    assertEquals(Instant.parse("2026-03-28T23:00:00Z"), w.from());
    assertEquals(Instant.parse("2026-03-29T22:00:00Z"), w.to());
    LoadWindow sixHours = plan(NO_HISTORY, "--runDate=2026-11-28", "--offset=PT6H");
    assertEquals(Instant.parse("2026-11-27T18:00:00Z"), sixHours.from());
    assertEquals(Instant.parse("2026-11-28T00:00:00Z"), sixHours.to());
  }

  @Test
  void incrementalStartsAtTheEarliestLastEndMinusLookback() {
    Map<String, Instant> ends =
        Map.of(
            "customer", Instant.parse("2026-11-27T00:00:00Z"),
            "order", Instant.parse("2026-11-27T00:00:00Z"),
            "order_line", Instant.parse("2026-11-26T00:00:00Z")); // e.g. a later --tables=order run
    LoadWindow w =
        plan(r -> Optional.ofNullable(ends.get(r)), "--load=incremental", "--lookback=PT30M");
    assertEquals(Instant.parse("2026-11-25T23:30:00Z"), w.from());
    assertEquals(Instant.parse("2026-11-28T10:13:30Z"), w.to());
  }

  @Test
  void incrementalWithoutHistorySaysHowToStart() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> plan(NO_HISTORY, "--load=incremental"));
    assertTrue(e.getMessage().contains("start with --load=all"), e.getMessage());
    assertTrue(e.getMessage().contains("none wrote customer, order, order_line"), e.getMessage());
  }

  @Test
  void conflictingOrMissingOptionsFailWithTheFix() {
    assertTrue(fails().getMessage().contains("choose what to load"));
    assertTrue(
        fails("--load=all", "--from=2026-01-01")
            .getMessage()
            .contains("--load, --from/--to were given together"));
    assertTrue(
        fails("--runDate=2026-11-27", "--load=incremental")
            .getMessage()
            .contains("choose one load mode"));
    assertTrue(
        fails("--from=2026-02-01", "--to=2026-01-01")
            .getMessage()
            .contains("must be before --to=2026-01-01"));
    assertTrue(fails("--to=2026-01-01").getMessage().contains("needs a start"));
    assertTrue(
        fails("--load=everything").getMessage().contains("use --load=all or --load=incremental"));
    assertTrue(
        fails("--from=yesterday").getMessage().contains("is not an ISO-8601 instant or date"));
    assertTrue(
        fails("--runDate=2026-11-27", "--timeZone=Mars/Olympus")
            .getMessage()
            .contains("IANA time zone"));
    assertTrue(fails("--runDate=27/11/2026").getMessage().contains("use YYYY-MM-DD"));
    assertTrue(fails("--runDate=2026-11-27", "--offset=1 day").getMessage().contains("P1D"));
    assertTrue(fails("--load=all", "--safetyLag=2m").getMessage().contains("ISO-8601 duration"));
    assertTrue(fails("--runDate=2026-11-29").getMessage().contains("not yet past"));
  }
}
