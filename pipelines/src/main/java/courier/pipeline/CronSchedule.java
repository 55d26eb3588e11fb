package courier.pipeline;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A five-field cron line (minute hour day-of-month month day-of-week) as cron reads it: {@code *},
 * numbers, ranges {@code 1-5}, lists {@code 1,15}, steps {@code *}{@code /15} and {@code 0-30/10},
 * month and day names ({@code JAN}, {@code MON-FRI}), Sunday as 0 or 7. When both day fields are
 * restricted a day matching either runs (Vixie cron's rule). Times are wall-clock times of the
 * zone; one that a daylight-saving gap skips runs at the gap's end.
 */
final class CronSchedule {
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  /** Four years and a day: every five-field line that can run at all runs within it. */
  private static final long HORIZON_MINUTES = (4 * 366 + 1) * 24 * 60L;

  private final String line;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronSchedule(String line, String[] f) {
    this.line = line;
    minutes = field(f[0], "minute", 0, 59, List.of(), 0);
    hours = field(f[1], "hour", 0, 23, List.of(), 0);
    daysOfMonth = field(f[2], "day of month", 1, 31, List.of(), 0);
    months = field(f[3], "month", 1, 12, MONTHS, 1);
    daysOfWeek = field(f[4], "day of week", 0, 7, DAYS, 0);
    if (daysOfWeek.get(7)) {
      daysOfWeek.set(0);
    }
    anyDayOfMonth = f[2].startsWith("*");
    anyDayOfWeek = f[4].startsWith("*");
  }

  /** Parses a cron line; a bad one is a {@link ConfigException} saying which field and why. */
  static CronSchedule parse(String line) {
    String[] fields = line == null ? new String[0] : line.trim().split("\\s+");
    if (fields.length != 5) {
      throw new ConfigException(
          "--cron=\""
              + line
              + "\" needs five fields: minute hour day-of-month month day-of-week, e.g."
              + " --cron=\"30 0 * * *\" (00:30 every day)");
    }
    return new CronSchedule(line.trim(), fields);
  }

  /** The first time strictly after {@code after} that the line runs, in {@code zone}. */
  ZonedDateTime next(ZonedDateTime after, ZoneId zone) {
    LocalDateTime t =
        after
            .withZoneSameInstant(zone)
            .toLocalDateTime()
            .truncatedTo(ChronoUnit.MINUTES)
            .plusMinutes(1);
    LocalDateTime end = t.plusMinutes(HORIZON_MINUTES);
    while (t.isBefore(end)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay();
      } else if (!dayMatches(t)) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        ZonedDateTime run = t.atZone(zone);
        if (run.isAfter(after)) {
          return run;
        }
        t = t.plusMinutes(1);
      }
    }
    throw new ConfigException(
        "--cron=\"" + line + "\" never runs (no such day): check the day and month fields");
  }

  @Override
  public String toString() {
    return line;
  }

  private boolean dayMatches(LocalDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  private BitSet field(String text, String name, int min, int max, List<String> names, int first) {
    BitSet set = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      String[] stepped = part.split("/", -1);
      if (stepped.length > 2) {
        throw bad(name, text, "one '/' per item");
      }
      int step = stepped.length == 2 ? number(stepped[1], name, text, List.of(), 0) : 1;
      if (step < 1) {
        throw bad(name, text, "a step is at least 1");
      }
      String range = stepped[0];
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", -1);
        if (ends.length != 2) {
          throw bad(name, text, "a range is a-b");
        }
        from = number(ends[0], name, text, names, first);
        to = number(ends[1], name, text, names, first);
      } else {
        from = number(range, name, text, names, first);
        to = stepped.length == 2 ? max : from;
      }
      if (from < min || to > max || from > to) {
        throw bad(name, text, "values run from " + min + " to " + max + ", low to high");
      }
      for (int v = from; v <= to; v += step) {
        set.set(v);
      }
    }
    return set;
  }

  private int number(String text, String name, String field, List<String> names, int first) {
    int index = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (index >= 0) {
      return index + first;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw bad(
          name,
          field,
          "'"
              + text
              + "' is not a number"
              + (names.isEmpty() ? "" : " or one of " + String.join(", ", names)));
    }
  }

  private ConfigException bad(String name, String field, String why) {
    return new ConfigException(
        "--cron=\"" + line + "\": the " + name + " field '" + field + "' is not valid: " + why);
  }
}
