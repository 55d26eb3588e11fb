package courier.shopify;

/**
 * The {@code X-Shopify-Shop-Api-Call-Limit: used/size} header: how full the shop's leaky bucket was
 * when the server answered. Every plan leaks size/20 requests per second (40 → 2/s, 80 → 4/s, 400 →
 * 20/s), so the size also tells the plan's rate.
 */
final class CallLimit {
  static final String HEADER = "X-Shopify-Shop-Api-Call-Limit";

  final int used;
  final int size;

  CallLimit(int used, int size) {
    this.used = used;
    this.size = size;
  }

  /** Parses "32/40"; null when absent or malformed (pacing then relies on its own estimate). */
  static CallLimit parse(String header) {
    if (header == null) {
      return null;
    }
    int slash = header.indexOf('/');
    if (slash < 0) {
      return null;
    }
    try {
      int used = Integer.parseInt(header.substring(0, slash).trim());
      int size = Integer.parseInt(header.substring(slash + 1).trim());
      return used >= 0 && size > 0 ? new CallLimit(used, size) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Requests per second the bucket leaks. */
  static double leakPerSecond(int bucketSize) {
    return bucketSize / 20.0;
  }

  @Override
  public String toString() {
    return used + "/" + size;
  }
}
