package courier.sink;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.avro.AvroWriteSupport;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Writes Avro records, given in Avro's binary encoding, as Parquet, adding the feed's key-values to
 * every file footer. Like ParquetIO's sink, but Parquet 1.13 has no {@code withExtraMetaData}, so
 * the footer entries come from a write support that adds them to what parquet-avro writes ({@code
 * parquet.avro.schema}).
 */
final class ParquetFileSink implements FileIO.Sink<byte[]> {
  private static final long serialVersionUID = 1L;

  private final String avroSchemaJson;
  private final HashMap<String, String> footer;
  private final CompressionCodecName codec;
  private transient ParquetWriter<GenericRecord> writer;
  private transient DatumReader<GenericRecord> reader;
  private transient BinaryDecoder decoder;

  ParquetFileSink(Schema avroSchema, Map<String, String> footer, CompressionCodecName codec) {
    this(avroSchema.toString(), new HashMap<>(footer), codec);
  }

  private ParquetFileSink(
      String avroSchemaJson, HashMap<String, String> footer, CompressionCodecName codec) {
    this.avroSchemaJson = avroSchemaJson;
    this.footer = footer;
    this.codec = codec;
  }

  /** A sink like this one that has not opened a file: FileIO wants a new sink per file. */
  ParquetFileSink fresh() {
    return new ParquetFileSink(avroSchemaJson, footer, codec);
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    Schema avroSchema = new Schema.Parser().parse(avroSchemaJson);
    reader = new GenericDatumReader<>(avroSchema);
    writer =
        new Builder(new ChannelOutputFile(channel), avroSchema, footer)
            .withCompressionCodec(codec)
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withConf(new Configuration())
            .build();
  }

  /** One record of the feed's schema, in Avro's binary encoding (see {@link FeedRecords}). */
  @Override
  public void write(byte[] record) throws IOException {
    decoder = DecoderFactory.get().binaryDecoder(record, decoder);
    writer.write(reader.read(null, decoder));
  }

  @Override
  public void flush() throws IOException {
    // Closing the writer writes the footer; FileIO closes the channel afterwards.
    writer.close();
  }

  /** The sink of each feed of a dynamic FileIO write, by feed name; a new one for every file. */
  static final class PerFeed implements SerializableFunction<String, FileIO.Sink<byte[]>> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, ParquetFileSink> sinks;

    PerFeed(Map<String, ParquetFileSink> sinks) {
      this.sinks = new HashMap<>(sinks);
    }

    @Override
    public FileIO.Sink<byte[]> apply(String feed) {
      ParquetFileSink sink = sinks.get(feed);
      if (sink == null) {
        throw new IllegalArgumentException(
            "no Parquet sink for feed '" + feed + "'; feeds: " + sinks.keySet());
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
