package courier.shopify;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Validates the {@code shopifyBaseUrl} override that points the client at the simulator. Only a
 * loopback origin (127.0.0.0/8, ::1, localhost) is accepted, checked before any request is made, so
 * an access token can never be sent anywhere but Shopify or this machine.
 */
final class LoopbackBaseUrl {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LoopbackBaseUrl() {}

  /** Returns the origin without a trailing slash, e.g. "http://127.0.0.1:8080". */
  static String validate(String baseUrl) {
    URI uri;
    try {
      uri = new URI(baseUrl.trim());
    } catch (URISyntaxException e) {
      throw refused(baseUrl, "it is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw refused(baseUrl, "it must start with http:// or https://");
    }
    if (uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || !(uri.getRawPath() == null
            || uri.getRawPath().isEmpty()
            || uri.getRawPath().equals("/"))) {
      throw refused(
          baseUrl,
          "it must be a bare origin such as http://127.0.0.1:8080 (no user, path or query)");
    }
    String host = uri.getHost();
    if (host == null || !isLoopback(host)) {
      throw refused(baseUrl, "its host is not a loopback address (127.0.0.0/8, ::1 or localhost)");
    }
    String origin = scheme + "://" + uri.getRawAuthority();
    return origin;
  }

  /** Whether {@code uri} is http(s) to a loopback host (a bulk result served by the simulator). */
  static boolean isLoopbackUrl(URI uri) {
    return uri.getHost() != null
        && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
        && isLoopback(uri.getHost());
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    // Only literals are resolved: a DNS name could point anywhere.
    boolean literal = IPV4_LITERAL.matcher(h).matches() || (h.startsWith("[") && h.endsWith("]"));
    if (!literal) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static IllegalArgumentException refused(String baseUrl, String why) {
    return new IllegalArgumentException(
        "shopifyBaseUrl='"
            + baseUrl
            + "' refused: "
            + why
            + ". The override exists only to reach "
            + "the Shopify simulator on this machine (e.g. shopifyBaseUrl=http://127.0.0.1:8080); to "
            + "read a real shop, drop shopifyBaseUrl and pass --shop.");
  }
}
