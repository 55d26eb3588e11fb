package courier.bench;

import courier.fetch.ShopifyEntity;
import courier.shopify.GraphqlBulk;
import courier.shopify.GraphqlReader;
import courier.shopify.ShopifyResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The floor of a bulk backfill ({@code Baseline --bulk}): one resource at a time, one bulk
 * operation for the whole window, polled until done, its JSONL streamed through the courier's own
 * reader ({@link GraphqlReader#readBulkResult}, refunds' line items by follow-up queries included)
 * into the same normalizer and Parquet writers as the REST baseline. No slices, no job records, no
 * Beam: what a bulk run costs above this is the courier's.
 */
final class BulkBaseline {
  private static final Duration FIRST_POLL = Duration.ofMillis(250);
  private static final Duration MAX_POLL = Duration.ofSeconds(10);

  private BulkBaseline() {}

  /** Reads {@code resource}'s window by one bulk operation; the entities it handed on. */
  static long read(
      GraphqlReader reader,
      ShopifyResource resource,
      Instant from,
      Instant to,
      Consumer<ShopifyEntity> land)
      throws IOException, InterruptedException {
    GraphqlBulk bulk = reader.bulk();
    String query = GraphqlBulk.innerQuery(resource, from, to);
    String id;
    Duration wait = FIRST_POLL;
    while ((id = bulk.submit(resource, query)) == null) {
      wait = sleep(wait); // the shop runs its 5: wait for a slot
    }
    GraphqlBulk.Operation op = bulk.poll(resource, id);
    wait = FIRST_POLL;
    while (op != null && GraphqlBulk.running(op.status())) {
      wait = sleep(wait);
      op = bulk.poll(resource, id);
    }
    if (op == null || !op.status().equals("COMPLETED") || op.url() == null) {
      throw new IOException(
          "bulk operation " + id + " of " + resource.path() + " ended " + describe(op));
    }
    String shop = reader.shop().domain();
    AtomicLong entities = new AtomicLong();
    try (InputStream in = bulk.open(op.url())) {
      reader.readBulkResult(
          resource,
          in,
          json -> {
            land.accept(Baseline.entity(shop, resource, json));
            entities.incrementAndGet();
          },
          (line, parent) -> {
            throw new UncheckedIOException(
                new IOException("orphan bulk line " + line + " (parent " + parent + ")"));
          });
    }
    return entities.get();
  }

  private static String describe(GraphqlBulk.Operation op) {
    return op == null ? "unknown to Shopify" : op.status() + " (" + op.errorCode() + ")";
  }

  private static Duration sleep(Duration wait) throws InterruptedException {
    Thread.sleep(wait.toMillis());
    Duration next = wait.multipliedBy(2);
    return next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
  }
}
