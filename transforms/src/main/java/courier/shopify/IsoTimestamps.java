package courier.shopify;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an ISO-8601 timestamp with offset ({@link DateTimeFormatter#ISO_OFFSET_DATE_TIME}) as epoch
 * milliseconds, exactly as {@code OffsetDateTime.parse(text).toInstant().toEpochMilli()} does.
 *
 * <p>Shopify writes every timestamp in one form, {@code 2008-01-10T11:00:00-05:00} (or with {@code
 * Z}, or fractional seconds); that form is read by hand and anything else is left to the JDK's
 * parser, which then accepts or refuses it with its own message. The JDK's formatter was 2.2 % of
 * an embedded Flink run's CPU samples, reading each entity's updated_at and every timestamp column
 * (README, issue 17's fourteenth round).
 */
public final class IsoTimestamps {
  private static final int SECONDS_PER_DAY = 86_400;

  /** An offset of ±18:00 is the most {@link java.time.ZoneOffset} takes. */
  private static final int MAX_OFFSET_SECONDS = 18 * 3600;

  private IsoTimestamps() {}

  /**
   * Epoch milliseconds of {@code text}, finer digits truncated as {@link
   * java.time.Instant#toEpochMilli()} does.
   *
   * @throws DateTimeParseException if the JDK's ISO_OFFSET_DATE_TIME refuses the text, or reads a
   *     year whose instant epoch milliseconds cannot hold (+999999999-12-31T23:59:59Z)
   */
  public static long epochMillis(String text) {
    long millis = shopifyForm(text);
    if (millis != Long.MIN_VALUE) {
      return millis;
    }
    OffsetDateTime time = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    try {
      return time.toInstant().toEpochMilli();
    } catch (ArithmeticException e) {
      throw new DateTimeParseException("beyond what epoch milliseconds hold", text, 0, e);
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} with a valid date and time, or {@link
   * Long#MIN_VALUE} (which no such text gives) for the JDK to decide.
   */
  private static long shopifyForm(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return Long.MIN_VALUE;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return Long.MIN_VALUE;
    }
    if (hour > 23 || minute > 59 || second > 59) {
      return Long.MIN_VALUE;
    }
    int i = 19;
    int nanos = 0;
    if (t.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(t.charAt(i))) {
        nanos = nanos * 10 + (t.charAt(i) - '0');
        i++;
      }
      int fractionDigits = i - start;
      if (fractionDigits == 0) {
        return Long.MIN_VALUE;
      }
      // A tenth digit is left where the offset must start, so the offset's check refuses it.
      for (int d = fractionDigits; d < 9; d++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = offsetSeconds(t, i);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return Long.MIN_VALUE;
    }
    long seconds =
        epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
    return seconds * 1000 + nanos / 1_000_000;
  }

  /** {@code Z} or {@code ±HH:MM} ending the text at {@code i}, or Integer.MIN_VALUE. */
  private static int offsetSeconds(String t, int i) {
    int n = t.length();
    if (i == n - 1 && t.charAt(i) == 'Z') {
      return 0;
    }
    if (i != n - 6 || t.charAt(i + 3) != ':') {
      return Integer.MIN_VALUE;
    }
    char sign = t.charAt(i);
    int hours = digits(t, i + 1, 2);
    int minutes = digits(t, i + 4, 2);
    if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0 || minutes > 59) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3600 + minutes * 60;
    if (seconds > MAX_OFFSET_SECONDS) {
      return Integer.MIN_VALUE;
    }
    return sign == '-' ? -seconds : seconds;
  }

  /** The {@code count} ASCII digits at {@code from} as a number, or -1. */
  private static int digits(String t, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
