package courier.sink;

import courier.beam.Frozen;
import courier.normalize.TableRows;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Writes a feed's rows, given encoded as the normalized records are ({@link TableRows}), as Parquet
 * through parquet-avro, adding the feed's key-values to every file footer. Like ParquetIO's sink,
 * but Parquet 1.13 has no {@code withExtraMetaData}, so the footer entries come from a write
 * support that adds them to what parquet-avro writes ({@code parquet.avro.schema}).
 *
 * <p>The rows reach the sink as the normalized records are, not as Avro binary: converting each row
 * to Avro bytes for the write (1.9 %) and decoding them back into a record here (3.0 %) were 4.9 %
 * of an embedded Flink run's CPU samples (README, issue 17's sixteenth round).
 */
final class ParquetFileSink implements FileIO.Sink<byte[]> {
  private static final long serialVersionUID = 1L;

  private final String avroSchemaJson;
  private final HashMap<String, String> footer;
  private final CompressionCodecName codec;
  private final String feed;
  private final TableRows tableRows;
  private transient ParquetWriter<GenericRecord> writer;
  private transient FeedRecords.AvroRecords records;

  /**
   * The sink of {@code feed}, whose rows {@code tableRows} decodes: a feed of the Avro schema
   * given, ZSTD or another codec, these footer entries.
   */
  ParquetFileSink(
      String feed,
      TableRows tableRows,
      Schema avroSchema,
      Map<String, String> footer,
      CompressionCodecName codec) {
    this(avroSchema.toString(), new HashMap<>(footer), codec, feed, tableRows);
  }

  private ParquetFileSink(
      String avroSchemaJson,
      HashMap<String, String> footer,
      CompressionCodecName codec,
      String feed,
      TableRows tableRows) {
    this.avroSchemaJson = avroSchemaJson;
    this.footer = footer;
    this.codec = codec;
    this.feed = feed;
    this.tableRows = tableRows;
  }

  /** A sink like this one that has not opened a file: FileIO wants a new sink per file. */
  ParquetFileSink fresh() {
    return new ParquetFileSink(avroSchemaJson, footer, codec, feed, tableRows);
  }

  /**
   * A Configuration without Hadoop's default resources: every setting the writer reads is Parquet's
   * or Avro's, with its default in code, and {@code new Configuration()} parses core-default.xml
   * and core-site.xml again for each file opened: 35 of 3,467 and 47 of 3,822 CPU samples of a
   * DirectRunner throughput run (about 100 files), none after (README, eighteenth round).
   */
  @Override
  public void open(WritableByteChannel channel) throws IOException {
    Schema avroSchema = new Schema.Parser().parse(avroSchemaJson);
    records = new FeedRecords.AvroRecords(avroSchema);
    writer =
        new Builder(new ChannelOutputFile(channel), avroSchema, footer)
            .withCompressionCodec(codec)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withConf(new Configuration(false))
            .build();
  }

  /** One row of the feed, encoded as {@link TableRows} encodes the feed's rows. */
  @Override
  public void write(byte[] record) throws IOException {
    write(tableRows.decode(KV.of(feed, record)));
  }

  /** One row of the feed (the plain loop of the benchmark writes its rows this way). */
  void write(Row row) throws IOException {
    writer.write(records.toRecord(row));
  }

  @Override
  public void flush() throws IOException {
    // Closing the writer writes the footer; FileIO closes the channel afterwards.
    writer.close();
  }

  /** The sink of each feed of a dynamic FileIO write, by feed name; a new one for every file. */
  static final class PerFeed implements SerializableFunction<String, FileIO.Sink<byte[]>> {
    private static final long serialVersionUID = 1L;

    /**
     * Frozen: Beam's WriteFiles DoFns and the empty feeds' DoFn hold this, and the DirectRunner
     * copies each DoFn per bundle (see {@link Frozen}).
     */
    private final Frozen<HashMap<String, ParquetFileSink>> sinks;

    PerFeed(Map<String, ParquetFileSink> sinks) {
      this.sinks = Frozen.of(new HashMap<>(sinks), "the Parquet feeds' sinks");
    }

    @Override
    public FileIO.Sink<byte[]> apply(String feed) {
      ParquetFileSink sink = sinks.get().get(feed);
      if (sink == null) {
        throw new IllegalArgumentException(
            "no Parquet sink for feed '" + feed + "'; feeds: " + sinks.get().keySet());
      }
      return sink.fresh();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<GenericRecord, Builder> {
    private final Schema avroSchema;
    private final Map<String, String> footer;

    Builder(OutputFile file, Schema avroSchema, Map<String, String> footer) {
      super(file);
      this.avroSchema = avroSchema;
      this.footer = footer;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<GenericRecord> getWriteSupport(Configuration conf) {
      return new FooterWriteSupport(
          new AvroSchemaConverter(conf).convert(avroSchema), avroSchema, footer);
    }
  }

  /** parquet-avro's write support plus the feed's own footer entries. */
  private static final class FooterWriteSupport extends AvroWriteSupport<GenericRecord> {
    private final Map<String, String> footer;

    FooterWriteSupport(
        org.apache.parquet.schema.MessageType parquetSchema,
        Schema avroSchema,
        Map<String, String> footer) {
      super(parquetSchema, avroSchema, GenericData.get());
      this.footer = footer;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      WriteContext context = super.init(configuration);
      Map<String, String> metadata = new HashMap<>(context.getExtraMetaData());
      metadata.putAll(footer);
      return new WriteContext(context.getSchema(), metadata);
    }
  }
}
