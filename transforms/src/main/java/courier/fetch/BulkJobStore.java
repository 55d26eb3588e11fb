package courier.fetch;

import java.io.Serializable;
import java.time.Instant;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where submitted bulk jobs are recorded before they are polled, so a rerun of the same window
 * after a crash adopts them instead of submitting again ({@code courier_bulk_jobs} in the run's
 * database: {@code courier.sink.CourierBulkJobs}).
 */
public interface BulkJobStore extends Serializable {
  /** One bulk slice: the shop, resource and window, and the hash of the query text sent. */
  record Key(String shop, String resource, String queryHash, Instant from, Instant to) {}

  /** A recorded job: its operation id and the last status the courier saw. */
  record Job(String operationId, String status) {}

  /** The newest job recorded for {@code key}, null when none. */
  @Nullable Job latest(Key key);

  /** Records a job just submitted (before it is polled). */
  void submitted(Key key, String operationId, Instant submittedAt);

  /** Records how a job ended (COMPLETED, FAILED, CANCELED, EXPIRED). */
  void ended(String operationId, String status, Instant finishedAt);
}
