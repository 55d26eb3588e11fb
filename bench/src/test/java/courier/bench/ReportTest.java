package courier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Medians, ratios, the table and the JSON file, on made-up figures. */
class ReportTest {
  @Test
  void medianOfOddAndEvenCountsIgnoringMissingValues() {
    assertEquals(3.0, Stats.median(List.of(5, 1, 3)));
    assertEquals(2.5, Stats.median(List.of(4.0, 1.0, 2.0, 3.0)));
    assertEquals(7.0, Stats.median(java.util.Arrays.asList(null, 7.0)));
    assertNull(Stats.median(List.of()));
  }

  @Test
  void ratiosAreEachModesMedianOverTheBaselines() {
    Map<String, Map<String, Object>> modes = new LinkedHashMap<>();
    modes.put("baseline", figures(10.0, 8.0, 400.0, Map.of("order", 5L)));
    modes.put("direct", figures(50.0, 60.0, 1800.0, Map.of("order", 5L)));
    modes.put("flink", figures(25.0, 16.0, 1000.0, Map.of("order", 4L)));
    Map<String, Object> ratios = Report.ratios(modes);
    assertEquals(
        Map.of("wall", 5.0, "cpu", 7.5, "rss", 4.5, "same_rows_as_baseline", true),
        ratios.get("direct"));
    assertEquals(
        Map.of("wall", 2.5, "cpu", 2.0, "rss", 2.5, "same_rows_as_baseline", false),
        ratios.get("flink"));
    assertEquals(2, ratios.size());
  }

  @Test
  void aRunsCpuRatioCountsTheDatabaseServerItWroteInto() {
    Map<String, Map<String, Object>> modes = new LinkedHashMap<>();
    modes.put("baseline", figures(10.0, 8.0, 400.0, Map.of()));
    Map<String, Object> flink = figures(25.0, 16.0, 1000.0, Map.of());
    flink.put("database_cpu_s", 4.0);
    modes.put("flink", flink);
    assertEquals(2.5, ((Map<?, ?>) Report.ratios(modes).get("flink")).get("cpu"));
  }

  @Test
  void noRatiosWithoutABaseline() {
    assertTrue(Report.ratios(Map.of("direct", figures(1.0, 1.0, 1.0, Map.of()))).isEmpty());
  }

  @Test
  void tablePrintsOneLinePerModeAndTheRatios(@TempDir Path dir) throws Exception {
    Map<String, Map<String, Object>> modes = new LinkedHashMap<>();
    modes.put("baseline", figures(10.0, 8.0, 400.0, Map.of()));
    modes.put("direct", figures(50.0, 60.0, 1800.0, Map.of()));
    Map<String, Object> scenario = new LinkedHashMap<>();
    scenario.put("name", "throughput");
    scenario.put("modes", modes);
    scenario.put("ratios_to_baseline", Report.ratios(modes));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Report.printTable(List.of(scenario), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("throughput     baseline"), table);
    assertTrue(
        table.contains("wall 5.00x, CPU 7.50x, peak RSS 4.50x the baseline; same rows"), table);

    Path file = dir.resolve("results/latest.json");
    Report.writeJson(Map.of("scenarios", List.of(scenario)), file);
    JsonNode read = new ObjectMapper().readTree(file.toFile());
    assertEquals(
        5.0,
        read.path("scenarios")
            .get(0)
            .path("ratios_to_baseline")
            .path("direct")
            .path("wall")
            .asDouble());
  }

  @Test
  void graphqlScenariosReadOneShopOverBothTransportsAndTheRestScenariosPinRest() {
    Scenario plus = Scenario.graphqlPlusPlan();
    assertEquals(List.of(true, false), plus.modes().stream().map(Scenario.Mode::graphql).toList());
    for (Scenario s :
        List.of(
            Scenario.throughput(),
            Scenario.standardPlan(),
            Scenario.memory(),
            Scenario.memoryDirect())) {
      s.modes().forEach(m -> assertEquals(false, m.graphql(), s.name() + "/" + m.name()));
    }
  }

  @Test
  void memoryDirectIsTheMemoryShopOnTheDirectRunnerInTheSameHeap() {
    Scenario.Mode flink = Scenario.memory().modes().get(0);
    Scenario.Mode direct = Scenario.memoryDirect().modes().get(0);
    assertEquals(Scenario.memory().shop(), Scenario.memoryDirect().shop());
    assertEquals(flink.heap(), direct.heap());
    assertTrue(direct.courierArgs().contains("--runnerConfig=runner-configs/direct.properties"));
    assertEquals(20_000, Scenario.memoryDirect().shop().scaled(0.1).orders());
  }

  @Test
  void aFailedRunSaysWhyOutOfMemoryFirst(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("output.log");
    java.nio.file.Files.writeString(
        log,
        "INFO fetching\n"
            + "Exception in thread \"main\" org.apache.beam.sdk.Pipeline$PipelineExecutionException:"
            + " java.lang.OutOfMemoryError: Java heap space\n"
            + "Caused by: java.lang.OutOfMemoryError: Java heap space\n",
        StandardCharsets.UTF_8);
    ChildRun.Result exited = new ChildRun.Result(1, false, 60.0, 100.0, 900.0);
    assertEquals("java.lang.OutOfMemoryError: Java heap space", RunFigures.failure(exited, log));
    ChildRun.Result timedOut = new ChildRun.Result(143, true, 900.0, null, 900.0);
    assertEquals("timed out", RunFigures.failure(timedOut, log));
    Path plain = dir.resolve("plain.log");
    java.nio.file.Files.writeString(
        plain, "ERROR table order: bad column\n", StandardCharsets.UTF_8);
    assertEquals("exit code 1", RunFigures.failure(exited, plain));
    assertEquals("exit code 1", RunFigures.failure(exited, dir.resolve("missing.log")));
  }

  @Test
  void procStatusFieldsAreReadInKilobytes() {
    String status = "Name:\tjava\nVmPeak:\t 5000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t 100 kB\n";
    assertEquals(123456, ProcStatus.field(status, "VmHWM"));
    assertEquals(-1, ProcStatus.field(status, "VmSwap"));
  }

  @Test
  void scenariosAreChosenByNameAndRunInTheirOwnOrder() {
    assertEquals(
        List.of(
            "throughput",
            "throughput-postgresql",
            "standard-plan",
            "standard-plan-two-taskmanagers",
            "plus-plan",
            "graphql-standard-plan",
            "graphql-plus-plan",
            "memory",
            "memory-direct",
            "bulk-backfill",
            "memory-bulk",
            "bulk-crossover-plus",
            "bulk-crossover-standard"),
        BenchMain.select(null).stream().map(Scenario::name).toList());
    assertEquals(
        List.of("throughput", "memory"),
        BenchMain.select("memory,throughput").stream().map(Scenario::name).toList());
    assertThrows(IllegalArgumentException.class, () -> BenchMain.select("fastest"));
    Args.Bench o = new Args.Bench();
    new CommandLine(o).parseArgs("--scenario=memory", "--scenario=plus-plan,throughput", "--keep");
    assertEquals(
        List.of("throughput", "plus-plan", "memory"),
        o.selected().stream().map(Scenario::name).toList());
    assertTrue(o.keep);
    assertEquals("bench/results/latest.json", o.out);
    assertEquals(1.0, o.scale);
    assertNull(o.runs);
  }

  private static Map<String, Object> figures(
      double wall, double cpu, double rss, Map<String, Long> rows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wall_s", wall);
    m.put("cpu_s", cpu);
    m.put("peak_rss_mb", rss);
    m.put("rows_by_table", rows);
    return m;
  }
}
