package courier.normalize;

import courier.beam.CompositeValue;
import courier.schema.TableSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link Normalize} produces: the rows of each domain table (with the table's Beam schema),
 * the rejects and the root keys of the run. It is also the input of the sinks, so a pipeline reads
 * {@code normalized.apply("ParquetFeeds", ...)}.
 */
public final class NormalizedTables extends CompositeValue<NormalizedTables> {
  private final Map<String, TableSchema> tables;
  private final Map<String, PCollection<Row>> rows;
  private final PCollection<Row> rejects;
  private final PCollection<Row> roots;
  private final PCollection<Row> deletions;

  NormalizedTables(
      Pipeline pipeline,
      List<TableSchema> tables,
      Map<String, PCollection<Row>> rows,
      PCollection<Row> rejects,
      PCollection<Row> roots,
      PCollection<Row> deletions) {
    super(pipeline);
    Map<String, TableSchema> byName = new LinkedHashMap<>();
    tables.forEach(t -> byName.put(t.name(), t));
    this.tables = Collections.unmodifiableMap(byName);
    this.rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    this.rejects = rejects;
    this.roots = roots;
    this.deletions = deletions;
  }

  /**
   * The same tables with the run's deletions (rows of {@link Deletions#SCHEMA}) in place of none:
   * the sinks write them as the {@code _deletions} feed and mark the deleted entities' rows.
   */
  public NormalizedTables withDeletions(PCollection<Row> runDeletions) {
    return new NormalizedTables(
        getPipeline(), tables(), rows, rejects, roots, runDeletions.setRowSchema(Deletions.SCHEMA));
  }

  /** One row per entity the run found deleted, with {@link Deletions#SCHEMA}; empty by default. */
  public PCollection<Row> deletions() {
    return deletions;
  }

  /** The rows of one table; IllegalArgumentException listing the tables otherwise. */
  public PCollection<Row> rows(String table) {
    PCollection<Row> tableRows = rows.get(table);
    if (tableRows == null) {
      throw new IllegalArgumentException(
          "no table '" + table + "' was normalized; tables: " + String.join(", ", rows.keySet()));
    }
    return tableRows;
  }

  /** The table names, in the order the tables were given to {@link Normalize#into}. */
  public List<String> tableNames() {
    return new ArrayList<>(rows.keySet());
  }

  /** The schema files of the normalized tables, in the same order. */
  public List<TableSchema> tables() {
    return new ArrayList<>(tables.values());
  }

  public TableSchema table(String name) {
    rows(name);
    return tables.get(name);
  }

  /** One row per rejected entity, with {@link Rejects#SCHEMA}. */
  public PCollection<Row> rejects() {
    return rejects;
  }

  /** One row per entity normalized successfully, with {@link RootKeys#SCHEMA}. */
  public PCollection<Row> roots() {
    return roots;
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> values = new LinkedHashMap<>();
    rows.forEach((table, pc) -> values.put(new TupleTag<Row>("table:" + table), pc));
    values.put(new TupleTag<Row>("rejects"), rejects);
    values.put(new TupleTag<Row>("roots"), roots);
    values.put(new TupleTag<Row>("deletions"), deletions);
    return values;
  }
}
