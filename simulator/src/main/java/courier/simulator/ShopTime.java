package courier.simulator;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Shopify renders every timestamp in the shop's time zone with its UTC offset ({@code
 * 2008-01-10T11:00:00-05:00}) and interprets filter values without an offset in that zone. The
 * simulator's shop has one fixed offset.
 */
final class ShopTime {
  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

  /** Offsets without a colon, e.g. {@code 2025-07-01T16:29:45-0400}. */
  private static final DateTimeFormatter COMPACT_OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS]xx");

  private final ZoneOffset offset;

  ShopTime(ZoneOffset offset) {
    this.offset = offset;
  }

  ZoneOffset offset() {
    return offset;
  }

  /** Renders epoch seconds as Shopify does. */
  String format(long epochSecond) {
    return OUT.format(OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), offset));
  }

  /** Reads back a timestamp this class rendered (or any ISO-8601 timestamp with an offset). */
  static long parseEpochSecond(String s) {
    return OffsetDateTime.parse(s).toEpochSecond();
  }

  /**
   * Parses a filter value the way Shopify accepts them: ISO-8601 with an offset or {@code Z},
   * without an offset (the shop's zone), with a space instead of {@code T} ({@code 2025-07-01
   * 16:29:45}), or a bare date (midnight in the shop's zone).
   *
   * @throws IllegalArgumentException when the value is none of those
   */
  Instant parseFilter(String raw) {
    String s = raw.trim();
    if (s.length() > 10 && s.charAt(10) == ' ') {
      s = s.substring(0, 10) + 'T' + s.substring(11);
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException ignored) {
      // try the next form
    }
    try {
      return OffsetDateTime.parse(s, COMPACT_OFFSET).toInstant();
    } catch (DateTimeException ignored) {
      // try the next form
    }
    try {
      return LocalDateTime.parse(s).toInstant(offset);
    } catch (DateTimeException ignored) {
      // try the next form
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(offset);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("is not a valid date/time: " + raw);
    }
  }
}
