package courier.fetch;

import java.io.Serializable;
import java.time.Duration;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The bulk side of a read: the mode, the window size from which {@code auto} goes bulk, the most
 * jobs a resource's window is cut into (Shopify runs 5 bulk queries at once per app and shop) and
 * how long one job may run before it is canceled and its slice split; {@code jobs} records the
 * submitted jobs so a rerun adopts them (null: nothing recorded, a rerun submits anew).
 */
record BulkSettings(
    FetchMode mode, long threshold, int maxJobs, Duration timeout, @Nullable BulkJobStore jobs)
    implements Serializable {

  /** Whether a window of {@code records} of a bulk-capable resource is read in bulk. */
  boolean bulkFor(long records) {
    return mode == FetchMode.BULK || (mode == FetchMode.AUTO && records > threshold);
  }
}
