package courier.sink;

import courier.fetch.ShopifyEntity;
import courier.normalize.EntityNormalizer;
import courier.schema.ColumnSpec;
import courier.schema.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.Row;

/**
 * What the sinks should hold, computed in plain Java from the same inputs: per run, the latest
 * version of each entity is normalized and replaces that entity's rows in every table of its
 * resource; rejected entities change nothing. Tests compare feeds and databases to it, value by
 * value (the normalizer itself is checked against the fixtures in EntityNormalizerTest).
 */
final class DomainModel {
  private final List<TableSchema> tables;

  /** table -> (shop, root id) -> the entity's rows as value lists. */
  private final Map<String, Map<List<Object>, List<List<Object>>>> state = new HashMap<>();

  private Map<String, List<List<Object>>> lastRun = Map.of();
  private long lastRejects;

  DomainModel(List<TableSchema> tables) {
    this.tables = tables;
    tables.forEach(t -> state.put(t.name(), new HashMap<>()));
  }

  /** Applies a successful run. */
  void apply(List<ShopifyEntity> input, String runId, Instant syncedAt) {
    Map<String, List<List<Object>>> runRows = new TreeMap<>();
    tables.forEach(t -> runRows.put(t.name(), new ArrayList<>()));
    lastRejects = 0;
    for (ShopifyEntity entity : latest(input)) {
      EntityNormalizer.Outcome outcome =
          EntityNormalizer.normalize(entity, tables, runId, syncedAt);
      if (!(outcome instanceof EntityNormalizer.Normalized normalized)) {
        lastRejects++;
        continue;
      }
      List<Object> root = List.of(entity.shop(), entity.id());
      normalized
          .rows()
          .forEach(
              (table, rows) -> {
                List<List<Object>> values = rows.stream().map(Row::getValues).toList();
                state.get(table).put(root, values);
                runRows.get(table).addAll(values);
              });
    }
    runRows.replaceAll((table, rows) -> sorted(table, rows));
    lastRun = runRows;
  }

  /** Every table's rows, sorted by primary key. */
  Map<String, List<List<Object>>> tables() {
    Map<String, List<List<Object>>> all = new TreeMap<>();
    state.forEach(
        (table, byRoot) -> {
          List<List<Object>> rows = new ArrayList<>();
          byRoot.values().forEach(rows::addAll);
          all.put(table, sorted(table, rows));
        });
    return all;
  }

  /** The rows the last run wrote (its Parquet feeds), per table, sorted by primary key. */
  Map<String, List<List<Object>>> lastRun() {
    return lastRun;
  }

  long lastRejects() {
    return lastRejects;
  }

  List<List<Object>> sorted(String table, List<List<Object>> rows) {
    TableSchema schema =
        tables.stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow();
    List<String> names = schema.allColumns().stream().map(ColumnSpec::name).toList();
    List<Integer> key = schema.primaryKey().stream().map(names::indexOf).toList();
    List<List<Object>> copy = new ArrayList<>(rows);
    copy.sort(byColumns(key));
    return copy;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparator<List<Object>> byColumns(List<Integer> columns) {
    return (a, b) -> {
      for (int i : columns) {
        int c = ((Comparable) a.get(i)).compareTo(b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    };
  }

  /** One version per (shop, resource, id): the greatest updated_at, ties broken by the JSON. */
  static List<ShopifyEntity> latest(List<ShopifyEntity> input) {
    Map<String, ShopifyEntity> latest = new LinkedHashMap<>();
    Comparator<ShopifyEntity> recency =
        Comparator.comparingLong(ShopifyEntity::updatedAtMillis).thenComparing(ShopifyEntity::json);
    for (ShopifyEntity e : input) {
      latest.merge(
          e.shop() + "/" + e.resource() + "/" + e.id(),
          e,
          (a, b) -> recency.compare(a, b) >= 0 ? a : b);
    }
    return new ArrayList<>(latest.values());
  }
}
