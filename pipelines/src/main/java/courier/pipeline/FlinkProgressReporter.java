package courier.pipeline;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the client waits on a job on a remote Flink cluster ({@code --flinkMaster=host:port}), a
 * daemon thread polls the JobManager's REST API every few seconds and logs {@link FlinkJobProgress}
 * lines on the logger the DirectRunner's progress uses. Embedded runs ({@code [local]}, {@code
 * [auto]}) log their own progress and get none.
 */
final class FlinkProgressReporter implements AutoCloseable {
  static final Duration EVERY = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger("courier.progress");

  private final ScheduledExecutorService poller;

  private FlinkProgressReporter(ScheduledExecutorService poller) {
    this.poller = poller;
  }

  /** Starts polling when the run goes to a remote Flink cluster; else does nothing. */
  static FlinkProgressReporter startIfRemote(PipelineOptions options) {
    String master =
        "FlinkRunner".equals(options.getRunner().getSimpleName())
            ? options.as(FlinkPipelineOptions.class).getFlinkMaster()
            : null;
    if (master == null || master.isBlank() || master.startsWith("[")) {
      return new FlinkProgressReporter(null);
    }
    String web = master.contains("://") ? master : "http://" + master;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    FlinkJobProgress progress =
        new FlinkJobProgress(path -> get(http, web, path), web, options.getJobName());
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "courier-flink-progress");
              t.setDaemon(true);
              return t;
            });
    boolean[] warned = {false};
    poller.scheduleWithFixedDelay(
        () -> {
          try {
            progress.poll(System.nanoTime()).forEach(LOG::info);
          } catch (IOException | RuntimeException e) {
            // Progress is a courtesy: the job's outcome reaches the client anyway.
            if (!warned[0]) {
              warned[0] = true;
              LOG.warn("no progress from the Flink REST API at {}: {}", web, e.toString());
            }
          }
        },
        1,
        EVERY.toSeconds(),
        TimeUnit.SECONDS);
    return new FlinkProgressReporter(poller);
  }

  private static String get(HttpClient http, String web, String path) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(web + "/" + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("GET /" + path + ": HTTP " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }
}
