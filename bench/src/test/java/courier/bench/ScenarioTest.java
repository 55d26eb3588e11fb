package courier.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
      Scenario.Mode before = h2.modes().get(i);
      Scenario.Mode moved = pg.modes().get(i);
      assertFalse(before.postgres(), "throughput itself writes H2");
      assertEquals(allButTheDatabase(before), allButTheDatabase(moved), moved.name());
      assertEquals(moved.postgres(), moved.describe().containsKey("database"), moved.name());
    }
  }

  private static List<Object> allButTheDatabase(Scenario.Mode m) {
    return List.of(
        m.name(),
        m.baseline(),
        m.heap(),
        m.courierArgs(),
        m.runs(),
        m.timeout(),
        m.sampleOrders(),
        m.sessionTaskManagers());
  }

  @Test
  void aModeCannotHaveASessionClusterAndAPostgresqlOfItsOwn() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Scenario.Mode(
                    "both", false, "-Xmx1g", List.of(), 1, Duration.ofMinutes(1), 0, 2, true));
    assertTrue(e.getMessage().startsWith("both: "), e.getMessage());
  }

  private static List<String> names(Scenario s) {
    return s.modes().stream().map(Scenario.Mode::name).toList();
  }
}
