package courier.fetch;

import courier.shopify.RequestObserver;
import courier.shopify.ShopifyResource;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Collects request events from any thread and hands them on later, on the thread that may report
 * them: Beam counts a metric only on the thread running the DoFn, so events of requests sent from a
 * helper pool would otherwise be lost.
 */
final class BufferedRequestObserver implements RequestObserver {
  private enum Event {
    SENT,
    THROTTLED,
    RETRIED,
    WAITED_MS,
    OVERFLOW,
    POINTS
  }

  private final Map<ShopifyResource, Map<Event, LongAdder>> events =
      new EnumMap<>(ShopifyResource.class);

  BufferedRequestObserver() {
    for (ShopifyResource resource : ShopifyResource.values()) {
      Map<Event, LongAdder> byEvent = new EnumMap<>(Event.class);
      for (Event event : Event.values()) {
        byEvent.put(event, new LongAdder());
      }
      events.put(resource, byEvent);
    }
  }

  private void add(ShopifyResource resource, Event event, long n) {
    if (resource != null) {
      events.get(resource).get(event).add(n);
    }
  }

  @Override
  public void requestSent(ShopifyResource resource) {
    add(resource, Event.SENT, 1);
  }

  @Override
  public void throttled(ShopifyResource resource) {
    add(resource, Event.THROTTLED, 1);
  }

  @Override
  public void retried(ShopifyResource resource) {
    add(resource, Event.RETRIED, 1);
  }

  @Override
  public void waited(ShopifyResource resource, long millis) {
    add(resource, Event.WAITED_MS, millis);
  }

  @Override
  public void overflowRequested(ShopifyResource resource) {
    add(resource, Event.OVERFLOW, 1);
  }

  @Override
  public void pointsSpent(ShopifyResource resource, long points) {
    add(resource, Event.POINTS, points);
  }

  /** Passes every event collected so far to {@code target}, and forgets them. */
  void drainTo(RequestObserver target) {
    events.forEach(
        (resource, byEvent) -> {
          for (long n = byEvent.get(Event.SENT).sumThenReset(); n > 0; n--) {
            target.requestSent(resource);
          }
          for (long n = byEvent.get(Event.THROTTLED).sumThenReset(); n > 0; n--) {
            target.throttled(resource);
          }
          for (long n = byEvent.get(Event.RETRIED).sumThenReset(); n > 0; n--) {
            target.retried(resource);
          }
          for (long n = byEvent.get(Event.OVERFLOW).sumThenReset(); n > 0; n--) {
            target.overflowRequested(resource);
          }
          long waited = byEvent.get(Event.WAITED_MS).sumThenReset();
          if (waited > 0) {
            target.waited(resource, waited);
          }
          long points = byEvent.get(Event.POINTS).sumThenReset();
          if (points > 0) {
            target.pointsSpent(resource, points);
          }
        });
  }
}
