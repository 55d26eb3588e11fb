package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bulk operation knobs of {@code /_sim/config}: how long an operation runs at least ({@code
 * bulkRunSeconds}), how many of the next operations fail with a partial file ({@code bulkFailNext})
 * and how many of the next result downloads are cut in the middle ({@code bulkTruncateNext}) or
 * stall there, the connection held open and silent ({@code bulkStallNext}).
 */
final class BulkSettings {
  private volatile int runSeconds;
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger truncateNext = new AtomicInteger();
  private final AtomicInteger stallNext = new AtomicInteger();

  BulkSettings(int runSeconds) {
    setRunSeconds(runSeconds);
  }

  int runSeconds() {
    return runSeconds;
  }

  void setRunSeconds(int seconds) {
    if (seconds < 0) {
      throw new IllegalArgumentException("bulkRunSeconds must be >= 0");
    }
    this.runSeconds = seconds;
  }

  void failNext(int operations) {
    failNext.set(Math.max(0, operations));
  }

  void truncateNext(int downloads) {
    truncateNext.set(Math.max(0, downloads));
  }

  void stallNext(int downloads) {
    stallNext.set(Math.max(0, downloads));
  }

  /** Whether the operation being submitted now is one to fail (uses up one when it is). */
  boolean takeFailure() {
    return failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  /** Whether the download starting now is one to cut (uses up one when it is). */
  boolean takeTruncation() {
    return truncateNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  /** Whether the download starting now is one to stall (uses up one when it is). */
  boolean takeStall() {
    return stallNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  void apply(JsonNode body) {
    if (body.has("bulkRunSeconds")) {
      setRunSeconds(body.get("bulkRunSeconds").asInt());
    }
    if (body.has("bulkFailNext")) {
      failNext(body.get("bulkFailNext").asInt());
    }
    if (body.has("bulkTruncateNext")) {
      truncateNext(body.get("bulkTruncateNext").asInt());
    }
    if (body.has("bulkStallNext")) {
      stallNext(body.get("bulkStallNext").asInt());
    }
  }

  void describe(ObjectNode config) {
    config.put("bulkRunSeconds", runSeconds);
    config.put("bulkFailNext", failNext.get());
    config.put("bulkTruncateNext", truncateNext.get());
    config.put("bulkStallNext", stallNext.get());
  }
}
