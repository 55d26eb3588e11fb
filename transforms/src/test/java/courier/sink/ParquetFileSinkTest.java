package courier.sink;

import static org.junit.jupiter.api.Assertions.assertNotSame;

import courier.normalize.Deletions;
import courier.normalize.TableRows;
import java.util.Map;
import org.apache.beam.sdk.io.FileIO;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

/** The sink of each feed of the one dynamic write: a fresh one per file, none for other feeds. */
class ParquetFileSinkTest {
  @Test
  void eachFileOfAFeedGetsAFreshSinkAndAnUnknownFeedNone() {
    FeedSchema deletions = FeedSchema.deletions();
    ParquetFileSink.PerFeed sinks =
        new ParquetFileSink.PerFeed(
            Map.of(
                deletions.name(),
                new ParquetFileSink(
                    deletions.name(),
                    TableRows.of(Map.of(deletions.name(), Deletions.SCHEMA)),
                    deletions.avroSchema(),
                    deletions.footer("run-1"),
                    CompressionCodecName.ZSTD)));
    FileIO.Sink<byte[]> first = sinks.apply(deletions.name());
    assertNotSame(first, sinks.apply(deletions.name()));
    SinkTestRuns.assertRefused(
        "no Parquet sink for feed 'customer'; feeds: [_deletions]", () -> sinks.apply("customer"));
  }
}
