package courier.sink;

import courier.schema.TableSchema;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.avro.Schema;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * One Parquet file of a feed written without Beam, by exactly the code {@link ParquetFeeds} runs
 * per shard: {@link FeedSchema} (Avro schema, footer), {@link FeedRecords.BinaryRows} and {@link
 * ParquetFileSink} (open, write, flush). It lives in {@code courier.sink} because those three are
 * package-private there and the benchmark's baseline must measure them, not a copy.
 */
public final class PlainFeedWriter implements AutoCloseable {
  private final FeedRecords.BinaryRows binaryRows;
  private final ParquetFileSink sink;
  private final FileChannel channel;
  private long rows;

  private PlainFeedWriter(FeedSchema feed, Path file, String runId) throws IOException {
    Schema avroSchema = feed.avroSchema();
    this.binaryRows = new FeedRecords.BinaryRows(avroSchema);
    this.sink = new ParquetFileSink(avroSchema, feed.footer(runId), CompressionCodecName.ZSTD);
    this.channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    sink.open(channel);
  }

  /**
   * A writer of {@code table}'s feed into {@code file}, ZSTD-compressed as the pipeline writes it.
   */
  public static PlainFeedWriter open(TableSchema table, Path file, String runId)
      throws IOException {
    return new PlainFeedWriter(FeedSchema.of(table), file, runId);
  }

  public void write(Row row) throws IOException {
    sink.write(binaryRows.encode(row));
    rows++;
  }

  public long rows() {
    return rows;
  }

  /** Writes the footer (the sink's flush) and closes the file. */
  @Override
  public void close() throws IOException {
    try {
      sink.flush();
    } finally {
      channel.close();
    }
  }
}
