package courier.shopify;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated shop: {@code acme} or {@code acme.myshopify.com} (lower-case letters, digits and
 * hyphens), nothing else. Requests go to {@code https://<shop>.myshopify.com}; a free-form host is
 * never accepted so an access token cannot be sent to a look-alike domain. The handle is the part
 * before .myshopify.com, e.g. "acme".
 */
public record ShopDomain(String handle) implements Serializable {

  private static final String SUFFIX = ".myshopify.com";

  /** A DNS label: 1 to 63 of [a-z0-9-], not starting or ending with a hyphen. */
  private static final Pattern HANDLE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  /** A handle that is not a DNS label is refused; {@link #of} explains how to fix it. */
  public ShopDomain {
    if (handle == null || !HANDLE.matcher(handle).matches()) {
      throw new IllegalArgumentException("'" + handle + "' is not a shop handle");
    }
  }

  /**
   * Parses the {@code --shop} value. IllegalArgumentException says what was wrong and what to pass
   * instead.
   */
  public static ShopDomain of(String shop) {
    if (shop == null || shop.isBlank()) {
      throw new IllegalArgumentException(
          "--shop is required: pass the shop's handle, e.g. --shop=acme or --shop=acme.myshopify.com");
    }
    String handle =
        shop.endsWith(SUFFIX) ? shop.substring(0, shop.length() - SUFFIX.length()) : shop;
    if (!HANDLE.matcher(handle).matches()) {
      throw new IllegalArgumentException(
          "--shop='"
              + shop
              + "' is not a shop: pass only the handle before .myshopify.com, e.g. "
              + "--shop=acme or --shop=acme.myshopify.com (lower-case letters, digits and hyphens; no "
              + "scheme, path or other domain)"
              + hint(shop));
    }
    return new ShopDomain(handle);
  }

  private static String hint(String shop) {
    String lower = shop.toLowerCase(Locale.ROOT).trim();
    for (String prefix : new String[] {"https://", "http://"}) {
      if (lower.startsWith(prefix)) {
        lower = lower.substring(prefix.length());
      }
    }
    while (lower.endsWith("/")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    String handle =
        lower.endsWith(SUFFIX) ? lower.substring(0, lower.length() - SUFFIX.length()) : lower;
    return HANDLE.matcher(handle).matches() ? "; did you mean --shop=" + handle + "?" : "";
  }

  /** The shop's domain, e.g. "acme.myshopify.com"; this is what every record is tagged with. */
  public String domain() {
    return handle + SUFFIX;
  }

  /** Where the shop's Admin API lives: https://acme.myshopify.com. */
  public String baseUrl() {
    return "https://" + domain();
  }

  @Override
  public String toString() {
    return domain();
  }
}
