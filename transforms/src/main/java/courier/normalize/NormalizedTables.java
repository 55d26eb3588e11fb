package courier.normalize;

import courier.beam.CompositeValue;
import courier.schema.TableSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;

/**
 * What {@link Normalize} produces: the rows of each domain table (with the table's Beam schema),
 * the rejects and the root keys of the run. It is also the input of the sinks, so a pipeline reads
 * {@code normalized.apply("ParquetFeeds", ...)}.
 *
 * <p>All of them travel as one collection, {@link #records()}: each row keyed by its table, a
 * reject by {@link #REJECTS}, a root key by {@link #ROOTS}. The sinks read that one collection,
 * because a collection per table costs a copy of every row per table on Flink: its batch runner
 * sends every output of a step to the reader of each output, serialized, and lets each drop what is
 * not its own (a profile of the throughput bench had 16 % of Flink's samples encoding rows there).
 * Its rows stay encoded, each with its table's RowCoder, so that a step's readers copy bytes rather
 * than re-encode rows, and each decodes only what it needs ({@link TableRows}). {@link #rows},
 * {@link #rejects} and {@link #roots} pick one kind out of it, decoded, for what needs only that.
 *
 * <p>{@link #versionRecords()} and {@link #contested()} serve a sink that can replace what it wrote
 * (the database's staging): it writes every version before the dedup, while the fetch still runs,
 * then puts the kept version of each entity read more than once in place of the others.
 */
public final class NormalizedTables extends CompositeValue<NormalizedTables> {
  /** The key of a reject in {@link #records()}. */
  public static final String REJECTS = Rejects.FEED;

  /** The key of a root key in {@link #records()}. */
  public static final String ROOTS = "_roots";

  /**
   * The key, in {@link #contested()}, of an entity read in more than one version: a {@link
   * RootKeys} row.
   */
  public static final String CONTESTED = "_contested";

  private final Map<String, TableSchema> tables;
  private final PCollection<KV<String, byte[]>> records;
  private final PCollection<KV<String, byte[]>> versionRecords;
  private final PCollection<KV<String, byte[]>> contested;
  private final PCollection<Row> deletions;

  /** The collections picked out of records, each made once: shared by copies (withDeletions). */
  private final Map<String, PCollection<Row>> picked;

  NormalizedTables(
      Pipeline pipeline,
      List<TableSchema> tables,
      PCollection<KV<String, byte[]>> records,
      PCollection<KV<String, byte[]>> versionRecords,
      PCollection<KV<String, byte[]>> contested,
      PCollection<Row> deletions) {
    this(
        pipeline,
        byName(tables),
        records,
        versionRecords,
        contested,
        deletions,
        new ConcurrentHashMap<>());
  }

  private NormalizedTables(
      Pipeline pipeline,
      Map<String, TableSchema> tables,
      PCollection<KV<String, byte[]>> records,
      PCollection<KV<String, byte[]>> versionRecords,
      PCollection<KV<String, byte[]>> contested,
      PCollection<Row> deletions,
      Map<String, PCollection<Row>> picked) {
    super(pipeline);
    this.tables = tables;
    this.records = records;
    this.versionRecords = versionRecords;
    this.contested = contested;
    this.picked = picked;
    this.deletions = deletions;
    rejects(); // picked now: expand() names the rejects among this input's values
  }

  /**
   * By name. A schema file's table name starts with a letter (see SchemaCatalog), so it never
   * collides with {@link #REJECTS} or {@link #ROOTS}.
   */
  private static Map<String, TableSchema> byName(List<TableSchema> tables) {
    Map<String, TableSchema> byName = new LinkedHashMap<>();
    tables.forEach(t -> byName.put(t.name(), t));
    return Collections.unmodifiableMap(byName);
  }

