package courier.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * One bulk query operation: submitted, written to a JSONL file by a background writer, COMPLETED
 * once the file is whole and {@code bulkRunSeconds} (as set now: a test can let running operations
 * finish) have passed since submission (wall time), EXPIRED seven days (simulated time) after it
 * finished. Thread-safe: the writer and the GraphQL requests share it.
 */
final class BulkJob {
  /** Shopify keeps result files for seven days. */
  static final Duration URL_LIFETIME = Duration.ofDays(7);

  enum Status {
    CREATED,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELING,
    CANCELED,
    EXPIRED
  }

  final long id;
  final String app;
  final String query;
  final Instant createdAt;
  final String token;
  final boolean failureInjected;
  private final long startNanos;
  private final IntSupplier runSeconds;
  final AtomicLong objectCount = new AtomicLong();
  final AtomicLong rootObjectCount = new AtomicLong();

  private boolean writing;
  private boolean written;
  private boolean completed;
  private boolean cancelRequested;
  private boolean writerStopped;
  private String errorCode;
  private Path file;
  private long fileSize;
  private Instant finishedAt;

  BulkJob(
      long id,
      String app,
      String query,
      Instant createdAt,
      String token,
      boolean failureInjected,
      long startNanos,
      IntSupplier runSeconds) {
    this.id = id;
    this.app = app;
    this.query = query;
    this.createdAt = createdAt;
    this.token = token;
    this.failureInjected = failureInjected;
    this.startNanos = startNanos;
    this.runSeconds = runSeconds;
  }

  String gid() {
    return "gid://shopify/BulkOperation/" + id;
  }

  synchronized void started() {
    writing = true;
  }

  /** The writer finished: the whole file, or (with an error code) a partial one or none. */
  synchronized void finished(Path file, long size, String errorCode) {
    this.file = file;
    this.fileSize = size;
    this.errorCode = errorCode;
    this.written = errorCode == null;
    this.writerStopped = true;
  }

  /** The writer stopped because of a cancel request. */
  synchronized void stoppedForCancel() {
    writerStopped = true;
  }

  synchronized boolean cancelRequested() {
    return cancelRequested;
  }

  /** Asks the writer to stop; false when the operation has already ended. */
  synchronized boolean cancel(long nowNanos, Instant now) {
    Status status = status(nowNanos, now);
    if (status != Status.CREATED && status != Status.RUNNING) {
      return false;
    }
    cancelRequested = true;
    return true;
  }

  /** The status at this moment; fixes the finishing time the first time an end is seen. */
  synchronized Status status(long nowNanos, Instant now) {
    Status status = liveStatus(nowNanos);
    boolean ended =
        status == Status.COMPLETED || status == Status.FAILED || status == Status.CANCELED;
    if (ended && finishedAt == null) {
      finishedAt = now;
    }
    if ((status == Status.COMPLETED || status == Status.FAILED)
        && now.isAfter(finishedAt.plus(URL_LIFETIME))) {
      return Status.EXPIRED;
    }
    return status;
  }

  private Status liveStatus(long nowNanos) {
    if (cancelRequested) {
      return writerStopped ? Status.CANCELED : Status.CANCELING;
    }
    if (errorCode != null) {
      return Status.FAILED;
    }
    if (completed
        || (written
            && nowNanos - startNanos >= Duration.ofSeconds(runSeconds.getAsInt()).toNanos())) {
      completed = true; // once seen, a later bulkRunSeconds does not take it back
      return Status.COMPLETED;
    }
    return writing ? Status.RUNNING : Status.CREATED;
  }

  synchronized String errorCode() {
    return errorCode;
  }

  synchronized Instant finishedAt() {
    return finishedAt;
  }

  /** The result file (whole or partial), null when there is none. */
  synchronized Path file() {
    return file;
  }

  synchronized long fileSize() {
    return fileSize;
  }

  /** The GraphQL {@code BulkOperation} as Shopify shows it. */
  Map<String, Object> view(long nowNanos, Instant now, String baseUrl) {
    Status status = status(nowNanos, now);
    Map<String, Object> m = GqlValues.object("BulkOperation");
    m.put("id", gid());
    m.put("type", "QUERY");
    m.put("query", query);
    m.put("status", status.name());
    m.put("createdAt", createdAt.toString());
    Instant finished = finishedAt();
    m.put("completedAt", finished == null ? null : finished.toString());
    m.put("objectCount", String.valueOf(objectCount.get()));
    m.put("rootObjectCount", String.valueOf(rootObjectCount.get()));
    m.put("errorCode", errorCode());
    boolean hasFile = file() != null;
    m.put("fileSize", status == Status.COMPLETED ? String.valueOf(fileSize()) : null);
    m.put("url", status == Status.COMPLETED ? downloadUrl(baseUrl) : null);
    m.put("partialDataUrl", status == Status.FAILED && hasFile ? downloadUrl(baseUrl) : null);
    return m;
  }

  String downloadUrl(String baseUrl) {
    return baseUrl + BulkOperations.DOWNLOAD_PREFIX + id + "/" + token + ".jsonl";
  }
}
