package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Progress lines from canned answers of Flink's REST API, shaped as Flink 1.19 and Beam 2.62's
 * Flink runner send them (Beam's metrics as the JSON string of one accumulator).
 */
class FlinkJobProgressTest {
  private static final long SECOND = 1_000_000_000L;
  private static final String JOB = "c0ffee";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> answers = new HashMap<>();

  @Test
  void theJobsWebUrlFirstThenALinePerResourceThatMoved() throws Exception {
    FlinkJobProgress progress =
        new FlinkJobProgress(this::answer, "http://127.0.0.1:8081", "courier-run-1");
    answers.put("jobs/overview", "{\"jobs\":[]}");
    assertEquals(List.of(), progress.poll(0), "no job yet: nothing to say");

    answers.put(
        "jobs/overview",
        "{\"jobs\":[{\"jid\":\"old\",\"name\":\"courier-run-0\",\"start-time\":5},"
            + "{\"jid\":\""
            + JOB
            + "\",\"name\":\"courier-run-1\",\"start-time\":9}]}");
    state(0, Map.of());
    assertEquals(
        List.of("Flink job " + JOB + ": http://127.0.0.1:8081/#/job/running/" + JOB + "/overview"),
        progress.poll(SECOND));

    // Two fetch steps each count orders; another namespace's counter is not the fetch's.
    state(
        1000,
        Map.of(
            "courier.fetch/orders.records@a", 300L,
            "courier.fetch/orders.records@b", 200L,
            "courier.fetch/orders.requests@a", 10L,
            "courier.fetch/customers.wait_ms@a", 1500L,
            "courier.sink/orders.records@c", 99L));
    assertEquals(
        List.of(
            "customers: 0, 0 rec/s, 0 req/s, throttled 0, waited 1.5 s",
            "orders: 500, 100 rec/s, 2 req/s, throttled 0, waited 0.0 s",
            "fetch: 1,000 records handed on, 200 rec/s (all resources, live)"),
        progress.poll(6 * SECOND));

    assertEquals(List.of(), progress.poll(11 * SECOND), "nothing moved: nothing to say");
  }

  @Test
  void varintsOfAnySize() {
    assertEquals(0, FlinkJobProgress.varint(b64(0x00)));
    assertEquals(300, FlinkJobProgress.varint(b64(0xac, 0x02)));
    assertEquals(1L << 40, FlinkJobProgress.varint(b64(0x80, 0x80, 0x80, 0x80, 0x80, 0x20)));
  }

  /**
   * The job's fetch vertex has handed on {@code handedOn} records; Beam's counters are {@code
   * namespace/name@step} to value.
   */
  private void state(long handedOn, Map<String, Long> counters) throws Exception {
    answers.put(
        "jobs/" + JOB,
        "{\"vertices\":[{\"id\":\"v1\",\"name\":\"ReadShopify/FetchSlices/ParMultiDo(FetchSlice)\","
            + "\"metrics\":{\"write-records\":"
            + handedOn
            + "}},{\"id\":\"v2\",\"name\":\"ParquetFeeds\",\"metrics\":{\"write-records\":7}}]}");
    List<Map<String, Object>> infos = new ArrayList<>();
    counters.forEach(
        (key, value) -> {
          String[] nameAndStep = key.split("@");
          String[] namespaceAndName = nameAndStep[0].split("/");
          infos.add(
              Map.of(
                  "urn",
                  "beam:metric:user:sum_int64:v1",
                  "type",
                  "beam:metrics:sum_int64:v1",
                  "payload",
                  b64(varintBytes(value)),
                  "labels",
                  Map.of(
                      "PTRANSFORM", nameAndStep[1],
                      "NAMESPACE", namespaceAndName[0],
                      "NAME", namespaceAndName[1])));
        });
    String beamMetrics = JSON.writeValueAsString(Map.of("metrics", Map.of("attempted", infos)));
    answers.put(
        "jobs/" + JOB + "/accumulators",
        JSON.writeValueAsString(
            Map.of(
                "job-accumulators",
                List.of(),
                "user-task-accumulators",
                List.of(
                    Map.of(
                        "name",
                        FlinkJobProgress.BEAM_METRICS,
                        "type",
                        "MetricsAccumulator",
                        "value",
                        beamMetrics)))));
  }

  private static int[] varintBytes(long value) {
    List<Integer> bytes = new ArrayList<>();
    do {
      int b = (int) (value & 0x7f);
      value >>>= 7;
      bytes.add(value == 0 ? b : b | 0x80);
    } while (value != 0);
    return bytes.stream().mapToInt(Integer::intValue).toArray();
  }

  private static String b64(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Base64.getEncoder().encodeToString(b);
  }

  private String answer(String path) throws FileNotFoundException {
    String body = answers.get(path);
    if (body == null) {
      throw new FileNotFoundException(path);
    }
    return body;
  }
}
