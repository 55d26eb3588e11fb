package courier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The charts are well-formed SVG holding the series they promise, from a made-up results file. */
class PlotsTest {
  private static final String SVG_NS = "http://www.w3.org/2000/svg";

  @Test
  void aResultsFileGetsARateChartPerLimitedScenarioAndAModesChartPerBaseline(@TempDir Path dir)
      throws Exception {
    Path results = dir.resolve("latest.json");
    new ObjectMapper()
        .writeValue(
            results.toFile(),
            Map.of("scenarios", List.of(throughput(), standardPlan(), unlimitedWithoutBaseline())));

    List<Path> written = Plots.writeNextTo(results);

    assertEquals(
        List.of(
            dir.resolve("latest-modes-throughput.svg"), dir.resolve("latest-rate-standard.svg")),
        written);
    Document rate = parse(dir.resolve("latest-rate-standard.svg"));
    assertEquals("svg", rate.getDocumentElement().getLocalName());
    Element accepted = series(rate, "series-accepted");
    String points =
        ((Element) accepted.getElementsByTagNameNS(SVG_NS, "polyline").item(0))
            .getAttribute("points");
    // A step per second: two points each, for the five seconds recorded.
    assertEquals(10, points.split(" ").length, points);
    assertTrue(points.matches("[0-9., ]+"), "plain decimal points whatever the locale: " + points);
    series(rate, "series-mean");
    series(rate, "series-limit");
    assertTrue(
        series(rate, "legend").getTextContent().contains("plan limit 2 requests/s"),
        series(rate, "legend").getTextContent());

    Document modes = parse(dir.resolve("latest-modes-throughput.svg"));
    for (String id : List.of("series-rows-per-s", "series-cpu-s")) {
      NodeList bars = series(modes, id).getElementsByTagNameNS(SVG_NS, "rect");
      assertEquals(3, bars.getLength(), id);
      List<String> order = new ArrayList<>();
      for (int i = 0; i < bars.getLength(); i++) {
        order.add(((Element) bars.item(i)).getAttribute("data-mode"));
      }
      assertEquals(List.of("baseline", "direct", "flink"), order, id);
    }
    assertTrue(
        series(modes, "series-cpu-s").getTextContent().contains("(8.0×)"),
        "the DirectRunner's CPU against the loop's");
  }

  @Test
  void noRateChartForAnUnlimitedPlanNorAModesChartWithoutABaseline() {
    ObjectMapper json = new ObjectMapper();
    assertNull(Plots.ratePlot(json.valueToTree(unlimitedWithoutBaseline())));
    assertNull(Plots.modesPlot(json.valueToTree(unlimitedWithoutBaseline())));
  }

  @Test
  void theMeanOfEachSecondAndTheNineBefore() {
    double[] mean = RatePlot.movingMean(List.of(9L, 17L, 2L, 2L, 1L, 3L), 3);
    assertEquals(
        List.of(9.0, 13.0, 28 / 3.0, 7.0, 5 / 3.0, 2.0),
        java.util.Arrays.stream(mean).boxed().toList());
  }

  @Test
  void textIsEscaped() {
    String svg = RatePlot.svg("a<b & \"c\"", List.of(1L), 2);
    assertTrue(svg.contains("a&lt;b &amp; &quot;c&quot;"), svg);
  }

  private static Element series(Document doc, String id) {
    NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("id").equals(id)) {
        return g;
      }
    }
    throw new AssertionError("no <g id=\"" + id + "\">");
  }

  /** Parses as XML, so a chart that is not well-formed fails here. */
  private static Document parse(Path svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
  }

  private static Map<String, Object> throughput() {
    Map<String, Object> modes = new LinkedHashMap<>();
    modes.put("baseline", Map.of("rows_per_s", 10000.0, "cpu_s", 20.0));
    modes.put("direct", Map.of("rows_per_s", 2000.0, "cpu_s", 160.0));
    modes.put("flink", Map.of("rows_per_s", 3000.0, "cpu_s", 90.5));
    return scenario("throughput", "unlimited", 500, modes);
  }

  private static Map<String, Object> standardPlan() {
    Map<String, Object> failed = Map.of("ok", false);
    Map<String, Object> ok =
        Map.of("ok", true, "accepted_requests_per_second", List.of(9, 17, 2, 2, 1));
    return scenario(
        "standard",
        "standard",
        2,
        Map.of(
            "direct", Map.of("rows_per_s", 300.0, "cpu_s", 200.0, "per_run", List.of(failed, ok))));
  }

  private static Map<String, Object> unlimitedWithoutBaseline() {
    return scenario(
        "memory", "unlimited", 500, Map.of("flink", Map.of("rows_per_s", 3000.0, "cpu_s", 600.0)));
  }

  /** A scenario as the results JSON has it: name, the shop's plan and leak, figures per mode. */
  private static Map<String, Object> scenario(
      String name, String plan, int leakPerSecond, Map<String, Object> modes) {
    return Map.of(
        "name",
        name,
        "inputs",
        Map.of("shop", Map.of("plan", plan, "leak_per_second", leakPerSecond)),
        "modes",
        modes);
  }
}
