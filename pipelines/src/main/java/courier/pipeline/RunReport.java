package courier.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.fetch.FetchStats;
import courier.shopify.ShopifyResource;
import courier.sink.RunInfo;
import courier.sink.RunManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a finished run landed, read back from its manifest, plus the fetch figures: the summary
 * table printed at the end of every run.
 */
public final class RunReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunInfo run;
  private final String output;
  private final String database;
  private final JsonNode manifest;
  private final FetchStats fetch;
  private final Duration duration;

  private RunReport(
      RunInfo run,
      String output,
      String database,
      JsonNode manifest,
      FetchStats fetch,
      Duration duration) {
    this.run = run;
    this.output = output;
    this.database = database;
    this.manifest = manifest;
    this.fetch = fetch;
    this.duration = duration;
  }

  static RunReport read(
      String output, RunInfo run, String database, FetchStats fetch, Duration duration) {
    try {
      String text =
          RunManifest.read(output, run.runId())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the run finished but wrote no manifest at "
                              + RunManifest.location(output, run.runId())));
      return new RunReport(run, output, database, JSON.readTree(text), fetch, duration);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of run " + run.runId(), e);
    }
  }

  public RunInfo run() {
    return run;
  }

  /** The manifest as written (with the fetch figures and duration added). */
  public JsonNode manifest() {
    return manifest;
  }

  public FetchStats fetch() {
    return fetch;
  }

  /** Rows landed in {@code table} this run, from the manifest. */
  public long rows(String table) {
    return manifest.path("tables").path(table).path("rows").asLong();
  }

  public long rejects() {
    return manifest.path("rejects").path("rows").asLong();
  }

  public String manifestLocation() {
    return RunManifest.location(output, run.runId());
  }

  public String output() {
    return output;
  }

  public String database() {
    return database;
  }

  public Duration duration() {
    return duration;
  }

  public void printSummary(PrintStream out) {
    out.println();
    out.println("Shopify Courier run " + run.runId() + " · " + run.shop() + " · " + run.loadMode());
    out.println("window [" + run.windowFrom() + ", " + run.windowTo() + ")");
    Set<String> transports = new TreeSet<>();
    manifest
        .path("fetch")
        .elements()
        .forEachRemaining(r -> transports.add(r.path("transport").asText()));
    if (!transports.isEmpty()) {
      out.println("transport " + String.join(", ", transports));
    }
    out.println();
    out.printf("%-22s %12s %9s%n", "table", "rows", "rejects");
    for (Iterator<Map.Entry<String, JsonNode>> it = manifest.path("tables").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> t = it.next();
      out.printf(
          "%-22s %,12d %,9d%n",
          t.getKey(), t.getValue().path("rows").asLong(), t.getValue().path("rejects").asLong());
    }
    out.println();
    out.printf(
        "%-12s %10s %9s %9s %7s %8s %9s%n",
        "fetch", "records", "requests", "overflow", "429s", "retries", "waited");
    long requests = 0;
    long throttled = 0;
    long retries = 0;
    for (Map.Entry<ShopifyResource, FetchStats.ResourceStats> e : fetch.byResource().entrySet()) {
      FetchStats.ResourceStats s = e.getValue();
      out.printf(
          "%-12s %,10d %,9d %,9d %,7d %,8d %8.1fs%n",
          e.getKey().path(),
          s.records(),
          s.requests(),
          s.overflowRequests(),
          s.throttled(),
          s.retries(),
          s.waitMs() / 1000.0);
      requests += s.requests();
      throttled += s.throttled();
      retries += s.retries();
      if (s.variantsPossiblyTruncated() > 0) {
        out.printf(
            "  %,d products have 100 variants, the most REST returns: some may be missing%n",
            s.variantsPossiblyTruncated());
      }
    }
    out.println();
    out.printf(
        "%,d requests, %,d throttled (429), %,d retried, %,d rejects, %.1f s%n",
        requests, throttled, retries, rejects(), duration.toMillis() / 1000.0);
    out.println("feeds     " + output + "/feeds/<table>/run_id=" + run.runId() + "/");
    out.println("manifest  " + manifestLocation());
    out.println("database  " + database);
  }
}
