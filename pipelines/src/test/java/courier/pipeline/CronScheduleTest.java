package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void dailyAtHalfPastMidnightInTheZone() {
    assertEquals(
        List.of("2026-11-30T00:30+01:00[Europe/Paris]", "2026-12-01T00:30+01:00[Europe/Paris]"),
        next("30 0 * * *", "2026-11-29T12:00+01:00[Europe/Paris]", 2));
  }

  @Test
  void rangesListsStepsAndNames() {
    // Weekdays at 06:00 and 18:00: Friday evening, then Monday morning.
    assertEquals(
        List.of(
            "2026-12-04T18:00+01:00[Europe/Paris]",
            "2026-12-07T06:00+01:00[Europe/Paris]",
            "2026-12-07T18:00+01:00[Europe/Paris]"),
        next("0 6,18 * * MON-FRI", "2026-12-04T07:00+01:00[Europe/Paris]", 3));
    assertEquals(
        List.of(
            "2026-12-04T07:15+01:00[Europe/Paris]",
            "2026-12-04T07:30+01:00[Europe/Paris]",
            "2026-12-04T07:45+01:00[Europe/Paris]",
            "2026-12-04T08:00+01:00[Europe/Paris]"),
        next("*/15 * * * *", "2026-12-04T07:00+01:00[Europe/Paris]", 4));
    // Sunday as 7, in a named month: the Sundays of January.
    assertEquals(
        List.of("2027-01-03T01:00+01:00[Europe/Paris]", "2027-01-10T01:00+01:00[Europe/Paris]"),
        next("0 1 * jan 7", "2026-12-04T07:00+01:00[Europe/Paris]", 2));
    // Both day fields restricted: either matches (the 1st, or a Monday).
    assertEquals(
        List.of("2026-12-01T00:00+01:00[Europe/Paris]", "2026-12-07T00:00+01:00[Europe/Paris]"),
        next("0 0 1 * 1", "2026-11-30T12:00+01:00[Europe/Paris]", 2));
    assertEquals(
        List.of("2028-02-29T00:00+01:00[Europe/Paris]"),
        next("0 0 29 2 *", "2026-12-04T07:00+01:00[Europe/Paris]", 1));
  }

  @Test
  void aTimeInTheSpringGapRunsAtItsEnd() {
    // 2027-03-28 02:30 does not exist in Paris (02:00 -> 03:00).
    assertEquals(
        List.of("2027-03-28T03:30+02:00[Europe/Paris]"),
        next("30 2 28 3 *", "2027-03-27T12:00+01:00[Europe/Paris]", 1));
  }

  @Test
  void badLinesSayWhichField() {
    assertTrue(message("30 0 * *").contains("needs five fields"));
    assertTrue(message("60 0 * * *").contains("the minute field '60'"));
    assertTrue(message("0 0 * FOO *").contains("the month field 'FOO'"));
    assertTrue(message("0 0 31 2 *").contains("never runs"));
    assertTrue(message("*/0 * * * *").contains("a step is at least 1"));
  }

  private static String message(String line) {
    return assertThrows(
            ConfigException.class,
            () -> CronSchedule.parse(line).next(ZonedDateTime.now(PARIS), PARIS))
        .getMessage();
  }

  private static List<String> next(String line, String after, int n) {
    CronSchedule cron = CronSchedule.parse(line);
    List<String> runs = new ArrayList<>();
    ZonedDateTime t = ZonedDateTime.parse(after);
    for (int i = 0; i < n; i++) {
      t = cron.next(t, PARIS);
      runs.add(t.toString());
    }
    return runs;
  }
}
