package courier.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courier schedule FILE.yaml --cron="30 0 * * *"}: the next runs of a courier group on a
 * cron line, in the group's time zone and in UTC, and the window each shop would load with {@code
 * --runDate} set to the run's date in the group's zone; a window that would not yet be over at the
 * run time is shown as refused. Lets a person check a cron line, time zones and offsets before
 * trusting them. Reads no secret and makes no request.
 */
@Command(
    name = "schedule",
    description = {
      "Prints the next runs of a courier group on a cron line (in the group's time zone and UTC) "
          + "and the window each shop would load, run with --runDate=<the run's date in the "
          + "group's time zone>."
    },
    optionListHeading = "%nOptions:%n",
    customSynopsis =
        "courier schedule <group.yaml> --cron=\"<min> <hour> <day> <month> <weekday>\"")
final class ScheduleCommand implements Callable<Integer> {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm xxx", java.util.Locale.ROOT);

  private final PrintStream out;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "<group.yaml>", description = "The courier group file.")
  String groupFile;

  @Option(
      names = "--cron",
      required = true,
      description = "Five-field cron line, read in the group's time zone, e.g. \"30 0 * * *\".")
  String cron;

  @Option(
      names = "--count",
      defaultValue = "5",
      description = "How many runs to show (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--after",
      description =
          "Show the runs after this instant (ISO-8601, e.g. 2026-12-01T00:00:00Z); default now.")
  String after;

  @Option(
      names = "--safetyLag",
      defaultValue = "PT2M",
      description = "As courier run's --safetyLag (default ${DEFAULT-VALUE}).")
  String safetyLag;

  ScheduleCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    CourierGroup group = CourierGroup.read(groupFile, false);
    CronSchedule schedule = CronSchedule.parse(cron);
    if (count < 1 || count > 100) {
      throw new ConfigException("--count=" + count + " must be between 1 and 100");
    }
    Duration lag = WindowPlanner.duration("--safetyLag", safetyLag);
    ZoneId zone = WindowPlanner.zone(valueOr(group.timeZone(), "UTC"));
    Instant start =
        after == null ? Instant.now() : WindowPlanner.instant("--after", after, ZoneOffset.UTC);
    String offset = valueOr(group.offset(), "P1D");
    out.println(
        "group "
            + group.name()
            + " · cron \""
            + schedule
            + "\" in "
            + zone
            + " · offset "
            + offset
            + " · "
            + group.shops().size()
            + " shops");
    ZonedDateTime run = start.atZone(zone);
    for (int i = 0; i < count; i++) {
      run = schedule.next(run, zone);
      LocalDate runDate = run.toLocalDate();
      out.println();
      out.println(
          LOCAL.format(run)
              + "  = "
              + run.toInstant()
              + "  courier run --group="
              + groupFile
              + " --runDate="
              + runDate);
      for (CourierGroup.Shop shop : group.shops()) {
        ZoneId shopZone = WindowPlanner.zone(valueOr(shop.timeZone(), zone.getId()));
        String shopOffset = valueOr(shop.offset(), offset);
        String window;
        try {
          LoadWindow w =
              WindowPlanner.scheduled(runDate, shopZone, shopOffset, run.toInstant().minus(lag));
          window = "[" + w.from() + ", " + w.to() + ")";
        } catch (ConfigException refused) {
          window = "REFUSED at this time: " + refused.getMessage();
        }
        out.println(
            "  "
                + shop.shop().domain()
                + "  "
                + shopZone
                + " offset "
                + shopOffset
                + "  "
                + window);
      }
    }
    return ExitCode.SUCCESS.code();
  }

  private static String valueOr(String value, String fallback) {
    return value == null ? fallback : value;
  }
}
