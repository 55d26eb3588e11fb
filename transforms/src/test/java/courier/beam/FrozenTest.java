package courier.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class FrozenTest {

  /** A value that counts how often Java serialization rebuilds it. */
  private static final class Counted implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger READS = new AtomicInteger();
    final String text;

    Counted(String text) {
      this.text = text;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      READS.incrementAndGet();
    }
  }

  /** What the DirectRunner does to a DoFn per bundle: a copy it never calls. */
  @Test
  void aCopyOfTheHolderDoesNotRebuildTheValueUntilAsked() {
    Frozen<Counted> frozen = Frozen.of(new Counted("the tables"), "the test's value");
    int before = Counted.READS.get();
    Frozen<Counted> copy = SerializableUtils.clone(frozen);
    SerializableUtils.clone(copy);
    assertEquals(before, Counted.READS.get(), "copies rebuilt the value");

    Counted value = copy.get();
    assertEquals("the tables", value.text);
    assertEquals(before + 1, Counted.READS.get());
    assertSame(value, copy.get(), "rebuilt once per holder");
    assertEquals(before + 1, Counted.READS.get());
  }

  @Test
  void theHolderMadeInThisJvmHandsBackTheValueItself() {
    Counted value = new Counted("the tables");
    Frozen<Counted> frozen = Frozen.of(value, "the test's value");
    assertSame(value, frozen.get());
    assertNotSame(value, SerializableUtils.clone(frozen).get());
  }

  @Test
  void aMissingValueFailsWhenFrozenNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Frozen.of(null, "the staging tables"));
    assertTrue(e.getMessage().contains("the staging tables"), e.getMessage());
  }
}
