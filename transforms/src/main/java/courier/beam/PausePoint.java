package courier.beam;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Named points of a run where a crash test may stop the courier: with the system property {@code
 * courier.test.pauseAt=<point>} set, the first thread to reach that point prints {@code courier
 * paused at <point>} to stdout and every thread reaching it sleeps until the process is killed. A
 * test (CrashRecoveryTest) waits for the line and kills the JVM with SIGKILL, so the run stops at a
 * known point instead of wherever a timer happens to land. With {@code
 * courier.test.resumeWhenExists=<file>} also set, the threads go on once that file exists (a test
 * holding one run back while another commits: OverlappingRunsTest). Without the properties it does
 * nothing.
 */
public final class PausePoint {
  /** The system property naming the point to pause at. */
  public static final String PROPERTY = "courier.test.pauseAt";

  /** The system property naming a file whose existence ends the pause. */
  public static final String RESUME_PROPERTY = "courier.test.resumeWhenExists";

  public static final String PLANNING = "planning";
  public static final String FETCH = "fetch";
  public static final String STAGING = "staging";

  /** Inside the commit's transaction, its statements run, before the database commit. */
  public static final String COMMIT = "commit";

  /** After the database commit, before the run's files move into feeds/ and its manifest. */
  public static final String PUBLISH = "publish";

  private static volatile boolean announced;

  private PausePoint() {}

  /**
   * Pauses (until killed, or until the resume file exists) if this is the point the property names;
   * returns at once otherwise.
   */
  public static void reached(String point) {
    if (!point.equals(System.getProperty(PROPERTY))) {
      return;
    }
    synchronized (PausePoint.class) {
      if (!announced) {
        announced = true;
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println(String.format(Locale.ROOT, "courier paused at %s", point));
        out.flush();
      }
    }
    String resumeFile = System.getProperty(RESUME_PROPERTY);
    while (resumeFile == null || !Files.exists(Path.of(resumeFile))) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        // Only SIGKILL or the resume file end the pause: a task must not go on past the point.
      }
    }
  }
}
