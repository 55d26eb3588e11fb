package courier.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The id merge of --reconcile, and its misuse refused before any work. */
class ReconciliationTest {
  @Test
  void theMergeTellsWhatOnlyShopifyHasFromWhatOnlyTheDatabaseHas() {
    List<Long> onlyShopify = new ArrayList<>();
    List<Long> onlyDatabase = new ArrayList<>();
    Reconciliation.merge(
        new long[] {1, 3, 4, 9, Long.MAX_VALUE},
        new long[] {2, 3, 5, 9},
        onlyShopify,
        onlyDatabase);
    assertEquals(List.of(1L, 4L, Long.MAX_VALUE), onlyShopify);
    assertEquals(List.of(2L, 5L), onlyDatabase);

    List<Long> none = new ArrayList<>();
    List<Long> all = new ArrayList<>();
    Reconciliation.merge(new long[0], new long[] {7, 8}, none, all);
    assertEquals(List.of(), none);
    assertEquals(List.of(7L, 8L), all);
  }

  @Test
  void reconcileWithoutARootTableIsRefusedWithExit2AndTheFix(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("token"), "shpat_test");
    InProcessCourier.Outcome outcome =
        InProcessCourier.courier(
            "run",
            "--shop=acme",
            "--accessTokenFile=" + dir.resolve("token"),
            "--output=" + dir.resolve("out"),
            "--tables=locations",
            "--load=all",
            "--reconcile");
    assertEquals(2, outcome.code(), outcome.all());
    assertTrue(outcome.err().contains("drop --reconcile"), outcome.all());
  }
}
