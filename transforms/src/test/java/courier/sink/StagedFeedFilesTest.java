package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import courier.normalize.Deletions;
import courier.normalize.TableRows;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A feed's staged files must hold, by their footers, the rows the run wrote to it, each file named
 * once: a file overwritten or lost on the way fails the run before its commit.
 */
class StagedFeedFilesTest {
  private static final FeedSchema FEED = FeedSchema.deletions();

  @TempDir Path dir;

  @Test
  void filesHoldingTheFeedsRowsPassAndAnyOtherCountFailsNamingTheFeed() throws IOException {
    String two = write("part-00000-of-00002.parquet", 2);
    String three = write("part-00001-of-00002.parquet", 3);
    String empty = write("empty.parquet", 0);
    assertEquals(3, StagedFeedFiles.footerRows(FileSystems.matchNewResource(three, false)));

    StagedFeedFiles.verify(FEED.name(), List.of(two, three), 5);
    StagedFeedFiles.verify(FEED.name(), List.of(empty), 0);

    IllegalStateException fewer =
        assertThrows(
            IllegalStateException.class,
            () -> StagedFeedFiles.verify(FEED.name(), List.of(two), 5));
    assertEquals(
        "feed _deletions: its 1 staged file(s) hold 2 rows but the run wrote 5; nothing is"
            + " committed",
        fewer.getMessage());
    assertThrows(IllegalStateException.class, () -> StagedFeedFiles.verify(FEED.name(), null, 1));
  }

  @Test
  void aFileNamedTwiceIsAnOverwriteEvenWhenTheCountsAddUp() throws IOException {
    String three = write("part-00000-of-00001.parquet", 3);
    IllegalStateException twice =
        assertThrows(
            IllegalStateException.class,
            () -> StagedFeedFiles.verify(FEED.name(), List.of(three, three), 6));
    assertEquals(
        "feed _deletions: the write staged 1 file(s) under a name it had already used ("
            + three
            + "), so rows were overwritten; nothing is committed",
        twice.getMessage());
  }

  /** A feed file of {@code rows} deletions, written by the feeds' own sink. */
  private String write(String name, int rows) throws IOException {
    ParquetFileSink sink =
        new ParquetFileSink(
            FEED.name(),
            TableRows.of(Map.of(FEED.name(), Deletions.SCHEMA)),
            FEED.avroSchema(),
            FEED.footer("run-1"),
            CompressionCodecName.ZSTD);
    Path file = dir.resolve(name);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      sink.open(channel);
      for (int i = 0; i < rows; i++) {
        sink.write(
            Row.withSchema(Deletions.SCHEMA)
                .addValues(
                    "acme.myshopify.com",
                    "orders",
                    1000L + i,
                    Instant.parse("2026-01-02T03:04:05Z"),
                    Deletions.BY_EVENT,
                    "run-1")
                .build());
      }
      sink.flush();
    }
    return file.toString();
  }
}
