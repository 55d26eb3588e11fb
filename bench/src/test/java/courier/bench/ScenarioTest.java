package courier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  /**
   * throughput-postgresql is throughput with every database write in PostgreSQL: the same shop and
   * modes, the loop that writes no database left as it is (it is the floor of both).
   */
  @Test
  void throughputPostgresqlIsThroughputWithEveryDatabaseWriteInPostgresql() {
    Scenario h2 = Scenario.throughput();
    Scenario pg = Scenario.throughputPostgresql();
    assertEquals(h2.shop(), pg.shop());
    assertEquals(names(h2), names(pg));
    Map<String, Boolean> intoPostgres =
        pg.modes().stream().collect(Collectors.toMap(Scenario.Mode::name, Scenario.Mode::postgres));
    assertEquals(
        Map.of("baseline", false, "baseline-db", true, "direct", true, "flink", true),
        intoPostgres);
    for (int i = 0; i < h2.modes().size(); i++) {
      assertEquals(h2.modes().get(i).courierArgs(), pg.modes().get(i).courierArgs());
      assertFalse(h2.modes().get(i).postgres(), "throughput itself writes H2");
    }
    assertTrue(pg.modes().get(3).describe().containsKey("database"));
  }

  private static List<String> names(Scenario s) {
    return s.modes().stream().map(Scenario.Mode::name).toList();
  }
}
