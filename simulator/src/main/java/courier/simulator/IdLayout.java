package courier.simulator;

/**
 * Where generated ids live. Top-level ids are a pure function of (seed, resource, position, count),
 * so generators can name another entity's id without looking anything up. Ids grow with position
 * (as Shopify's do with creation time); the last ~1% of customers, orders, products and checkouts
 * get ids above 2^53 (starting at exactly 9007199254740993), which a JSON reader that parses
 * numbers as doubles corrupts. Nested ids (addresses, line items, variants...) are derived from the
 * parent's position in disjoint ranges, so they are unique without bookkeeping.
 *
 * <p>An instance is one shop's id space: every id it hands out is the layout above shifted by
 * {@code idSpace * SPACE}, so simulated shops with different id spaces share no id (Shopify ids are
 * globally unique, and domain tables key on them). Id space 0 is the unshifted layout. Unshifted
 * ids below 2^53 stay under 5 * 10^13 &lt; SPACE, and the big ids span far less than SPACE, so the
 * shifted ranges are disjoint; with idSpace &lt;= MAX_ID_SPACE the small ids of every space stay
 * below the big ids of space 0 (63 * 10^14 + 10^14 &lt; 2^53), which stay far below Long.MAX_VALUE.
 */
final class IdLayout {
  static final long SPACE = 100_000_000_000_000L;
  static final int MAX_ID_SPACE = 63;

  /** What this shop adds to every unshifted id. */
  private final long shift;

  IdLayout(int idSpace) {
    if (idSpace < 0 || idSpace > MAX_ID_SPACE) {
      throw new IllegalArgumentException("idSpace must be 0.." + MAX_ID_SPACE + ", got " + idSpace);
    }
    this.shift = idSpace * SPACE;
  }

  /** The id of this shop for an unshifted id of the layout (a base plus an offset). */
  long at(long unshifted) {
    return shift + unshifted;
  }

  /** The inverse of {@link #at}: the unshifted layout id of one of this shop's ids. */
  long unshifted(long id) {
    return id - shift;
  }

  /** 2^53 + 1: the first integer a double cannot represent. */
  static final long BIG_BASE = 9_007_199_254_740_993L;

  static final long STEP = 1_000;

  static final long ADDRESS_BASE = 8_100_000_000_000L; // + customerPos * 64 + k
  static final int MAX_ADDRESSES = 64;
  static final long VARIANT_BASE = 40_000_000_000_000L; // + productPos * 256 + k
  static final long INVENTORY_ITEM_BASE = 45_000_000_000_000L;
  static final int MAX_VARIANTS = 256;
  static final long OPTION_BASE = 9_100_000_000_000L; // + productPos * 4 + k
  static final long IMAGE_BASE = 3_100_000_000_000L; // + productPos * 8 + k
  static final long MEDIA_BASE = 2_100_000_000_000L; // + productPos * 8 + k
  static final long LINE_ITEM_BASE = 13_000_000_000_000L; // + orderPos * 16 + k
  static final long REFUND_BASE = 900_000_000_000L; // + orderPos * 4 + r
  static final long REFUND_LINE_BASE = 500_000_000_000L; // + orderPos * 16 + j
  static final long TRANSACTION_BASE = 6_500_000_000_000L; // + orderPos * 8 + t
  static final long FULFILLMENT_BASE = 4_500_000_000_000L; // + orderPos
  static final long SHIPPING_LINE_BASE = 4_200_000_000_000L; // + orderPos
  static final long CHECKOUT_REF_BASE = 32_000_000_000_000L; // + orderPos
  static final long STAFF_USER_ID = 548_380_009L;

  /** Nested ids handed out by control-surface mutations (added refunds etc.). */
  static final long EXTRA_BASE = 20_000_000_000_000L;

  static long base(Resource r) {
    switch (r) {
      case CUSTOMERS:
        return 6_100_000_000_000L;
      case ORDERS:
        return 5_100_000_000_000L;
      case PRODUCTS:
        return 7_100_000_000_000L;
      case LOCATIONS:
        return 61_000_000_000L;
      case CHECKOUTS:
        return 31_000_000_000_000L;
      default:
        throw new IllegalArgumentException(r.name());
    }
  }

  /** How many of {@code n} generated entities get ids above 2^53 (none for locations). */
  static int bigCount(Resource r, int n) {
    if (r == Resource.LOCATIONS || n < 2) {
      return 0;
    }
    return Math.max(1, n / 100);
  }

  /** The id of the generated entity at {@code pos} of {@code n}. Strictly increasing in pos. */
  long id(long seed, Resource r, int pos, int n) {
    int big = bigCount(r, n);
    long jitter = Long.remainderUnsigned(Rng.hash(seed, 0x1D000 + r.ordinal(), pos), STEP);
    if (pos >= n - big) {
      int j = pos - (n - big);
      return at(BIG_BASE + j * STEP + (j == 0 ? 0 : jitter));
    }
    return at(base(r) + pos * STEP + jitter);
  }
}
