package courier.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Command-line parsing of bin/shopify-sim. */
class SimulatorMainTest {

  @Test
  void parsesOptionsIntoABuilder() {
    SimulatorOptions o =
        SimulatorMain.parse(
            new String[] {
              "--port=0",
              "--seed=7",
              "--customers=10",
              "--orders=20",
              "--products=3",
              "--locations=2",
              "--plan=standard",
              "--latencyMs=5",
              "--faultRate=0.1",
              "--now=2026-11-01T00:00:00Z",
              "--token=T"
            });
    try (ShopifySimulator sim = SimulatorMain.configure(o).build()) {
      assertEquals("T", sim.accessToken());
      assertEquals(Plan.STANDARD, sim.plan());
      assertEquals(5, sim.latencyMs());
      assertEquals(0.1, sim.faults().totalRate(), 1e-9);
      assertEquals(20, sim.count(Resource.ORDERS));
      assertEquals(2, sim.count(Resource.LOCATIONS));
      assertEquals(java.time.Instant.parse("2026-11-01T00:00:00Z"), sim.clock().now());
    }
  }

  @Test
  void rejectsBadOptionsClearly() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> SimulatorMain.parse(new String[] {"--nope=1"}))
            .getMessage()
            .contains("--nope"));
    assertRefused(() -> SimulatorMain.parse(new String[] {"orders=5"}), "'orders=5'");
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> SimulatorMain.configure(SimulatorMain.parse(new String[] {"--orders=many"})))
            .getMessage()
            .contains("--orders must be an integer"));
    assertRefused(
        () -> SimulatorMain.configure(SimulatorMain.parse(new String[] {"--plan=gold"})),
        "--plan must be one of standard, advanced, plus, enterprise, unlimited, got 'gold'");
    assertRefused(
        () -> SimulatorMain.configure(SimulatorMain.parse(new String[] {"--faultRate=2"})),
        "faultRate must be between 0 and 1");
    assertRefused(
        () -> SimulatorMain.configure(SimulatorMain.parse(new String[] {"--clientId=x"})),
        "--clientId and --clientSecret go together");
    assertTrue(SimulatorMain.usage().contains("--faultRate=RATE"));
  }

  private static void assertRefused(Executable call, String because) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    assertTrue(message.contains(because), message);
  }
}
