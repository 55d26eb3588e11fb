package courier.sink;

import courier.normalize.TableRows;
import courier.schema.TableSchema;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * One Parquet file of a feed written without Beam, by exactly the code {@link ParquetFeeds} runs
 * per shard: {@link FeedSchema} (Avro schema, footer) and {@link ParquetFileSink} (open, write,
 * flush), less the decoding of the rows' bytes the pipeline's records travel as. It lives in {@code
 * courier.sink} because the sink is package-private there and the benchmark's baseline must measure
 * it, not a copy.
 */
public final class PlainFeedWriter implements AutoCloseable {
  private final ParquetFileSink sink;
  private final FileChannel channel;
  private long rows;

  private PlainFeedWriter(FeedSchema feed, Path file, String runId) throws IOException {
    // Rows come as rows here, so the sink decodes none: no table's schema to give it.
    this.sink =
        new ParquetFileSink(
            feed.name(),
            TableRows.of(Map.of()),
            feed.avroSchema(),
            feed.footer(runId),
            CompressionCodecName.ZSTD);
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
    sink.write(row);
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
