package courier.simulator;

import courier.simulator.graphql.Cursor;

/**
 * The bulk writer's walk over a root connection, carried in the execution's context: a bulk query
 * has no {@code first}/{@code after}, so the root connection reads its page from here and records
 * where it stopped.
 */
final class BulkPage {
  static final String CONTEXT_KEY = "courier.bulkPage";

  /** Root objects per execution: a page's worth, so the simulator holds one page at a time. */
  static final int SIZE = 250;

  private long after;
  private boolean hasNext = true;

  BulkPage(long start) {
    this.after = start;
  }

  long after() {
    return after;
  }

  boolean hasNext() {
    return hasNext;
  }

  /** The page just served ended at {@code lastCursor} (null when it was empty). */
  void served(String lastCursor, boolean more) {
    if (lastCursor != null) {
      after = Cursor.decode(lastCursor);
    }
    hasNext = more && lastCursor != null;
  }
}
