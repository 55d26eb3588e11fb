package courier.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The paging side of a list request: the cursor it continues from (null on a first page), the
 * filter, the page size and the fields to return (null: every key).
 */
record ListQuery(PageCursor cursor, ListFilter filter, int limit, Set<String> fields) {

  /** The page this query asks for among the candidates of {@code space}. */
  Pager.Page fetch(Pager.Space space) {
    if (cursor == null) {
      return Pager.forward(space, ListFilter.NONE_MIN, filter.sinceId, limit, false);
    }
    return cursor.next()
        ? Pager.forward(space, cursor.anchor(), filter.sinceId, limit, true)
        : Pager.backward(space, cursor.anchor(), filter.sinceId, limit);
  }

  /**
   * Sets the Link header in Shopify's format, with cursors anchored at the page's first and last
   * ids; absent when there is neither a previous nor a next page.
   */
  void link(ApiResponse response, ListRequest request, Pager.Page page, long firstId, long lastId) {
    String path = request.route().path();
    String fieldsParam = request.params().get("fields");
    String base =
        response.baseUrl()
            + ApiPath.PREFIX
            + request.version()
            + "/"
            + path
            + "?limit="
            + limit
            + (fieldsParam != null && !fieldsParam.isBlank()
                ? "&fields=" + HttpIo.encode(fieldsParam)
                : "")
            + "&page_info=";
    List<String> parts = new ArrayList<>(2);
    if (page.hasPrevious()) {
      String cursor = new PageCursor(path, filter, false, firstId).encode();
      parts.add("<" + base + cursor + ">; rel=\"previous\"");
    }
    if (page.hasNext()) {
      String cursor = new PageCursor(path, filter, true, lastId).encode();
      parts.add("<" + base + cursor + ">; rel=\"next\"");
    }
    if (!parts.isEmpty()) {
      response.header("Link", String.join(", ", parts));
    }
  }
}
