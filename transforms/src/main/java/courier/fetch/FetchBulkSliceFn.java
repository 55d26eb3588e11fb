package courier.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.GraphqlBulk;
import courier.shopify.GraphqlReader;
import courier.shopify.ShopifyAccessException;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import courier.shopify.graphql.RestFields;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.transforms.DoFn;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one bulk slice: the element is the job. Submits the slice's bulk query (waiting for a slot
 * while the shop runs its 5), polls it by {@code node(id:)} with backoff, and streams the result
 * file into entities as the paged path shapes them. Failures are never skipped: a FAILED job (its
 * partial file is not used) or one canceled after {@code bulkTimeout} is split in two at the middle
 * second and both halves are read anew; ACCESS_DENIED stops the run (exit 3); a download cut short
 * (fewer lines than Shopify's objectCount, or a broken line) is downloaded again.
 */
class FetchBulkSliceFn extends DoFn<Slice, ShopifyEntity> {
  private static final Logger LOG = LoggerFactory.getLogger(FetchBulkSliceFn.class);
  private static final Duration FIRST_POLL = Duration.ofMillis(250);
  private static final Duration MAX_POLL = Duration.ofSeconds(10);
  private static final int DOWNLOAD_ATTEMPTS = 3;

  /** Halvings of one slice before the run gives up on it (a slice of 2^-12 of its window). */
  private static final int MAX_SPLITS = 12;

  private final FetchSettings settings;
  private transient GraphqlReader reader;
  private transient FetchMetrics metrics;

  FetchBulkSliceFn(FetchSettings settings) {
    this.settings = settings;
  }

  @Setup
  public void setup() {
    metrics = settings.newMetrics();
    reader = GraphqlReader.create(settings.client(), metrics);
  }

  @ProcessElement
  public void process(@Element Slice slice, OutputReceiver<ShopifyEntity> out) {
    fetch(slice, slice.updatedFrom(), slice.updatedTo(), 0, out);
  }

  private void fetch(
      Slice slice, Instant from, Instant to, int splits, OutputReceiver<ShopifyEntity> out) {
    ShopifyResource resource = slice.getResource();
    GraphqlBulk bulk = reader.bulk();
    long deadline = System.nanoTime() + settings.bulk().timeout().toNanos();
    String query = GraphqlBulk.innerQuery(resource, from, to);
    BulkJobStore.Key key = key(slice.getShop(), resource, from, to, query);
    String id = adopt(resource, bulk, key);
    if (id == null) {
      id = submit(slice, bulk, query, deadline);
      if (settings.bulk().jobs() != null) {
        settings.bulk().jobs().submitted(key, id, Instant.now());
      }
      LOG.info("{} [{}, {}): bulk operation {} submitted", resource.path(), from, to, id);
    }
    GraphqlBulk.Operation done = await(resource, bulk, id, deadline);
    recordEnd(id, done == null ? "CANCELED" : done.status());
    if (done == null) {
      bulk.cancel(resource, id);
      split(slice, from, to, splits, "ran longer than --bulkTimeout and was canceled", out);
      return;
    }
    switch (done.status()) {
      case "COMPLETED" -> {
        if (!download(slice, from, to, done, out)) {
          // The result expired meanwhile: run it again, counted as a retry so that a result that
          // keeps expiring stops the read instead of recursing for ever.
          checkRetriesLeft(slice, from, to, splits, "delivered a result that expired unread");
          fetch(slice, from, to, splits + 1, out);
        }
      }
      case "FAILED" -> {
        if ("ACCESS_DENIED".equals(done.errorCode())) {
          throw new ShopifyAccessException(
              slice.getShop(),
              "bulkOperationRunQuery",
              403,
              "Shopify failed the bulk query for "
                  + resource.path()
                  + " with ACCESS_DENIED: the app lacks the "
                  + resource.scope()
                  + " access scope (or approval for protected customer data). Add it, have the"
                  + " merchant approve it, then re-run.");
        }
        split(
            slice,
            from,
            to,
            splits,
            "failed ("
                + done.errorCode()
                + (done.partialDataUrl() != null ? "; its partial result is not used" : "")
                + ")",
            out);
      }
      default -> split(slice, from, to, splits, "ended " + done.status(), out);
    }
  }

  /**
   * The recorded job of this slice when it can still deliver (running, or COMPLETED with a URL that
   * has not expired); null when there is none and a job must be submitted.
   */
  private @Nullable String adopt(ShopifyResource resource, GraphqlBulk bulk, BulkJobStore.Key key) {
    BulkJobStore jobs = settings.bulk().jobs();
    BulkJobStore.Job recorded = jobs == null ? null : jobs.latest(key);
    if (recorded == null) {
      return null;
    }
    GraphqlBulk.Operation op = bulk.poll(resource, recorded.operationId());
    boolean adoptable =
        op != null
            && (GraphqlBulk.running(op.status())
                || (op.status().equals("COMPLETED") && op.url() != null));
    LOG.info(
        "{} [{}, {}): bulk operation {} recorded by an earlier run is {}: {}",
        resource.path(),
        key.from(),
        key.to(),
        recorded.operationId(),
        op == null ? "unknown to Shopify" : op.status(),
        adoptable ? "adopted" : "submitting anew");
    if (!adoptable && op != null) {
      recordEnd(recorded.operationId(), op.status());
    }
    return adoptable ? recorded.operationId() : null;
  }

  private void recordEnd(String operationId, String status) {
    if (settings.bulk().jobs() != null && !GraphqlBulk.running(status)) {
      settings.bulk().jobs().ended(operationId, status, Instant.now());
    }
  }

  /** The record key of a bulk slice: the query's hash stands for its text (and window). */
  static BulkJobStore.Key key(
      String shop, ShopifyResource resource, Instant from, Instant to, String query) {
    return new BulkJobStore.Key(shop, resource.path(), sha256(query), from, to);
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** Submits, waiting for one of the shop's bulk slots while all are taken. */
  private String submit(Slice slice, GraphqlBulk bulk, String query, long deadline) {
    Duration wait = FIRST_POLL;
    while (true) {
      String id = bulk.submit(slice.getResource(), query);
      if (id != null) {
        return id;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no bulk operation slot of "
                + slice.getShop()
                + " freed within --bulkTimeout="
                + settings.bulk().timeout()
                + " (Shopify runs 5 at once per app): another run of this app may hold them;"
                + " re-run when it is done, or use --fetchMode=paged");
      }
      LOG.info("{}: the shop runs as many bulk operations as it allows; waiting for a slot", slice);
      wait = sleep(wait);
    }
  }

  /** Polls until the operation ends; null when it is still running at the deadline. */
  private GraphqlBulk.@Nullable Operation await(
      ShopifyResource resource, GraphqlBulk bulk, String id, long deadline) {
    Duration wait = FIRST_POLL;
    while (true) {
      GraphqlBulk.Operation op = bulk.poll(resource, id);
      if (op == null) {
        throw new IllegalStateException(
            "Shopify knows no bulk operation " + id + " of this app for " + resource.path());
      }
      if (!GraphqlBulk.running(op.status())) {
        return op;
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      wait = sleep(wait);
    }
  }

  /**
   * Streams the result into entities; false when its URL has expired. A download cut short is tried
   * again (entities read twice are the same versions: the latest wins downstream).
   */
  private boolean download(
      Slice slice,
      Instant from,
      Instant to,
      GraphqlBulk.Operation done,
      OutputReceiver<ShopifyEntity> out) {
    ShopifyResource resource = slice.getResource();
    long endMillis = to.toEpochMilli();
    IOException last = null;
    String endpoint = "?";
    for (int attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt++) {
      GraphqlBulk.Operation current = attempt == 1 ? done : reader.bulk().poll(resource, done.id());
      if (current == null || current.url() == null) {
        return false;
      }
      AtomicInteger emitted = new AtomicInteger();
      try (InputStream in = reader.bulk().open(current.url())) {
        long lines =
            reader.readBulkResult(
                resource,
                in,
                entity -> {
                  if (ShopifyJson.updatedAtMillis(entity, ShopifyEntity.NO_UPDATED_AT)
                      < endMillis) {
                    out.output(ShopifyEntity.of(slice.getShop(), resource, entity));
                    emitted.incrementAndGet();
                  }
                },
                (line, parentId) -> out.output(orphan(slice, line, parentId)));
        if (lines != current.objectCount()) {
          throw new IOException(
              "the result has " + lines + " lines, Shopify counted " + current.objectCount());
        }
        metrics.recordsEmitted(resource, emitted.get());
        LOG.info(
            "{} [{}, {}): bulk operation {} read, {} entities",
            resource.path(),
            from,
            to,
            done.id(),
            emitted.get());
        return true;
      } catch (IOException e) {
        metrics.recordsEmitted(resource, emitted.get());
        last = e;
        endpoint = GraphqlBulk.endpoint(current.url());
        LOG.warn(
            "{} {} [{}, {}): the download of bulk operation {} from {} broke off (attempt {} of"
                + " {}): {}",
            slice.getShop(),
            resource.path(),
            from,
            to,
            done.id(),
            endpoint,
            attempt,
            DOWNLOAD_ATTEMPTS,
            e.toString());
      }
    }
    throw new IllegalStateException(
        "the result of bulk operation "
            + done.id()
            + " ("
            + slice.getShop()
            + " "
            + resource.path()
            + " ["
            + from
            + ", "
            + to
            + ")) could not be downloaded whole from "
            + endpoint
            + " in "
            + DOWNLOAD_ATTEMPTS
            + " attempts (last: "
            + last
            + "); re-run: the operation is adopted and its result downloaded again",
        last);
  }

  /**
   * A child line whose parent is not the object before it: an entity of the parent's id whose
   * updated_at names the problem, so the normalizer rejects it with that reason.
   */
  static ShopifyEntity orphan(Slice slice, String line, String parentId) {
    ObjectNode stub = RestFields.newObject();
    String legacy = parentId.substring(parentId.lastIndexOf('/') + 1);
    stub.put("id", legacy.matches("\\d{1,19}") ? Long.parseLong(legacy) : 0L);
    stub.put("admin_graphql_api_id", parentId);
    stub.putObject("updated_at")
        .put(
            RestFields.MISSING_FIELD,
            "bulk line " + line + " names parent " + parentId + ", not the object before it");
    return ShopifyEntity.of(slice.getShop(), slice.getResource(), stub);
  }

  /** Stops the read once a window has been split or run again {@code MAX_SPLITS} times. */
  private static void checkRetriesLeft(
      Slice slice, Instant from, Instant to, int splits, String why) {
    if (splits >= MAX_SPLITS) {
      throw new IllegalStateException(
          "the bulk job for "
              + slice.getResource().path()
              + " ["
              + from
              + ", "
              + to
              + ") "
              + why
              + " after "
              + splits
              + " splits and retries; re-run, or use --fetchMode=paged for this window");
    }
  }

  /** Splits the slice at its middle second and reads both halves; one second is tried again. */
  private void split(
      Slice slice,
      Instant from,
      Instant to,
      int splits,
      String why,
      OutputReceiver<ShopifyEntity> out) {
    checkRetriesLeft(slice, from, to, splits, why);
    long seconds = to.getEpochSecond() - from.getEpochSecond();
    if (seconds <= 1) {
      LOG.warn("{} [{}, {}): bulk job {}; running it again", slice, from, to, why);
      fetch(slice, from, to, splits + 1, out);
      return;
    }
    Instant middle = from.plusSeconds(seconds / 2);
    LOG.warn(
        "{} [{}, {}): bulk job {}; splitting at {} and reading both halves",
        slice.getResource().path(),
        from,
        to,
        why,
        middle);
    fetch(slice, from, middle, splits + 1, out);
    fetch(slice, middle, to, splits + 1, out);
  }

  private static Duration sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a bulk operation", e);
    }
    return nextWait(wait);
  }

  /** The wait after {@code wait}: twice as long, at most {@code MAX_POLL}. */
  static Duration nextWait(Duration wait) {
    Duration next = wait.multipliedBy(2);
    return next.compareTo(MAX_POLL) > 0 ? MAX_POLL : next;
  }

  @Teardown
  public void teardown() {
    if (reader != null) {
      reader.close();
    }
  }
}
