package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Which windows go bulk: {@code bulk} always, {@code paged} never, {@code auto} only above the
 * threshold (a window of exactly the threshold stays paged).
 */
class BulkSettingsTest {
  private static final long THRESHOLD = 10_000;

  private static BulkSettings mode(FetchMode mode) {
    return new BulkSettings(mode, THRESHOLD, 5, Duration.ofHours(1), null);
  }

  @Test
  void autoGoesBulkOnlyAboveTheThreshold() {
    BulkSettings auto = mode(FetchMode.AUTO);
    assertFalse(auto.bulkFor(0));
    assertFalse(auto.bulkFor(THRESHOLD - 1));
    assertFalse(auto.bulkFor(THRESHOLD), "exactly the threshold stays paged");
    assertTrue(auto.bulkFor(THRESHOLD + 1));
  }

  @Test
  void bulkGoesBulkWhateverTheSize() {
    BulkSettings bulk = mode(FetchMode.BULK);
    assertTrue(bulk.bulkFor(0));
    assertTrue(bulk.bulkFor(THRESHOLD));
  }

  @Test
  void pagedNeverGoesBulk() {
    BulkSettings paged = mode(FetchMode.PAGED);
    assertFalse(paged.bulkFor(THRESHOLD + 1));
    assertFalse(paged.bulkFor(Long.MAX_VALUE));
  }
}
