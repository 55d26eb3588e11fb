package courier.fetch;

import courier.shopify.ShopifyClientConfig;
import java.io.Serializable;
import java.time.Duration;

/** What every fetch DoFn of one {@link ShopifyIO.Read} application needs; serializable, secret-free. */
final class FetchSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  final ShopifyClientConfig client;
  final int pageSize;
  final long targetSliceRecords;
  final Duration progressInterval;
  /** Identifies this application of the read in the JVM's progress display and page hand-offs. */
  final String runKey;

  FetchSettings(ShopifyClientConfig client, int pageSize, long targetSliceRecords, Duration progressInterval,
      String runKey) {
    this.client = client;
    this.pageSize = pageSize;
    this.targetSliceRecords = targetSliceRecords;
    this.progressInterval = progressInterval;
    this.runKey = runKey;
  }

  FetchMetrics newMetrics() {
    return new FetchMetrics(FetchProgress.forRun(runKey, progressInterval));
  }
}
