package courier.simulator;

/**
 * A parsed Admin API path below {@code /admin/api/{version}/}. {@link #key()} is the endpoint name
 * used in counters (ids replaced by {@code {id}}); {@link #path()} is the concrete path, used in
 * Link URLs and to bind page_info cursors to their endpoint.
 */
record ApiRoute(Kind kind, Resource resource, long parentId, String key, String path) {

  enum Kind {
    LIST,
    COUNT,
    ADDRESSES,
    VARIANTS
  }

  /**
   * Parses e.g. {@code orders.json}, {@code orders/count.json}, {@code customers/5/addresses.json};
   * null if unknown.
   */
  static ApiRoute parse(String rest) {
    String[] seg = rest.split("/", -1);
    if (seg.length == 1 && seg[0].endsWith(".json")) {
      Resource r = Resource.fromPath(seg[0].substring(0, seg[0].length() - 5));
      return r == null ? null : new ApiRoute(Kind.LIST, r, 0, seg[0], seg[0]);
    }
    if (seg.length == 2 && seg[1].equals("count.json")) {
      Resource r = Resource.fromPath(seg[0]);
      return r == null ? null : new ApiRoute(Kind.COUNT, r, 0, rest, rest);
    }
    if (seg.length == 3 && isId(seg[1])) {
      long id = Long.parseLong(seg[1]);
      if (seg[0].equals("customers") && seg[2].equals("addresses.json")) {
        return new ApiRoute(
            Kind.ADDRESSES, Resource.CUSTOMERS, id, "customers/{id}/addresses.json", rest);
      }
      if (seg[0].equals("products") && seg[2].equals("variants.json")) {
        return new ApiRoute(
            Kind.VARIANTS, Resource.PRODUCTS, id, "products/{id}/variants.json", rest);
      }
    }
    return null;
  }

  private static boolean isId(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** JSON root key of the response. */
  String rootKey() {
    switch (kind) {
      case ADDRESSES:
        return "addresses";
      case VARIANTS:
        return "variants";
      default:
        return resource.path();
    }
  }
}
