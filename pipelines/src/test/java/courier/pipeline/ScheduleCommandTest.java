package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code courier schedule}: the next runs of a group in its zone and UTC, each shop's window in its
 * own zone, and a shop whose midnight is not past at the run time shown as refused. Secrets are not
 * read: the file names a variable that is not set.
 */
class ScheduleCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheNextRunsAndEachShopsWindow() throws IOException {
    Path group = dir.resolve("nightly.yaml");
    Files.writeString(
        group,
        String.join(
            "\n",
            "name: nightly",
            "timeZone: Europe/Paris",
            "offset: P1D",
            "shops:",
            "  - shop: acme-eu",
            "    accessTokenEnv: COURIER_TEST_UNSET_TOKEN",
            "  - shop: acme-us",
            "    accessTokenEnv: COURIER_TEST_UNSET_TOKEN",
            "    timeZone: America/New_York",
            "    offset: P2D",
            ""),
        StandardCharsets.UTF_8);

    InProcessCourier.Outcome outcome =
        InProcessCourier.courier(
            "schedule",
            group.toString(),
            "--cron=30 6 * * *",
            "--count=2",
            "--after=2026-11-29T12:00:00Z");

    assertEquals(0, outcome.code(), outcome.all());
    String out = outcome.out();
    assertTrue(
        out.contains("group nightly · cron \"30 6 * * *\" in Europe/Paris · offset P1D"), out);
    assertTrue(
        out.contains(
            "Mon 2026-11-30 06:30 +01:00  = 2026-11-30T05:30:00Z  courier run --group="
                + group
                + " --runDate=2026-11-30"),
        out);
    assertTrue(
        out.contains(
            "acme-eu.myshopify.com  Europe/Paris offset P1D  [2026-11-28T23:00:00Z,"
                + " 2026-11-29T23:00:00Z)"),
        out);
    // New York's midnight of the run date is 05:00Z: past at 05:30Z, two days back.
    assertTrue(
        out.contains(
            "acme-us.myshopify.com  America/New_York offset P2D  [2026-11-28T05:00:00Z,"
                + " 2026-11-30T05:00:00Z)"),
        out);
    assertTrue(out.contains("--runDate=2026-12-01"), out);
  }

  @Test
  void aWindowNotOverAtTheRunTimeIsShownRefused() throws IOException {
    Path group = dir.resolve("late.yaml");
    Files.writeString(
        group,
        String.join(
            "\n",
            "name: late",
            "timeZone: Europe/Paris",
            "shops:",
            "  - shop: acme-us",
            "    accessTokenEnv: COURIER_TEST_UNSET_TOKEN",
            "    timeZone: America/New_York",
            ""),
        StandardCharsets.UTF_8);

    InProcessCourier.Outcome outcome =
        InProcessCourier.courier(
            "schedule", group.toString(), "--cron=30 0 * * *", "--after=2026-11-29T12:00:00Z");

    assertEquals(0, outcome.code(), outcome.all());
    // 00:30 in Paris is 18:30 the day before in New York: its midnight is hours away.
    assertTrue(
        outcome.out().contains("acme-us.myshopify.com  America/New_York offset P1D  REFUSED"),
        outcome.out());
    assertEquals(5, outcome.out().split("REFUSED", -1).length - 1, outcome.out());
  }

  @Test
  void aBadCronLineIsExitTwo() throws IOException {
    Path group = dir.resolve("g.yaml");
    Files.writeString(
        group, "name: g\nshops:\n  - shop: a\n    accessTokenEnv: X\n", StandardCharsets.UTF_8);

    InProcessCourier.Outcome outcome =
        InProcessCourier.courier("schedule", group.toString(), "--cron=30 25 * * *");

    assertEquals(2, outcome.code(), outcome.all());
    assertTrue(outcome.err().contains("the hour field '25'"), outcome.err());
  }
}
