package courier.fetch;

import courier.shopify.ShopifyClientConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * What every fetch DoFn of one {@link ShopifyIO.Read} application needs; serializable, secret-free.
 *
 * @param runKey identifies this application of the read in the JVM's progress display and page
 *     hand-offs
 */
record FetchSettings(
    ShopifyClientConfig client,
    int pageSize,
    long targetSliceRecords,
    Duration progressInterval,
    String runKey,
    BulkSettings bulk)
    implements Serializable {

  FetchMetrics newMetrics() {
    return new FetchMetrics(FetchProgress.forRun(runKey, progressInterval));
  }
}
