package courier.simulator;

/**
 * Where generated ids live. Top-level ids are a pure function of (seed, resource, position, count),
 * so generators can name another entity's id without looking anything up. Ids grow with position
 * (as Shopify's do with creation time); the last ~1% of customers, orders, products and checkouts
 * get ids above 2^53 (starting at exactly 9007199254740993), which a JSON reader that parses
 * numbers as doubles corrupts. Nested ids (addresses, line items, variants...) are derived from the
 * parent's position in disjoint ranges, so they are unique without bookkeeping.
 */
final class IdLayout {
  private IdLayout() {}

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
  static long id(long seed, Resource r, int pos, int n) {
    int big = bigCount(r, n);
    long jitter = Long.remainderUnsigned(Rng.hash(seed, 0x1D000 + r.ordinal(), pos), STEP);
    if (pos >= n - big) {
      int j = pos - (n - big);
      return BIG_BASE + j * STEP + (j == 0 ? 0 : jitter);
    }
    return base(r) + pos * STEP + jitter;
  }
}
