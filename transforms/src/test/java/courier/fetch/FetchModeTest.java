package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fetch mode's spellings: each parses back to its mode, in any case; anything else is named.
 */
class FetchModeTest {
  @Test
  void eachSpellingParsesBackToItsModeInAnyCase() {
    assertEquals(
        List.of("auto", "bulk", "paged"),
        List.of(FetchMode.values()).stream().map(FetchMode::spelling).toList());
    for (FetchMode mode : FetchMode.values()) {
      assertEquals(mode, FetchMode.parse(mode.spelling()));
      assertEquals(mode, FetchMode.parse(" " + mode.name() + " "));
    }
  }

  @Test
  void aBadOrMissingSpellingSaysWhichOnesExist() {
    for (String bad : new String[] {"bulky", "", null}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> FetchMode.parse(bad));
      assertEquals("is not a fetch mode: use auto, bulk or paged", e.getMessage());
    }
  }
}
