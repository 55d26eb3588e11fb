package courier.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Run ids name directories: only path-safe ones are taken. */
class RunPathsTest {
  @Test
  void aRunIdIsLettersDigitsDotsUnderscoresAndDashesNotStartingWithPunctuation() {
    for (String id : List.of("run-1", "20261130T0600Z", "a", "nightly_2026.11.30-3")) {
      assertTrue(RunPaths.isValidRunId(id), id);
    }
    for (String id : List.of("", "../run", "runs/1", ".hidden", "-x", "run 1", "run=1", "run\n")) {
      assertFalse(RunPaths.isValidRunId(id), id);
    }
  }
}
