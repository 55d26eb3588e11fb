package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The commit's newer-wins check looks each staged row's entity up in its root's staging by
 * (_run_id, _shop, _root_id); without an index there H2 scans every staged root of the run per row
 * (a quadratic first load, bench/README.md). Exactly the versioned roots' staging tables carry it.
 */
class StagingIndexTest {
  @Test
  void theVersionedRootsStagingIsIndexedForTheNewerWinsLookupAndNoOtherStaging() {
    JdbcTarget target = JdbcTarget.of("jdbc:h2:mem:staging_index");
    Map<String, List<List<String>>> indexed = new TreeMap<>();
    for (TableSchema table : SchemaCatalog.packaged().tables()) {
      List<List<String>> indexes = SqlTable.staging(target, table, "run-1").indexes();
      if (!indexes.isEmpty()) {
        indexed.put(table.name(), indexes);
      }
    }
    List<List<String>> lookup = List.of(List.of("_run_id", "_shop", "_root_id"));
    assertEquals(
        Map.of(
            "abandoned_checkout", lookup,
            "customer", lookup,
            "order", lookup,
            "product", lookup),
        indexed);
  }
}
