package courier.sink;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Checks a feed's staged files against the rows the run wrote to it, before anything is committed:
 * each file is named once, and their Parquet footers hold the feed's rows, no more, no fewer. A
 * write that loses or overwrites a file on the way then fails the run instead of publishing a short
 * feed beside complete tables. Beam's FileIO finalizes its temporary files once per bundle of
 * results and numbers the files of each finalization from 0: a runner that hands it more than one
 * bundle renames them onto the same names. The DirectRunner did, with its {@code
 * runnerDeterminedSharding} off (README, issue 17's eighteenth round).
 */
final class StagedFeedFiles {
  private StagedFeedFiles() {}

  /**
   * Throws when {@code staged} names a file twice or its files' footers do not hold {@code rows}
   * rows in all; the message names the feed, the files and the counts, never a value.
   */
  static void verify(String feed, Iterable<String> staged, long rows) throws IOException {
    Set<String> files = new LinkedHashSet<>();
    List<String> repeated = new ArrayList<>();
    if (staged != null) {
      for (String file : staged) {
        if (!files.add(file)) {
          repeated.add(file);
        }
      }
    }
    if (!repeated.isEmpty()) {
      throw new IllegalStateException(
          "feed "
              + feed
              + ": the write staged "
              + repeated.size()
              + " file(s) under a name it had already used ("
              + repeated.get(0)
              + "), so rows were overwritten; nothing is committed");
    }
    long held = 0;
    for (String file : files) {
      held += footerRows(FileSystems.matchNewResource(file, false));
    }
    if (held != rows) {
      throw new IllegalStateException(
          "feed "
              + feed
              + ": its "
              + files.size()
              + " staged file(s) hold "
              + held
              + " rows but the run wrote "
              + rows
              + "; nothing is committed");
    }
  }

  /**
   * The row count a Parquet file's footer records: the file is opened once, its length taken from
   * the channel, and only the footer read.
   */
  static long footerRows(ResourceId file) throws IOException {
    ReadableByteChannel opened = FileSystems.open(file);
    if (!(opened instanceof SeekableByteChannel channel)) {
      opened.close();
      throw new IOException(file + " cannot be read at an offset on its filesystem");
    }
    try (channel;
        ParquetFileReader reader = ParquetFileReader.open(new ChannelInputFile(channel))) {
      return reader.getRecordCount();
    }
  }

  /** A Parquet {@link InputFile} over a file Beam's FileSystems (local, S3...) opened seekable. */
  private record ChannelInputFile(SeekableByteChannel channel) implements InputFile {
    @Override
    public long getLength() throws IOException {
      return channel.size();
    }

    @Override
    public SeekableInputStream newStream() {
      return new DelegatingSeekableInputStream(Channels.newInputStream(channel)) {
        @Override
        public long getPos() throws IOException {
          return channel.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          channel.position(newPos);
        }
      };
    }
  }
}
