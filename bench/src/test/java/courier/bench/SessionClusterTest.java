package courier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SessionClusterTest {

  /**
   * Each resource's highest total counts once (the deletion check's own progress starts again from
   * 0 after the read); other lines and loggers are not records.
   */
  @Test
  void aTaskManagersRecordsAreTheHighestTotalOfEachResource() {
    String prefix = "2026-11-30 18:42:36,848 INFO  courier.progress          [] - ";
    List<String> log =
        List.of(
            prefix + "customers: 0 / ~6,000 (0%), 0 rec/s, 2 req/s, throttled 0, waited 0.0 s",
            prefix + "checkouts: 750, 150 rec/s, 3 req/s, throttled 0, waited 0.0 s",
            "2026-11-30 18:42:38,669 WARN  courier.shopify.ShopifyResource [] - Product 7 came"
                + " with 100 variants",
            prefix + "customers: 5,844 / ~6,000 (97%), 50 rec/s, 2 req/s, throttled 0, waited 8 s",
            prefix + "checkouts: 800, 10 rec/s, 0 req/s, throttled 0, waited 0.5 s",
            prefix + "customers: 6,000 / ~6,000 (100%), 31 rec/s, 1 req/s, throttled 0, waited 9 s",
            prefix + "customers: 0, 0 rec/s, 5 req/s, throttled 0, waited 0.0 s",
            prefix + "checkouts: 0, 0 rec/s, 1 req/s, throttled 0, waited 0.0 s");
    assertEquals(6_800, SessionCluster.fetchedRecords(log));
    assertEquals(0, SessionCluster.fetchedRecords(List.of("no progress here")));
  }
}
