package courier.shopify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-read form must agree with the JDK's ISO_OFFSET_DATE_TIME on every text. */
class IsoTimestampsTest {
  @Test
  void shopifysFormsReadAsTheJdkReadsThem() {
    for (String text :
        List.of(
            "2008-01-10T11:00:00-05:00",
            "2025-07-02T16:27:00Z",
            "2025-07-02T16:27:00.123Z",
            "2025-07-02T16:27:00.1239+05:30",
            "2025-07-02T16:27:00.123456789-11:45",
            "1969-12-31T23:59:59.999Z",
            "1969-12-31T23:59:59.0001+00:00",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59+18:00",
            "2024-02-29T12:00:00-18:00",
            "2026-11-29T00:00:00-00:00")) {
      assertEquals(jdk(text), IsoTimestamps.epochMillis(text), text);
    }
  }

  @Test
  void whatTheJdkRefusesIsRefused() {
    for (String text :
        List.of(
            "2025-02-29T12:00:00Z",
            "2025-04-31T12:00:00Z",
            "2025-13-01T12:00:00Z",
            "2025-00-01T12:00:00Z",
            "2025-01-01T24:00:00Z",
            "2025-01-01T23:60:00Z",
            "2025-01-01T23:59:60Z",
            "2025-01-01T12:00:00+18:01",
            "2025-01-01T12:00:00+05:60",
            "2025-01-01T12:00:00",
            "2025-01-01T12:00:00.1234567891Z",
            "2025-01-01 12:00:00Z",
            "2025-01-01T12:00:00+0500",
            "２０２５-01-01T12:00:00Z",
            "")) {
      assertThrows(DateTimeParseException.class, () -> jdk(text), text);
      assertThrows(DateTimeParseException.class, () -> IsoTimestamps.epochMillis(text), text);
    }
  }

  @Test
  void formsOutsideShopifysAreLeftToTheJdk() {
    for (String text :
        List.of(
            "2025-01-01t12:00:00z",
            "2025-01-01T12:00:00.Z",
            "2025-01-01T12:00-05:00",
            "+12025-01-01T12:00:00Z",
            "2025-01-01T12:00:00+05:30:15")) {
      assertEquals(jdk(text), IsoTimestamps.epochMillis(text), text);
    }
  }

  /**
   * Random timestamps across four centuries, offsets and fractions, and each with one character
   * replaced: read alike or refused alike.
   */
  @Test
  void randomTextsAndTheirOneCharacterMutationsAgreeWithTheJdk() {
    Random random = new Random(20261202L);
    String alphabet = "0123456789-+:.TZ x";
    for (int n = 0; n < 20_000; n++) {
      String text = randomTimestamp(random);
      assertAgree(text);
      char[] mutated = text.toCharArray();
      mutated[random.nextInt(mutated.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      assertAgree(new String(mutated));
    }
  }

  private static String randomTimestamp(Random random) {
    String fraction =
        switch (random.nextInt(4)) {
          case 0 -> "";
          case 1 -> "." + random.nextInt(10);
          case 2 -> String.format(Locale.ROOT, ".%03d", random.nextInt(1000));
          default -> String.format(Locale.ROOT, ".%09d", random.nextInt(1_000_000_000));
        };
    int offsetMinutes = random.nextInt(18 * 60 * 2 + 1) - 18 * 60;
    String offset =
        random.nextInt(5) == 0
            ? "Z"
            : String.format(
                Locale.ROOT,
                "%s%02d:%02d",
                offsetMinutes < 0 ? "-" : "+",
                Math.abs(offsetMinutes) / 60,
                Math.abs(offsetMinutes) % 60);
    return String.format(
        Locale.ROOT,
        "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
        1800 + random.nextInt(400),
        1 + random.nextInt(12),
        1 + random.nextInt(31),
        random.nextInt(24),
        random.nextInt(60),
        random.nextInt(60),
        fraction,
        offset);
  }

  private static void assertAgree(String text) {
    Long expected;
    try {
      expected = jdk(text);
    } catch (DateTimeParseException e) {
      expected = null;
    }
    if (expected == null) {
      assertThrows(DateTimeParseException.class, () -> IsoTimestamps.epochMillis(text), text);
    } else {
      assertEquals(expected, IsoTimestamps.epochMillis(text), text);
    }
  }

  private static long jdk(String text) {
    return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
        .toInstant()
        .toEpochMilli();
  }
}
