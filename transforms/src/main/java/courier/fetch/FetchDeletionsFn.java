package courier.fetch;

import courier.shopify.Deletion;
import courier.shopify.ShopifyAccessException;
import courier.shopify.ShopifyResource;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the destroy events of one resource (the element is its path) in the read's window: a few
 * small requests per run, through the same client, rate governor and request counting as the
 * entities' pages, so the manifest's fetch figures include them.
 */
class FetchDeletionsFn extends ShopifyReaderFn<String, Deletion> {
  private static final Logger LOG = LoggerFactory.getLogger(FetchDeletionsFn.class);
  private final Instant from;
  private final Instant to;

  FetchDeletionsFn(FetchSettings settings, Instant from, Instant to) {
    super(settings);
    this.from = from;
    this.to = to;
  }

  @ProcessElement
  public void process(@Element String path, OutputReceiver<Deletion> out) {
    List<Deletion> deletions;
    try {
      deletions = client.deletedIn(ShopifyResource.fromPath(path), from, to);
    } catch (ShopifyAccessException e) {
      // The planner reads the same shop with the same token and refuses the run with the scopes
      // to request; a refusal here must not overtake its message. Logged without the body.
      LOG.warn(
          "{}: the shop refused its destroy events (HTTP {}); the run's planner says why",
          path,
          e.status());
      return;
    }
    deletions.forEach(out::output);
  }
}
