package courier.normalize;

import courier.beam.MetricValues;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * What normalization did to a run's entities, read from its counters after the run: the manifest's
 * "normalize" section, so values the courier cleaned or dropped are counted where an operator
 * looks.
 */
public final class NormalizeStats {
  private NormalizeStats() {}

  /**
   * entities normalized and rejected, NUL characters removed, keys the JSON repeated within an
   * object (the last value kept), and rows dropped as duplicate primary keys, in total and per
   * table.
   */
  public static Map<String, Object> from(PipelineResult result) {
    Map<String, Long> sums = new TreeMap<>();
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(Normalize.class.getName()))
                    .build())
            .getCounters()) {
      // Summed over steps, as a counter may be reported once per step that ran it.
      sums.merge(counter.getName().getName(), MetricValues.of(counter), Long::sum);
    }
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("entities_normalized", sums.getOrDefault("normalizedEntities", 0L));
    section.put("entities_rejected", sums.getOrDefault("rejectedEntities", 0L));
    section.put("nul_characters_removed", sums.getOrDefault("nulCharactersRemoved", 0L));
    section.put("repeated_json_keys", sums.getOrDefault("repeatedJsonKeys", 0L));
    section.put(
        "duplicate_primary_keys_dropped", sums.getOrDefault("duplicatePrimaryKeysDropped", 0L));
    Map<String, Long> perTable = new TreeMap<>();
    String prefix = "duplicatePrimaryKeysDropped.";
    sums.forEach(
        (name, value) -> {
          if (name.startsWith(prefix)) {
            perTable.put(name.substring(prefix.length()), value);
          }
        });
    section.put("duplicate_primary_keys_dropped_by_table", perTable);
    return section;
  }
}
