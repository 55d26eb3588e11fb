package courier.shopify;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code page_info} cursor of the {@code rel="next"} entry of a REST {@code Link} header.
 * Cursors are only followed within one listing (they are temporary and exclude filters), and only
 * the cursor is taken: the next request is built against our own origin, never the header's host.
 */
final class LinkHeader {
  private static final Pattern ENTRY = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([a-z]+)\"?");

  private LinkHeader() {}

  /** The next page's page_info, or null when there is no next page. */
  static String nextPageInfo(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = ENTRY.matcher(header);
    while (m.find()) {
      if (m.group(2).equals("next")) {
        String query = URI.create(m.group(1)).getRawQuery();
        if (query == null) {
          return null;
        }
        for (String param : query.split("&")) {
          if (param.startsWith("page_info=")) {
            return URLDecoder.decode(
                param.substring("page_info=".length()), StandardCharsets.UTF_8);
          }
        }
      }
    }
    return null;
  }
}
