package courier.pipeline;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the load-mode options into one {@link LoadWindow}. Exactly one mode applies: an explicit
 * window (--from [--to]), --load=all, --load=incremental, or the scheduler form (--runDate). Every
 * conflict or bad value is a {@link ConfigException} whose message shows the fix.
 */
public final class WindowPlanner {
  /** Start of --load=all: before Shopify existed, so "everything". */
  static final Instant BEGINNING = Instant.parse("2000-01-01T00:00:00Z");

  /** Where the end of the last successful window per domain table comes from (courier_runs). */
  public interface RunHistory {
    Optional<Instant> committedWindowEnd(String table);
  }

  private final Instant now;

  public WindowPlanner(Instant now) {
    this.now = now;
  }

  /**
   * Chooses the window. {@code tables} are the domain tables this run writes from windowed
   * resources (locations are read whole); {@code history} is only consulted for --load=incremental.
   */
  public LoadWindow plan(LoadWindowOptions o, List<String> tables, RunHistory history) {
    ZoneId zone = zone(o.getTimeZone());
    Duration safetyLag = duration("--safetyLag", o.getSafetyLag());
    Instant latest = seconds(now.minus(safetyLag));
    boolean explicit = o.getFrom() != null || o.getTo() != null;
    boolean scheduled = o.getRunDate() != null;
    boolean load = o.getLoad() != null;
    int modes = (explicit ? 1 : 0) + (scheduled ? 1 : 0) + (load ? 1 : 0);
    if (modes == 0) {
      throw new ConfigException(
          "choose what to load: --load=all, --load=incremental, --from=2026-01-01 [--to=2026-02-01], "
              + "or --runDate=2026-11-27 [--timeZone=Europe/Paris --offset=P1D]");
    }
    if (modes > 1) {
      throw new ConfigException(
          "choose one load mode: "
              + String.join(", ", given(explicit, scheduled, load))
              + " were given together. Use either --load, or --from/--to, or --runDate");
    }
    if (explicit) {
      return explicit(o, zone, latest);
    }
    if (scheduled) {
      return scheduled(o, zone, latest);
    }
    return switch (LoadMode.fromLoadOption(o.getLoad())) {
      case ALL -> new LoadWindow(BEGINNING, latest, LoadMode.ALL);
      case INCREMENTAL ->
          incremental(duration("--lookback", o.getLookback()), latest, tables, history);
      default -> throw new IllegalStateException("--load chooses all or incremental only");
    };
  }

  private LoadWindow explicit(LoadWindowOptions o, ZoneId zone, Instant latest) {
    if (o.getFrom() == null) {
      throw new ConfigException(
          "--to=" + o.getTo() + " needs a start: add --from=<ISO-8601 instant or date>");
    }
    Instant from = instant("--from", o.getFrom(), zone);
    Instant to = o.getTo() == null ? latest : instant("--to", o.getTo(), zone);
    if (!from.isBefore(to)) {
      throw new ConfigException(
          "--from="
              + o.getFrom()
              + " must be before --to="
              + (o.getTo() == null ? latest + " (now minus --safetyLag)" : o.getTo()));
    }
    // A window that ends in the future would be recorded as loaded up to that end, and the next
    // incremental run would skip whatever changes before it: clamp it to what can be read now.
    return new LoadWindow(from, to.isAfter(latest) ? latest : to, LoadMode.EXPLICIT);
  }

