package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.shopify.ShopifyResource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchProgressTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void oneReadableLinePerMovingResourceOncePerInterval() {
    FetchProgress progress = new FetchProgress(Duration.ofSeconds(5), 0);
    progress.expect(ShopifyResource.ORDERS, 20_000);
    progress.recordsEmitted(ShopifyResource.ORDERS, 4_250);
    for (int i = 0; i < 60; i++) {
      progress.requestSent(ShopifyResource.ORDERS);
    }
    progress.waited(ShopifyResource.ORDERS, 1_500);
    progress.throttled(ShopifyResource.ORDERS);

    assertEquals(List.of(), progress.dueLines(4 * SECOND), "not before the interval");
    assertEquals(
        List.of("orders: 4,250 / ~20,000 (21%), 850 rec/s, 12 req/s, throttled 1, waited 1.5 s"),
        progress.dueLines(5 * SECOND));
    assertEquals(List.of(), progress.dueLines(10 * SECOND), "nothing moved: no line");
    progress.recordsEmitted(ShopifyResource.ORDERS, 500);
    progress.requestSent(ShopifyResource.ORDERS);
    assertEquals(
        List.of("orders: 4,750 / ~20,000 (23%), 100 rec/s, 0 req/s, throttled 1, waited 1.5 s"),
        progress.dueLines(15 * SECOND),
        "rates over the last interval (10 s to 15 s)");
  }

  @Test
  void aResourceThatMovedGetsOneEarlyLineAndThenOnlyTheIntervalsLines() {
    FetchProgress progress = new FetchProgress(Duration.ofSeconds(5), 0);
    assertEquals(List.of(), progress.firstLines(SECOND), "nothing moved: no line");
    progress.recordsEmitted(ShopifyResource.CUSTOMERS, 120);
    progress.requestSent(ShopifyResource.CUSTOMERS);
    assertEquals(
        List.of("customers: 120, 60 rec/s, 1 req/s, throttled 0, waited 0.0 s"),
        progress.firstLines(2 * SECOND),
        "a run shorter than the interval still gets its line, rates since the start (2 s)");
    progress.recordsEmitted(ShopifyResource.CUSTOMERS, 30);
    assertEquals(List.of(), progress.firstLines(3 * SECOND), "only one early line per resource");
    progress.recordsEmitted(ShopifyResource.ORDERS, 10);
    assertEquals(
        List.of("orders: 10, 3 rec/s, 0 req/s, throttled 0, waited 0.0 s"),
        progress.firstLines(3 * SECOND),
        "another resource still gets its own");
    assertEquals(
        List.of("customers: 150, 10 rec/s, 0 req/s, throttled 0, waited 0.0 s"),
        progress.dueLines(5 * SECOND),
        "the interval's lines go on, from where the early line left off (2 s to 5 s)");
  }

  @Test
  void anUnknownTotalIsLeftOut() {
    assertEquals(
        "customers: 12, 3 rec/s, 1 req/s, throttled 0, waited 0.0 s",
        FetchProgress.format(ShopifyResource.CUSTOMERS, 12, 0, 3, 1, 0, 0));
  }
}
