package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Shopify's refusals into exceptions whose message tells the operator what to do. The wording
 * follows Shopify's response-code documentation (401, 402 frozen, 403 scope or protected customer
 * data, 404, 423 locked).
 */
final class ShopifyErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCOPE = Pattern.compile("\\b((?:read|write)_[a-z_]+)\\b");

  private ShopifyErrors() {}

  /** The exception for a non-retryable, non-2xx answer. */
  static ShopifyException refusal(
      String shop,
      String method,
      String endpoint,
      int status,
      String body,
      ShopifyResource resource,
      String credentials) {
    String errors = errorText(body);
    String request = method + " " + endpoint;
    boolean tokenExchange = endpoint.contains("/admin/oauth/");
    switch (status) {
      case 400:
      case 401:
      case 403:
        if (tokenExchange) {
          return new ShopifyAccessException(
              shop,
              endpoint,
              status,
              "Shopify refused the client credentials for "
                  + shop
                  + " (HTTP "
                  + status
                  + " on "
                  + request
                  + ": "
                  + errors
                  + "). Check that the client id and secret ("
                  + credentials
                  + ") belong to "
                  + "an app of your organization that is installed on "
                  + shop
                  + ", then re-run.");
        }
        if (status == 401) {
          return new ShopifyAccessException(
              shop,
              endpoint,
              status,
              "Shopify rejected the access token for "
                  + shop
                  + " (HTTP 401 on "
                  + request
                  + ": "
                  + errors
                  + "). The token from "
                  + credentials
                  + " is wrong, revoked or expired, or the app was "
                  + "uninstalled: put a current token there (or reinstall the app) and re-run.");
        }
        if (status == 403) {
          return forbidden(shop, request, endpoint, errors, resource);
        }
        return new ShopifyRequestException(shop, method, endpoint, status, body);
      case 402:
        return new ShopifyAccessException(
            shop,
            endpoint,
            status,
            "Shop "
                + shop
                + " is frozen (HTTP 402 on "
                + request
                + ": "
                + errors
                + "). The shop owner must "
                + "log in to the Shopify admin and settle the outstanding bill; re-run the window afterwards.");
      case 404:
        return new ShopifyAccessException(
            shop,
            endpoint,
            status,
            "Shop "
                + shop
                + " was not found (HTTP 404 on "
                + request
                + ": "
                + errors
                + "). Check --shop "
                + "(the handle before .myshopify.com) and the API version; if the shop was closed, stop "
                + "scheduling this run.");
      case 423:
        return new ShopifyAccessException(
            shop,
            endpoint,
            status,
            "Shop "
                + shop
                + " is locked (HTTP 423 on "
                + request
                + ": "
                + errors
                + "); Shopify locks "
                + "shops that repeatedly exceed API limits or are under a fraud review. The merchant must "
                + "contact Shopify Support; do not re-run until the shop is unlocked.");
      default:
        if (status >= 300 && status < 400) {
          return new ShopifyAccessException(
              shop,
              endpoint,
              status,
              "Shopify redirected "
                  + request
                  + " for "
                  + shop
                  + " (HTTP "
                  + status
                  + "); the courier does not "
                  + "follow redirects so credentials stay with the shop. Check --shop: the shop may have a "
                  + "new myshopify.com handle.");
        }
        return new ShopifyRequestException(shop, method, endpoint, status, body);
    }
  }

  /** The app may not read customers' personal data: what to request, where, for both APIs. */
  static ShopifyAccessException protectedCustomerData(
      String shop, String endpoint, int status, String what) {
    return new ShopifyAccessException(
        shop,
        endpoint,
        status,
        "The app is not approved for protected customer data on "
            + shop
            + " ("
            + what
            + "). Request access to protected customer data for the app (Partner Dashboard or Dev "
            + "Dashboard: API access → Protected customer data), wait for approval, then re-run.");
  }

  private static ShopifyAccessException forbidden(
      String shop, String request, String endpoint, String errors, ShopifyResource resource) {
    String lower = errors.toLowerCase(Locale.ROOT);
    if (lower.contains("protected customer data")) {
      return protectedCustomerData(shop, endpoint, 403, "HTTP 403 on " + request + ": " + errors);
    }
    Matcher m = SCOPE.matcher(errors);
    String scope = m.find() ? m.group(1) : resource != null ? resource.scope() : null;
    String which =
        scope != null ? "the " + scope + " access scope" : "an access scope this request needs";
    return new ShopifyAccessException(
        shop,
        endpoint,
        403,
        "The app lacks "
            + which
            + " on "
            + shop
            + " (HTTP 403 on "
            + request
            + ": "
            + errors
            + "). Add "
            + (scope != null ? scope : "the scope")
            + " to the app's configuration, have the merchant approve "
            + "the new scopes (reinstall or accept the update), then re-run.");
  }

  /**
   * Shopify's "errors" (or OAuth "error"/"error_description") text, else the raw body, shortened.
   */
  static String errorText(String body) {
    if (body == null || body.isBlank()) {
      return "empty body";
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
        JsonNode errors = node.has("errors") ? node.get("errors") : node.get("error");
        if (errors != null) {
          String text = errors.isTextual() ? errors.asText() : errors.toString();
          JsonNode description = node.get("error_description");
          return shorten(description != null ? text + ": " + description.asText() : text);
        }
      }
    } catch (Exception notJson) {
      // fall through to the raw body
    }
    return shorten(body.strip());
  }

  private static String shorten(String s) {
    return s.length() <= 500 ? s : s.substring(0, 500) + "...";
  }
}
