package courier.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.fetch.FetchStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fetch's progress on a remote Flink cluster, read by the client from the JobManager's REST
 * API: on the cluster the progress lines go to the TaskManagers' logs, so the client, which only
 * waits, prints its own. Each poll finds the job by name, then reads the Beam counters of the fetch
 * ({@code courier.fetch} / {@code <resource>.<counter>}, from the job's accumulators) and the
 * records the fetch has handed on so far. Beam updates its counters when a bundle ends, which on
 * Flink batch is when a task's whole partition is done, so the per-resource lines come in steps as
 * fetch tasks finish; the "handed on" line is Flink's own live record count, every poll.
 *
 * <p>Lines are shaped like the DirectRunner's: {@code orders: 4,250, 180 rec/s, 12 req/s, throttled
 * 0, waited 0.0 s}.
 */
final class FlinkJobProgress {
  /** Counter names of the fetch: {@code <resource>.<counter>}. */
  private static final Pattern FETCH_COUNTER = Pattern.compile("([a-z_]+)\\.([a-z_]+)");

  /** The accumulator in which Beam's Flink runner keeps the pipeline's metrics. */
  static final String BEAM_METRICS = "__metricscontainers";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** GET a REST path (e.g. {@code jobs/overview}) and return the body. */
  interface Rest {
    String get(String path) throws IOException;
  }

  private final Rest rest;
  private final String webUrl;
  private final String jobName;
  private String jobId;
  private long lastNanos;
  private final Map<String, Map<String, Long>> last = new TreeMap<>();
  private long lastHandedOn;

  FlinkJobProgress(Rest rest, String webUrl, String jobName) {
    this.rest = rest;
    this.webUrl = webUrl.endsWith("/") ? webUrl : webUrl + "/";
    this.jobName = jobName;
  }

  /**
   * The lines for this poll at {@code nowNanos}: the job's web URL when it is first seen, then one
   * line per resource whose counters moved and one for the records the fetch handed on.
   */
  List<String> poll(long nowNanos) throws IOException {
    List<String> lines = new ArrayList<>();
    if (jobId == null) {
      Optional<String> found = findJob();
      if (found.isEmpty()) {
        return lines;
      }
      jobId = found.get();
      lastNanos = nowNanos;
      lines.add("Flink job " + jobId + ": " + webUrl + "#/job/running/" + jobId + "/overview");
    }
    double seconds = Math.max(1e-3, (nowNanos - lastNanos) / 1e9);
    lastNanos = nowNanos;
    long handedOn = 0;
    for (JsonNode vertex : JSON.readTree(rest.get("jobs/" + jobId)).path("vertices")) {
      // The fetch step's own vertex ("ReadShopify/FetchSlices/..."), with what is chained to it
      // (ReadShopify/NormalizeFetchSlices): counted once.
      if (vertex.path("name").asText().contains("/FetchSlices/")) {
        handedOn += vertex.path("metrics").path("write-records").asLong();
      }
    }
    Map<String, Map<String, Long>> counters = fetchCounters();
    counters.forEach(
        (resource, now) -> {
          Map<String, Long> before = last.getOrDefault(resource, Map.of());
          if (!now.equals(before)) {
            lines.add(line(resource, now, before, seconds));
          }
        });
    last.putAll(counters);
    if (handedOn != lastHandedOn) {
      lines.add(
          String.format(
              Locale.ROOT,
              "fetch: %,d records handed on, %,.0f rec/s (all resources, live)",
              handedOn,
              (handedOn - lastHandedOn) / seconds));
      lastHandedOn = handedOn;
    }
    return lines;
  }

  /** The newest job of that name that is not finished yet. */
  private Optional<String> findJob() throws IOException {
    String id = null;
    long newest = Long.MIN_VALUE;
    for (JsonNode j : JSON.readTree(rest.get("jobs/overview")).path("jobs")) {
      boolean ours = j.path("name").asText().equals(jobName);
      if (ours && j.path("start-time").asLong() > newest) {
        newest = j.path("start-time").asLong();
        id = j.path("jid").asText();
      }
    }
    return Optional.ofNullable(id);
  }

  /**
   * The fetch's Beam counters from the job's accumulators: Beam's Flink runner keeps every counter
   * in the accumulator {@value #BEAM_METRICS}, whose value is the JSON of Beam's metric results:
   * monitoring infos labelled with namespace and name, each a base64 varint sum.
   */
  private Map<String, Map<String, Long>> fetchCounters() throws IOException {
    Map<String, Map<String, Long>> counters = new TreeMap<>();
    JsonNode accumulators = JSON.readTree(rest.get("jobs/" + jobId + "/accumulators"));
    for (JsonNode acc : accumulators.path("user-task-accumulators")) {
      if (!BEAM_METRICS.equals(acc.path("name").asText())) {
        continue;
      }
      JsonNode results = JSON.readTree(acc.path("value").asText());
      for (JsonNode info : results.path("metrics").path("attempted")) {
        JsonNode labels = info.path("labels");
        Matcher m = FETCH_COUNTER.matcher(labels.path("NAME").asText());
        if (FetchStats.NAMESPACE.equals(labels.path("NAMESPACE").asText())
            && info.path("urn").asText().contains("sum_int64")
            && m.matches()) {
          counters
              .computeIfAbsent(m.group(1), r -> new TreeMap<>())
              .merge(m.group(2), varint(info.path("payload").asText()), Long::sum);
        }
      }
    }
    return counters;
  }

  /** A protobuf varint, base64-encoded: how Beam encodes a sum_int64 payload. */
  static long varint(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    long value = 0;
    for (int i = 0; i < bytes.length && i < 10; i++) {
      value |= (long) (bytes[i] & 0x7f) << (7 * i);
      if ((bytes[i] & 0x80) == 0) {
        break;
      }
    }
    return value;
  }

  private static String line(
      String resource, Map<String, Long> now, Map<String, Long> before, double seconds) {
    long records = now.getOrDefault(FetchStats.RECORDS, 0L);
    long requests = now.getOrDefault(FetchStats.REQUESTS, 0L);
    return String.format(
        Locale.ROOT,
        "%s: %,d, %,.0f rec/s, %,.0f req/s, throttled %,d, waited %,.1f s",
        resource,
        records,
        (records - before.getOrDefault(FetchStats.RECORDS, 0L)) / seconds,
        (requests - before.getOrDefault(FetchStats.REQUESTS, 0L)) / seconds,
        now.getOrDefault(FetchStats.THROTTLED, 0L),
        now.getOrDefault(FetchStats.WAIT_MS, 0L) / 1000.0);
  }
}
