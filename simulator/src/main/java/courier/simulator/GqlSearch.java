package courier.simulator;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Shopify's search syntax the courier sends in {@code query:} arguments: terms such as
 * {@code updated_at:>='2026-07-01T00:00:00Z'}, {@code created_at:<2026-07-02}, {@code id:>5512345}
 * or {@code product_id:801} joined by {@code AND} (or plain spaces); comparators {@code >}, {@code
 * >=}, {@code <}, {@code <=} and {@code :} alone for equality; values quoted or not. Terms on other
 * fields are ignored, as Shopify ignores filters it does not know. Bounds are kept as the index
 * keeps them: ids exclusive, timestamps inclusive epoch seconds.
 *
 * <p>Id equalities ({@code (id:1 OR id:2) AND id:>0}, how the courier re-reads rejected entities)
 * make an id list, {@code ids} (sorted; null when the query has none): the courier only ever joins
 * id equalities with {@code OR}, so this parser does not tell OR from AND.
 */
record GqlSearch(
    long idAfter,
    long idBefore,
    long createdMin,
    long createdMax,
    long updatedMin,
    long updatedMax,
    long productId,
    long[] ids) {
  private static final Pattern TERM =
      Pattern.compile(
          "([a-z_]+):(>=|<=|>|<|=)?\\s*('([^']*)'|\"([^\"]*)\"|([^\\s)]+))",
          Pattern.CASE_INSENSITIVE);

  static final GqlSearch ALL =
      new GqlSearch(
          ListFilter.NONE_MIN,
          ListFilter.NONE_MAX,
          ListFilter.NONE_MIN,
          ListFilter.NONE_MAX,
          ListFilter.NONE_MIN,
          ListFilter.NONE_MAX,
          0,
          null);

  /**
   * @throws IllegalArgumentException when a date or id value cannot be read
   */
  static GqlSearch parse(String query, ShopTime time) {
    GqlSearch s = ALL;
    if (query == null) {
      return s;
    }
    Matcher m = TERM.matcher(query);
    java.util.TreeSet<Long> listed = new java.util.TreeSet<>();
    while (m.find()) {
      String field = m.group(1).toLowerCase(java.util.Locale.ROOT);
      String op = m.group(2) == null ? "=" : m.group(2);
      String value = m.group(4) != null ? m.group(4) : m.group(5) != null ? m.group(5) : m.group(6);
      s =
          switch (field) {
            case "id" -> {
              if (op.equals("=")) {
                listed.add(Long.parseLong(value));
                yield s;
              }
              yield s.withId(op, Long.parseLong(value));
            }
            case "created_at" -> s.withCreated(op, time.parseFilter(value));
            case "updated_at" -> s.withUpdated(op, time.parseFilter(value));
            case "product_id" ->
                new GqlSearch(
                    s.idAfter,
                    s.idBefore,
                    s.createdMin,
                    s.createdMax,
                    s.updatedMin,
                    s.updatedMax,
                    Long.parseLong(value),
                    s.ids);
            default -> s;
          };
    }
    if (listed.isEmpty()) {
      return s;
    }
    return new GqlSearch(
        s.idAfter,
        s.idBefore,
        s.createdMin,
        s.createdMax,
        s.updatedMin,
        s.updatedMax,
        s.productId,
        listed.stream().mapToLong(Long::longValue).toArray());
  }

  /** The REST filter with the same bounds (every status, like REST's status=any). */
  ListFilter listFilter() {
    return new ListFilter(idAfter, ids, createdMin, createdMax, updatedMin, updatedMax, "any");
  }

  private GqlSearch withId(String op, long id) {
    long after = idAfter;
    long before = idBefore;
    switch (op) {
      case ">" -> after = Math.max(after, id);
      case ">=" -> after = Math.max(after, id - 1);
      case "<" -> before = Math.min(before, id);
      case "<=" -> before = Math.min(before, id + 1);
      default -> throw new IllegalArgumentException("id equality is an id list, not a bound");
    }
    return new GqlSearch(
        after, before, createdMin, createdMax, updatedMin, updatedMax, productId, ids);
  }

  private GqlSearch withCreated(String op, Instant at) {
    long[] b = bounds(op, at, createdMin, createdMax);
    return new GqlSearch(idAfter, idBefore, b[0], b[1], updatedMin, updatedMax, productId, ids);
  }

  private GqlSearch withUpdated(String op, Instant at) {
    long[] b = bounds(op, at, updatedMin, updatedMax);
    return new GqlSearch(idAfter, idBefore, createdMin, createdMax, b[0], b[1], productId, ids);
  }

  /** Narrows inclusive second bounds [min, max] by one comparison with an instant. */
  private static long[] bounds(String op, Instant at, long min, long max) {
    long floor = at.getEpochSecond();
    long ceil = at.getNano() == 0 ? floor : floor + 1;
    switch (op) {
      case ">" -> min = Math.max(min, floor + 1);
      case ">=" -> min = Math.max(min, ceil);
      case "<" -> max = Math.min(max, ceil - 1);
      case "<=" -> max = Math.min(max, floor);
      default -> {
        min = Math.max(min, ceil);
        max = Math.min(max, floor);
      }
    }
    return new long[] {min, max};
  }
}
