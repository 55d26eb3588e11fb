package courier.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The stream Parquet writes through: its position is what Parquet records as column chunk and
 * footer offsets, so it must count every byte, single or in an array slice.
 */
class ChannelOutputFileTest {
  @Test
  void thePositionCountsEveryByteWrittenAndTheChannelStaysOpen() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WritableByteChannel channel = Channels.newChannel(bytes);
    ChannelOutputFile file = new ChannelOutputFile(channel);
    assertFalse(file.supportsBlockSize());
    assertEquals(0, file.defaultBlockSize());

    PositionOutputStream out = file.createOrOverwrite(1024);
    assertEquals(0, out.getPos());
    out.write('P');
    out.write('A');
    assertEquals(2, out.getPos());
    out.write(new byte[] {'x', 'R', '1', 'y'}, 1, 2);
    assertEquals(4, out.getPos());
    out.flush();
    out.close();

    assertArrayEquals(new byte[] {'P', 'A', 'R', '1'}, bytes.toByteArray());
    assertTrue(channel.isOpen(), "FileIO closes the channel, not Parquet");
  }
}
