package courier.sink;

import courier.beam.CompositeValue;
import courier.normalize.Deletions;
import courier.normalize.NormalizedTables;
import courier.normalize.Rejects;
import courier.normalize.TableRows;
import courier.schema.TableSchema;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.ValueProvider.StaticValueProvider;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes each domain table, and the rejects, as a Parquet feed of the run, staged in the run's
 * directory: {@code <output>/runs/<run>/feeds/<table>/part-NNNNN-of-NNNNN.parquet}. Nothing is
 * written to {@code feeds/}: {@link RunManifest} moves the files to {@code
 * <output>/feeds/<table>/run_id=<run>/} once the run is committed, so a reader of {@code feeds/}
 * never sees a partial or uncommitted run.
 *
 * <p>Files carry decimal(p,s) and UTC timestamp logical types, semantic tags as Avro field
 * properties and as the footer entry {@code courier.semantic_tags}. A table without rows this run
 * gets one empty file, so it still has a schema and a directory for the run that queries can read;
 * the manifest lists it with 0 rows.
 *
 * <p>All feeds go through one dynamic FileIO write whose destination is the feed, so the graph does
 * not grow with the number of tables; its temporary files wait in {@code
 * <output>/runs/<run>/.temp-beam/} until renamed into their staged feed's directory.
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
    require(
        outputDir != null && !outputDir.isBlank(), "ParquetFeeds.to() needs an output directory");
    return new ParquetFeeds(outputDir, null, CompressionCodecName.ZSTD);
  }

  /** The run's id: its files go to {@code runs/<runId>/feeds/}. Required. */
  public ParquetFeeds withRunId(String runId) {
    require(
        runId != null && RunPaths.isValidRunId(runId),
        "withRunId() needs a run id of letters, digits, '.', '_' or '-'");
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
    List<FeedSchema> feeds = new ArrayList<>();
    Map<String, Integer> versions = new LinkedHashMap<>();
    for (TableSchema table : normalized.tables()) {
      feeds.add(FeedSchema.of(table));
      versions.put(table.name(), table.version());
    }
    feeds.add(FeedSchema.rejects());
    FeedSchema deletionsFeed = FeedSchema.deletions();
    feeds.add(deletionsFeed);

    // Every feed's records in one collection, keyed by their feed, for one write of all feeds
    // (a FileIO write per feed repeats its thirty-odd steps for every feed). The records travel as
    // the normalized records do, KV<feed, row bytes> (one small coder, not one that holds every
    // feed's schema), and each feed's sink decodes its own: the tables' rows and the rejects are
    // the normalized records themselves, less the root keys; the deletions are encoded alike.
    String deletions = deletionsFeed.name();
    TableRows tableRows = normalized.tableRows().with(deletions, Deletions.SCHEMA);
    Map<String, ParquetFileSink> sinks = new LinkedHashMap<>();
    Map<String, String> directories = new LinkedHashMap<>();
    List<KV<String, Long>> zeros = new ArrayList<>();
    for (FeedSchema feed : feeds) {
      String name = feed.name();
      sinks.put(
          name, new ParquetFileSink(name, tableRows, feed.avroSchema(), feed.footer(runId), codec));
      directories.put(name, RunPaths.stagedFeedDirectory(outputDir, name, runId).toString());
      zeros.add(KV.of(name, 0L));
    }
    List<PCollection<KV<String, byte[]>>> keyed =
        List.of(
            normalized
                .records()
                .apply("FeedRecords", ParDo.of(new FeedRecords.FeedRecordsFn(sinks.keySet())))
                .setCoder(NormalizedTables.RECORD_CODER),
            normalized
                .deletions()
                .apply(
                    "Encode " + deletions, ParDo.of(new FeedRecords.EncodeFn(deletions, tableRows)))
                .setCoder(NormalizedTables.RECORD_CODER));
    PCollection<KV<String, byte[]>> records =
        PCollectionList.of(keyed).apply("AllFeeds", Flatten.pCollections());

    ParquetFileSink.PerFeed sinkOf = new ParquetFileSink.PerFeed(sinks);
    PartFiles namingOf = new PartFiles(directories);
    WriteFilesResult<String> written =
        records.apply(
            "WriteParquet",
            FileIO.<String, KV<String, byte[]>>writeDynamic()
                .by(new FeedOf())
                .withDestinationCoder(StringUtf8Coder.of())
                .via(Contextful.fn(new RecordOf()), Contextful.fn(sinkOf))
                .withNaming(namingOf)
                .withTempDirectory(RunPaths.runDirectory(outputDir, runId).toString()));

    // Each row counts 1 for its feed; a 0 per feed makes empty feeds appear. One shuffle for all.
    PCollection<KV<String, Long>> ones =
        records.apply(
            "OnePerRow",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                .via((KV<String, byte[]> record) -> KV.of(record.getKey(), 1L)));
    PCollection<KV<String, Long>> rowCounts =
        PCollectionList.of(ones)
            .and(pipeline.apply("EveryFeed", Create.of(zeros)))
            .apply("AllRows", Flatten.pCollections())
            .apply("RowCounts", Sum.longsPerKey());

    // A dynamic write writes nothing for a feed without rows; an empty file still carries the
    // feed's schema, so `SELECT ... FROM feeds/<table>/run_id=<run>/*.parquet` finds zero rows
    // instead of failing on a missing directory.
    String asideDirectory = RunPaths.stagingDirectory(outputDir, runId).toString();
    PCollection<KV<String, String>> emptyFeedFiles =
        rowCounts.apply(
            "WriteEmptyFeeds", ParDo.of(new WriteEmptyFeedFn(sinkOf, namingOf, asideDirectory)));
    PCollection<KV<String, String>> files =
        PCollectionList.of(written.getPerDestinationOutputFilenames())
            .and(emptyFeedFiles)
            .apply("AllFiles", Flatten.pCollections());

    PCollection<KV<String, Long>> rejectsByTable =
        normalized
            .rejects()
            .apply(
                "RejectTables",
                MapElements.into(TypeDescriptors.strings())
                    .via((Row r) -> r.getString(Rejects.TABLE)))
            .apply("CountRejectsPerTable", Count.perElement());
    return new Result(pipeline, outputDir, runId, versions, files, rowCounts, rejectsByTable);
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

  /** A record's feed: its destination in the write. */
  private static final class FeedOf implements SerializableFunction<KV<String, byte[]>, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String apply(KV<String, byte[]> record) {
      return record.getKey();
    }
  }

  /** What the feed's sink writes: the row's bytes. */
  private static final class RecordOf implements SerializableFunction<KV<String, byte[]>, byte[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public byte[] apply(KV<String, byte[]> record) {
      return record.getValue();
    }
  }

  /** {@code <staged feed directory>/part-NNNNN-of-NNNNN.parquet}. */
  private static final class PartFiles
      implements SerializableFunction<String, FileIO.Write.FileNaming> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, String> directories;

    PartFiles(Map<String, String> directories) {
      this.directories = new HashMap<>(directories);
    }

    @Override
    public FileIO.Write.FileNaming apply(String feed) {
      String directory = directories.get(feed);
      if (directory == null) {
        throw new IllegalArgumentException(
            "no directory for feed '" + feed + "'; feeds: " + directories.keySet());
      }
      return FileIO.Write.relativeFileNaming(
          StaticValueProvider.of(directory), FileIO.Write.defaultNaming("part", ".parquet"));
    }
  }

  /**
   * Writes the one, empty, Parquet file of each feed that has no rows this run, with the write's
   * own sink and naming (shard 0 of 1), as FileIO would have: written aside, then renamed, so the
   * file is whole or absent, never truncated by a crash or a retried bundle.
   */
  private static final class WriteEmptyFeedFn extends DoFn<KV<String, Long>, KV<String, String>> {
    private static final long serialVersionUID = 1L;
    private final ParquetFileSink.PerFeed sinkOf;
    private final PartFiles namingOf;
    private final String asideDirectory;

    WriteEmptyFeedFn(ParquetFileSink.PerFeed sinkOf, PartFiles namingOf, String asideDirectory) {
      this.sinkOf = sinkOf;
      this.namingOf = namingOf;
      this.asideDirectory = asideDirectory;
    }

    @ProcessElement
    public void process(@Element KV<String, Long> feedRows, OutputReceiver<KV<String, String>> out)
        throws IOException {
      if (feedRows.getValue() != 0L) {
        return;
      }
      String feed = feedRows.getKey();
      String name =
          namingOf
              .apply(feed)
              .getFilename(
                  GlobalWindow.INSTANCE, PaneInfo.NO_FIRING, 1, 0, Compression.UNCOMPRESSED);
      ResourceId file = FileSystems.matchNewResource(name, false);
      ResourceId aside =
          FileSystems.matchNewResource(asideDirectory, true)
              .resolve(
                  "empty-" + feed + "-" + UUID.randomUUID() + ".parquet",
                  StandardResolveOptions.RESOLVE_FILE);
      FileIO.Sink<byte[]> sink = sinkOf.apply(feed);
      try (WritableByteChannel channel = FileSystems.create(aside, "application/octet-stream")) {
        sink.open(channel);
        sink.flush();
      }
      FileSystems.rename(List.of(aside), List.of(file));
      out.output(KV.of(feed, file.toString()));
    }
  }

  /**
   * The feeds of a run: every file staged (table to file; rejects under {@code _rejects}), the row
   * count of each table (zero for empty ones), and rejects per table. {@link RunManifest} applies
   * to it.
   */
  public static final class Result extends CompositeValue<Result> {
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
      super(pipeline);
      this.outputDir = outputDir;
      this.runId = runId;
      this.schemaVersions = Map.copyOf(schemaVersions);
      this.files = files;
      this.rowCounts = rowCounts;
      this.rejectsByTable = rejectsByTable;
    }

    /** Table (or {@code _rejects}) to the full path of each Parquet file staged. */
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

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(
          new TupleTag<>("files"), files,
          new TupleTag<>("rowCounts"), rowCounts,
          new TupleTag<>("rejectsByTable"), rejectsByTable);
    }
  }
}
