package courier.flinkcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs from a Flink REST endpoint (the JobManager's, on loopback). */
final class FlinkRest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@code GET /overview} says about the cluster. */
  record Overview(int taskManagers, int slotsTotal, String flinkVersion) {
    static Overview of(JsonNode json) {
      return new Overview(
          json.path("taskmanagers").asInt(0),
          json.path("slots-total").asInt(0),
          json.path("flink-version").asText("unknown"));
    }
  }

  private final URI base;

  FlinkRest(URI base) {
    this.base = base;
  }

  /** The endpoint of a JobManager on this machine. */
  static URI onLoopback(int port) {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  /**
   * The body of {@code GET path} (relative to the endpoint); throws if there is no answer or it is
   * not 200, with the status and body in the message.
   */
  String get(String path) throws IOException {
    URI uri = base.resolve(path.startsWith("/") ? path.substring(1) : path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while calling " + uri, e);
    } catch (IOException e) {
      throw new IOException("no answer from " + uri + " (" + e + ")", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  JsonNode getJson(String path) throws IOException {
    return JSON.readTree(get(path));
  }

  Overview overview() throws IOException {
    return Overview.of(getJson("overview"));
  }
}
