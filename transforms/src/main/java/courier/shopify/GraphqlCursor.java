package courier.shopify;

import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The opaque {@code nextCursor} of a GraphQL page: Shopify's {@code endCursor} together with the
 * afterId of the search query it belongs to, because a cursor only continues the query it came from
 * while the fetch moves afterId along with every page.
 */
record GraphqlCursor(long queryAfterId, String endCursor) {
  private static final String PREFIX = "gql1:";

  static String encode(long queryAfterId, String endCursor) {
    return PREFIX + queryAfterId + ":" + endCursor;
  }

  /** The cursor {@link #encode} made, or null for null or anything else (start over by id). */
  static @Nullable GraphqlCursor decode(@Nullable String cursor) {
    if (cursor == null || !cursor.startsWith(PREFIX)) {
      return null;
    }
    int colon = cursor.indexOf(':', PREFIX.length());
    if (colon < 0 || colon == cursor.length() - 1) {
      return null;
    }
    try {
      return new GraphqlCursor(
          Long.parseLong(cursor.substring(PREFIX.length(), colon)), cursor.substring(colon + 1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
