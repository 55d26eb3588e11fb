package courier.sink;

import courier.normalize.NormalizedTables;
import courier.normalize.Rejects;
import courier.schema.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes each domain table, and the rejects, as a Parquet feed of the run:
 * {@code <output>/feeds/<table>/run_id=<run>/part-NNNNN-of-NNNNN.parquet}.
 *
 * <p>Files carry decimal(p,s) and UTC timestamp logical types, semantic tags as Avro field
 * properties and as the footer entry {@code courier.semantic_tags}. A table without rows this run
 * gets no file (Beam's FileIO writes no shard for empty input under runner-determined sharding);
 * the manifest still lists it, with 0 rows and no files. A feed is complete only once {@link
 * RunManifest} has written the manifest.
 *
 * <pre>{@code
 * ParquetFeeds.Result feeds = normalized.apply("ParquetFeeds", ParquetFeeds.to(outputDir).withRunId(runId));
 * }</pre>
 */
public final class ParquetFeeds extends PTransform<NormalizedTables, ParquetFeeds.Result> {
  private static final long serialVersionUID = 1L;

  private final String outputDir;
  private final String runId;
  private final CompressionCodecName codec;

  private ParquetFeeds(String outputDir, String runId, CompressionCodecName codec) {
    this.outputDir = outputDir;
    this.runId = runId;
    this.codec = codec;
  }

  /** Feeds go under {@code <outputDir>/feeds/}: any Beam filesystem path. ZSTD by default. */
  public static ParquetFeeds to(String outputDir) {
    require(outputDir != null && !outputDir.isBlank(), "ParquetFeeds.to() needs an output directory");
    return new ParquetFeeds(outputDir, null, CompressionCodecName.ZSTD);
  }

  /** The run's id: its files go to {@code run_id=<runId>/}. Required. */
  public ParquetFeeds withRunId(String runId) {
    require(runId != null && RunPaths.isValidRunId(runId), "withRunId() needs a run id of letters, digits, '.', '_' or '-'");
    return new ParquetFeeds(outputDir, runId, codec);
  }

  /** Page compression; ZSTD unless told otherwise (SNAPPY, GZIP, UNCOMPRESSED...). */
  public ParquetFeeds withCompression(CompressionCodecName codec) {
    require(codec != null, "withCompression() needs a codec");
    return new ParquetFeeds(outputDir, runId, codec);
  }

  @Override
  public Result expand(NormalizedTables normalized) {
    require(runId != null, "ParquetFeeds needs withRunId()");
    Pipeline pipeline = normalized.getPipeline();
    List<PCollection<KV<String, String>>> files = new ArrayList<>();
    // Each row counts 1 for its feed; a 0 per feed makes empty feeds appear. One shuffle for all.
    List<PCollection<KV<String, Long>>> counts = new ArrayList<>();
    List<KV<String, Long>> zeros = new ArrayList<>();
    Map<String, Integer> versions = new LinkedHashMap<>();
    for (TableSchema table : normalized.tables()) {
      WrittenFeed written =
          normalized.rows(table.name()).apply(table.name(), new WriteFeed(FeedSchema.of(table), outputDir, runId, codec));
      files.add(written.files);
      counts.add(written.ones);
      zeros.add(KV.of(table.name(), 0L));
      versions.put(table.name(), table.version());
    }
    WrittenFeed writtenRejects =
        normalized.rejects().apply(Rejects.FEED, new WriteFeed(FeedSchema.rejects(), outputDir, runId, codec));
    files.add(writtenRejects.files);
    counts.add(writtenRejects.ones);
    zeros.add(KV.of(Rejects.FEED, 0L));
    counts.add(pipeline.apply("EveryFeed", Create.of(zeros)));

    PCollection<KV<String, Long>> rejectsByTable =
        normalized.rejects()
            .apply("RejectTables", MapElements.into(TypeDescriptors.strings()).via((Row r) -> r.getString(Rejects.TABLE)))
            .apply("CountRejectsPerTable", Count.perElement());
    return new Result(
        pipeline,
        outputDir,
        runId,
        versions,
        PCollectionList.of(files).apply("AllFiles", Flatten.pCollections()),
        PCollectionList.of(counts).apply("AllRows", Flatten.pCollections()).apply("RowCounts", Sum.longsPerKey()),
        rejectsByTable);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("outputDir", outputDir).withLabel("Output directory"))
        .addIfNotNull(DisplayData.item("runId", runId).withLabel("Run id"))
        .add(DisplayData.item("compression", codec.name()).withLabel("Parquet compression"));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static final class WrittenFeed implements POutput {
    private final PCollection<KV<String, String>> files;
    /** (feed, 1) per row. */
    private final PCollection<KV<String, Long>> ones;

    WrittenFeed(PCollection<KV<String, String>> files, PCollection<KV<String, Long>> ones) {
      this.files = files;
      this.ones = ones;
    }

    @Override
    public Pipeline getPipeline() {
      return files.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(new TupleTag<>("files"), files, new TupleTag<>("ones"), ones);
    }

    @Override
    public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
  }

  /** One feed: rows to Avro records to Parquet files; the files written, and a 1 per row to count. */
  private static final class WriteFeed extends PTransform<PCollection<Row>, WrittenFeed> {
    private static final long serialVersionUID = 1L;
    private final FeedSchema feed;
    private final String outputDir;
    private final String runId;
    private final CompressionCodecName codec;

    WriteFeed(FeedSchema feed, String outputDir, String runId, CompressionCodecName codec) {
      this.feed = feed;
      this.outputDir = outputDir;
      this.runId = runId;
      this.codec = codec;
    }

    @Override
    public WrittenFeed expand(PCollection<Row> rows) {
      String name = feed.name();
      Schema avroSchema = feed.avroSchema();
      ResourceId directory = RunPaths.feedDirectory(outputDir, name, runId);
      WriteFilesResult<Void> written =
          rows.apply("ToAvro", ParDo.of(new FeedRecords.ToRecordFn(avroSchema)))
              .setCoder(AvroCoder.of(avroSchema))
              .apply(
                  "WriteParquet",
                  FileIO.<GenericRecord>write()
                      .via(new ParquetFileSink(avroSchema, feed.footer(runId), codec))
                      .to(directory.toString())
                      .withPrefix("part")
                      .withSuffix(".parquet"));
      PCollection<KV<String, String>> files =
          written
              .getPerDestinationOutputFilenames()
              .apply("FileNames", Values.create())
              .apply("ByTable", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                  .via(file -> KV.of(name, file)));
      PCollection<KV<String, Long>> ones =
          rows.apply("OnePerRow", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
              .via(row -> KV.of(name, 1L)));
      return new WrittenFeed(files, ones);
    }
  }

  /**
   * The feeds of a run: every file written (table to file; rejects under {@code _rejects}), the
   * row count of each table (zero for empty ones), and rejects per table. {@link RunManifest}
   * applies to it.
   */
  public static final class Result implements PInput, POutput {
    private final Pipeline pipeline;
    private final String outputDir;
    private final String runId;
    private final Map<String, Integer> schemaVersions;
    private final PCollection<KV<String, String>> files;
    private final PCollection<KV<String, Long>> rowCounts;
    private final PCollection<KV<String, Long>> rejectsByTable;

    Result(
        Pipeline pipeline,
        String outputDir,
        String runId,
        Map<String, Integer> schemaVersions,
        PCollection<KV<String, String>> files,
        PCollection<KV<String, Long>> rowCounts,
        PCollection<KV<String, Long>> rejectsByTable) {
      this.pipeline = pipeline;
      this.outputDir = outputDir;
      this.runId = runId;
      this.schemaVersions = Map.copyOf(schemaVersions);
      this.files = files;
      this.rowCounts = rowCounts;
      this.rejectsByTable = rejectsByTable;
    }

    /** Table (or {@code _rejects}) to the full path of each Parquet file written. */
    public PCollection<KV<String, String>> files() {
      return files;
    }

    /** Table (or {@code _rejects}) to its row count this run; one element per table. */
    public PCollection<KV<String, Long>> rowCounts() {
      return rowCounts;
    }

    /** Table to the number of entities rejected there; tables without rejects are absent. */
    public PCollection<KV<String, Long>> rejectsByTable() {
      return rejectsByTable;
    }

    /** Domain table to the version of its schema file. */
    public Map<String, Integer> schemaVersions() {
      return schemaVersions;
    }

    public String outputDir() {
      return outputDir;
    }

    public String runId() {
      return runId;
    }

    public <OutputT extends POutput> OutputT apply(String name, PTransform<? super Result, OutputT> transform) {
      return Pipeline.applyTransform(name, this, transform);
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(
          new TupleTag<>("files"), files,
          new TupleTag<>("rowCounts"), rowCounts,
          new TupleTag<>("rejectsByTable"), rejectsByTable);
    }

    @Override
    public void finishSpecifyingOutput(String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
