package courier.shopify;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures everything written to System.out and System.err (slf4j-simple logs there too) while
 * open, still passing it through; used to prove secrets never reach any output.
 */
public final class CapturedOutput implements AutoCloseable {
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  public CapturedOutput() {
    System.setOut(new PrintStream(new Tee(originalOut), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new Tee(originalErr), true, StandardCharsets.UTF_8));
  }

  public synchronized String text() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private final class Tee extends OutputStream {
    private final OutputStream passThrough;

    Tee(OutputStream passThrough) {
      this.passThrough = passThrough;
    }

    @Override
    public void write(int b) {
      synchronized (CapturedOutput.this) {
        captured.write(b);
      }
      try {
        passThrough.write(b);
      } catch (java.io.IOException ignored) {
        // pass-through is best effort
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (CapturedOutput.this) {
        captured.write(b, off, len);
      }
      try {
        passThrough.write(b, off, len);
      } catch (java.io.IOException ignored) {
        // pass-through is best effort
      }
    }
  }
}