  private LoadWindow scheduled(LoadWindowOptions o, ZoneId zone, Instant latest) {
    LocalDate runDate;
    try {
      runDate = LocalDate.parse(o.getRunDate());
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          "--runDate="
              + o.getRunDate()
              + " is not a date: use YYYY-MM-DD, e.g. --runDate=2026-11-27");
    }
    return scheduled(runDate, zone, o.getOffset(), latest);
  }

  /**
   * The window of --runDate={@code runDate} in {@code zone}: [runDate 00:00 − offset, runDate
   * 00:00), refused when it ends after {@code latest} (now minus --safetyLag).
   */
  static LoadWindow scheduled(LocalDate runDate, ZoneId zone, String offset, Instant latest) {
    ZonedDateTime end = runDate.atStartOfDay(zone);
    ZonedDateTime start = minusOffset(end, offset);
    Instant to = end.toInstant();
    if (to.isAfter(latest)) {
      throw new ConfigException(
          "--runDate="
              + runDate
              + " ends at "
              + to
              + ", which is not yet past (now minus --safetyLag is "
              + latest
              + "): schedule the run after midnight of the run date in "
              + zone);
    }
    return new LoadWindow(
        start.toInstant(),
        to,
        LoadMode.SCHEDULED,
        "scheduled " + runDate + " " + zone + " offset " + offset);
  }

  private LoadWindow incremental(
      Duration lookback, Instant latest, List<String> tables, RunHistory history) {
    Instant from = null;
    List<String> never = new ArrayList<>();
    for (String table : tables) {
      Optional<Instant> end = history.committedWindowEnd(table);
      if (end.isEmpty()) {
        never.add(table);
      } else if (from == null || end.get().isBefore(from)) {
        from = end.get();
      }
    }
    if (!never.isEmpty()) {
      throw new ConfigException(
          "--load=incremental needs an earlier successful run that wrote each table, and none wrote "
              + String.join(", ", never)
              + " for this shop in this database: start with --load=all or a --from/--to "
              + "backfill (with the same --tables)");
    }
    if (from == null) {
      // Only unwindowed resources (locations): every run reads all of them anyway.
      return new LoadWindow(BEGINNING, latest, LoadMode.INCREMENTAL);
    }
    Instant start = from.minus(lookback);
    if (!start.isBefore(latest)) {
      throw new ConfigException(
          "nothing to load yet: the last successful window ended at "
              + from
              + " and now minus --safetyLag is "
              + latest);
    }
    return new LoadWindow(start, latest, LoadMode.INCREMENTAL);
  }

  private static ZonedDateTime minusOffset(ZonedDateTime end, String offset) {
    return end.minus(offset("--offset", offset));
  }

  /**
   * An offset: calendar periods (P1D) follow the zone's days across daylight-saving changes;
   * durations (PT6H) are exact.
   */
  static TemporalAmount offset(String option, String offset) {
    String text = offset == null ? "" : offset.trim().toUpperCase(Locale.ROOT);
    try {
      return text.contains("T") ? Duration.parse(text) : Period.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          option
              + "="
              + offset
              + " is not an ISO-8601 period or duration: use e.g. P1D, P7D or PT6H");
    }
  }

  static Instant instant(String option, String text, ZoneId zone) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(zone).toInstant();
      }
      if (!text.endsWith("Z") && !text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
        return seconds(LocalDateTime.parse(text).atZone(zone).toInstant());
      }
      return seconds(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeException e) {
      throw new ConfigException(
          option
              + "="
              + text
              + " is not an ISO-8601 instant or date: use e.g. 2026-01-01T00:00:00Z or 2026-01-01");
    }
  }

  static Duration duration(String option, String text) {
    try {
      Duration d = Duration.parse(text);
      if (d.isNegative()) {
        throw new ConfigException(option + "=" + text + " must not be negative");
      }
      return d;
    } catch (DateTimeParseException | NullPointerException e) {
      throw new ConfigException(
          option + "=" + text + " is not an ISO-8601 duration: use e.g. PT2M, PT1H or P1D");
    }
  }

  static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException | NullPointerException e) {
      throw new ConfigException(
          "--timeZone="
              + text
              + " is not an IANA time zone: use e.g. UTC, Europe/Paris, America/New_York");
    }
  }

  private static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }

  private static List<String> given(boolean explicit, boolean scheduled, boolean load) {
    List<String> names = new ArrayList<>();
    if (load) {
      names.add("--load");
    }
    if (explicit) {
      names.add("--from/--to");
    }
    if (scheduled) {
      names.add("--runDate");
    }
    return names;
  }
}