  /** The coder of {@link #records()}: a table's name, a row's bytes (see {@link TableRows}). */
  public static final KvCoder<String, byte[]> RECORD_CODER =
      KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of());

  /** What reads the rows of {@link #records()} for these tables. */
  static TableRows tableRows(List<TableSchema> tables) {
    Map<String, Schema> schemas = new LinkedHashMap<>();
    tables.forEach(t -> schemas.put(t.name(), t.beamSchema()));
    schemas.put(REJECTS, Rejects.SCHEMA);
    schemas.put(ROOTS, RootKeys.SCHEMA);
    schemas.put(CONTESTED, RootKeys.SCHEMA);
    return TableRows.of(schemas);
  }

  /**
   * The same tables with the run's deletions (rows of {@link Deletions#SCHEMA}) in place of none:
   * the sinks write them as the {@code _deletions} feed and mark the deleted entities' rows.
   */
  public NormalizedTables withDeletions(PCollection<Row> runDeletions) {
    return new NormalizedTables(
        getPipeline(),
        tables,
        records,
        versionRecords,
        contested,
        runDeletions.setRowSchema(Deletions.SCHEMA),
        picked);
  }

  /**
   * Every row of the run, encoded: a table's rows keyed by the table's name, rejects by {@link
   * #REJECTS}, root keys by {@link #ROOTS}; {@link #tableRows()} decodes them (with the key's
   * schema).
   */
  public PCollection<KV<String, byte[]>> records() {
    return records;
  }

  /**
   * The rows and root key of every version of every entity the run read, before the dedup keeps the
   * newest: records as in {@link #records()}, without rejects. A sink that can replace what it
   * wrote (the database's staging) writes these while the fetch runs, rather than waiting for the
   * dedup's barrier, and then puts {@link #contested()} in place of the entities read more than
   * once.
   */
  public PCollection<KV<String, byte[]>> versionRecords() {
    return versionRecords;
  }

  /**
   * For each entity the run read in more than one version (usually none: one updated while the run
   * read it): a {@link #CONTESTED} record with its {@link RootKeys} row, then the kept version's
   * records as in {@link #records()} (its rows and root key, or its reject).
   */
  public PCollection<KV<String, byte[]>> contested() {
    return contested;
  }

  /** Decodes the row of a record of {@link #records()}. */
  public TableRows tableRows() {
    return tableRows(tables());
  }

  /** One row per entity the run found deleted, with {@link Deletions#SCHEMA}; empty by default. */
  public PCollection<Row> deletions() {
    return deletions;
  }

  /** The rows of one table; IllegalArgumentException listing the tables otherwise. */
  public PCollection<Row> rows(String table) {
    return pick(table, "Rows " + table, table(table).beamSchema());
  }

  /** The table names, in the order the tables were given to {@link Normalize#into}. */
  public List<String> tableNames() {
    return new ArrayList<>(tables.keySet());
  }

  /** The schema files of the normalized tables, in the same order. */
  public List<TableSchema> tables() {
    return new ArrayList<>(tables.values());
  }

  /** The schema file of one table; IllegalArgumentException listing the tables otherwise. */
  public TableSchema table(String name) {
    TableSchema schema = tables.get(name);
    if (schema == null) {
      throw new IllegalArgumentException(
          "no table '" + name + "' was normalized; tables: " + String.join(", ", tables.keySet()));
    }
    return schema;
  }

  /** One row per rejected entity, with {@link Rejects#SCHEMA}. */
  public PCollection<Row> rejects() {
    return pick(REJECTS, "Rejects", Rejects.SCHEMA);
  }

  /** One row per entity normalized successfully, with {@link RootKeys#SCHEMA}. */
  public PCollection<Row> roots() {
    return pick(ROOTS, "Roots", RootKeys.SCHEMA);
  }

  /** The records of one key, picked out once however often asked for. */
  private PCollection<Row> pick(String key, String stepName, Schema schema) {
    return picked.computeIfAbsent(
        key,
        k -> records.apply(stepName, ParDo.of(new PickFn(k, tableRows()))).setRowSchema(schema));
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    Map<TupleTag<?>, PValue> values = new LinkedHashMap<>();
    values.put(new TupleTag<KV<String, byte[]>>("records"), records);
    values.put(new TupleTag<KV<String, byte[]>>("versionRecords"), versionRecords);
    values.put(new TupleTag<KV<String, byte[]>>("contested"), contested);
    values.put(new TupleTag<Row>("rejects"), rejects());
    values.put(new TupleTag<Row>("deletions"), deletions);
    return values;
  }

  /** The rows of one key, the only records it decodes. */
  private static final class PickFn extends DoFn<KV<String, byte[]>, Row> {
    private static final long serialVersionUID = 1L;
    private final String key;
    private final TableRows rows;

    PickFn(String key, TableRows rows) {
      this.key = key;
      this.rows = rows;
    }

    @ProcessElement
    public void process(@Element KV<String, byte[]> record, OutputReceiver<Row> out) {
      if (key.equals(record.getKey())) {
        out.output(rows.decode(record));
      }
    }
  }
}
