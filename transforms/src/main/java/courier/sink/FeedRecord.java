package courier.sink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/**
 * An Avro record of one feed, so that every feed's records can travel in one PCollection (and
 * one FileIO write) although each feed has its own schema.
 */
record FeedRecord(String feed, GenericRecord record) {

  /**
   * The feed's name, then the record in the Avro binary encoding of that feed's schema. Knows the
   * feeds it was built with; a record of any other feed cannot be encoded.
   */
  static final class Coder extends CustomCoder<FeedRecord> {
    private static final long serialVersionUID = 1L;
    private static final StringUtf8Coder NAMES = StringUtf8Coder.of();

    private final HashMap<String, AvroCoder<GenericRecord>> records;

    private Coder(HashMap<String, AvroCoder<GenericRecord>> records) {
      this.records = records;
    }

    static Coder of(List<FeedSchema> feeds) {
      HashMap<String, AvroCoder<GenericRecord>> records = new HashMap<>();
      for (FeedSchema feed : feeds) {
        records.put(feed.name(), AvroCoder.of(feed.avroSchema()));
      }
      return new Coder(records);
    }

    @Override
    public void encode(FeedRecord value, OutputStream out) throws IOException {
      NAMES.encode(value.feed(), out);
      recordCoder(value.feed()).encode(value.record(), out);
    }

    @Override
    public FeedRecord decode(InputStream in) throws IOException {
      String feed = NAMES.decode(in);
      return new FeedRecord(feed, recordCoder(feed).decode(in));
    }

    private AvroCoder<GenericRecord> recordCoder(String feed) throws CoderException {
      AvroCoder<GenericRecord> coder = records.get(feed);
      if (coder == null) {
        throw new CoderException("no feed '" + feed + "'; feeds: " + records.keySet());
      }
      return coder;
    }

    @Override
    public void verifyDeterministic() throws NonDeterministicException {
      for (AvroCoder<GenericRecord> coder : records.values()) {
        coder.verifyDeterministic();
      }
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Coder coder && records.equals(coder.records);
    }

    @Override
    public int hashCode() {
      return Objects.hash(records);
    }
  }
}
