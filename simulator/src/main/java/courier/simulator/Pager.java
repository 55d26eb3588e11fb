package courier.simulator;

import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/**
 * Keyset paging over an ascending id sequence: a page is the next (or previous) {@code limit}
 * matching records after (before) an anchor id. One record beyond the page is looked at to know
 * whether a further page exists, so the Link header only offers pages that have records.
 */
final class Pager {
  private Pager() {}

  /** The candidates: ascending ids with a match predicate. */
  interface Space {
    int size();

    long idAt(int i);

    boolean matches(int i);
  }

  /** The candidates given as functions of their index. */
  static Space space(int size, IntToLongFunction idAt, IntPredicate matches) {
    return new Space() {
      @Override
      public int size() {
        return size;
      }

      @Override
      public long idAt(int i) {
        return idAt.applyAsLong(i);
      }

      @Override
      public boolean matches(int i) {
        return matches.test(i);
      }
    };
  }

  /** A page: candidate indexes (ascending) and whether records exist before / after it. */
  record Page(int[] items, boolean hasPrevious, boolean hasNext) {}

  /**
   * Up to {@code limit} matches with id greater than {@code afterId}.
   *
   * @param lowerId ids at or below this never match (since_id); bounds the backward look
   * @param lookBehind whether to find out if matches exist before the page (false on a first page)
   */
  static Page forward(Space s, long afterId, long lowerId, int limit, boolean lookBehind) {
    int start = firstAfter(s, Math.max(afterId, lowerId));
    int[] found = new int[limit];
    int n = 0;
    boolean more = false;
    for (int i = start; i < s.size(); i++) {
      if (s.matches(i)) {
        if (n == limit) {
          more = true;
          break;
        }
        found[n++] = i;
      }
    }
    boolean before = false;
    if (lookBehind && n > 0) {
      for (int i = found[0] - 1; i >= 0 && s.idAt(i) > lowerId; i--) {
        if (s.matches(i)) {
          before = true;
          break;
        }
      }
    }
    return new Page(java.util.Arrays.copyOf(found, n), before, more);
  }

  /**
   * Up to {@code limit} matches with id less than {@code beforeId}, nearest first, returned
   * ascending.
   */
  static Page backward(Space s, long beforeId, long lowerId, int limit) {
    int end = firstAfter(s, beforeId - 1) - 1;
    int[] found = new int[limit];
    int n = 0;
    boolean more = false;
    for (int i = end; i >= 0 && s.idAt(i) > lowerId; i--) {
      if (s.matches(i)) {
        if (n == limit) {
          more = true;
          break;
        }
        found[n++] = i;
      }
    }
    int[] asc = new int[n];
    for (int k = 0; k < n; k++) {
      asc[k] = found[n - 1 - k];
    }
    boolean after = false;
    if (n > 0) {
      for (int i = asc[n - 1] + 1; i < s.size(); i++) {
        if (s.matches(i)) {
          after = true;
          break;
        }
      }
    }
    return new Page(asc, more, after);
  }

  /** First index whose id is greater than {@code id}. */
  private static int firstAfter(Space s, long id) {
    int lo = 0;
    int hi = s.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s.idAt(mid) <= id) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
