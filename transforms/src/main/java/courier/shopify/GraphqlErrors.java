package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a GraphQL response's {@code errors} (HTTP 200) mean for the request, by their {@code
 * extensions.code}, as REST's status codes do in {@link ShopifyErrors}: THROTTLED is waited out;
 * INTERNAL_SERVER_ERROR and the codes Shopify uses for a passing outage are retried like a 5xx;
 * ACCESS_DENIED and SHOP_INACTIVE stop the run like a 403 or 402; anything else (MAX_COST_EXCEEDED,
 * a field this API version lacks) is a request the courier built wrong and fails without retries. A
 * response with errors is never used, even with partial data. Messages carry Shopify's error
 * messages and codes, never data values.
 */
final class GraphqlErrors {
  private static final Set<String> TRANSIENT =
      Set.of("INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT");
  private static final Pattern SCOPE = Pattern.compile("\\b((?:read|write)_[a-z_]+)\\b");
  private static final int TEXT_LIMIT = 500;

  private GraphqlErrors() {}

  /**
   * Throws what {@code response}'s errors (or a mutation's {@code userErrors}) call for; returns
   * when it has none. {@code root} is the query's root field.
   */
  static void check(
      GraphqlResponse response,
      String root,
      String shop,
      String endpoint,
      String operation,
      ShopifyResource resource)
      throws IOException {
    JsonNode errors = response.errors();
    if (errors != null && !(errors.isArray() && errors.isEmpty())) {
      Set<String> codes = codes(errors);
      String text = text(errors);
      String where = "GraphQL query " + operation + " for " + shop;
      if (codes.contains("THROTTLED")) {
        throw new ShopifyHttp.ThrottledInBody("THROTTLED: " + text);
      }
      if (codes.contains("ACCESS_DENIED")) {
        throw accessDenied(shop, endpoint, where, text, resource);
      }
      if (codes.contains("SHOP_INACTIVE")) {
        throw new ShopifyAccessException(
            shop,
            endpoint,
            200,
            "Shop "
                + shop
                + " is inactive ("
                + where
                + ": "
                + text
                + "). It may be frozen,"
                + " paused or closed: the shop owner must reactivate it; re-run afterwards.");
      }
      if (!codes.isEmpty() && TRANSIENT.containsAll(codes)) {
        throw new IOException("GraphQL " + String.join(", ", codes) + ": " + text);
      }
      if (codes.contains("MAX_COST_EXCEEDED")) {
        throw new ShopifyRequestException(
            shop,
            endpoint,
            "Shopify refused "
                + where
                + " as too expensive ("
                + text
                + "). The courier's"
                + " page sizes are meant to stay under the 1,000-point maximum: this is a bug,"
                + " please report it with this message.");
      }
      throw new ShopifyRequestException(
          shop,
          endpoint,
          "Shopify refused "
              + where
              + " ("
              + text
              + "). The query does not fit this shop's API"
              + " version or is wrong: a bug in the courier (or an API version it does not"
              + " support); please report it with this message.");
    }
    JsonNode userErrors =
        response.root(root) == null ? null : response.root(root).get("userErrors");
    if (userErrors != null
        && userErrors.isArray()
        && !userErrors.isEmpty()
        && !onlyCode(userErrors, OPERATION_IN_PROGRESS)) {
      throw new ShopifyRequestException(
          shop,
          endpoint,
          "Shopify refused GraphQL query "
              + operation
              + " for "
              + shop
              + " with user errors ("
              + text(userErrors)
              + "); please report it with this message.");
    }
    if (response.data() == null || !response.data().has(root)) {
      throw new IOException("the GraphQL response has no data." + root);
    }
  }

  private static ShopifyAccessException accessDenied(
      String shop, String endpoint, String where, String text, ShopifyResource resource) {
    if (text.contains("not approved to access") || text.contains("protected-customer-data")) {
      return ShopifyErrors.protectedCustomerData(shop, endpoint, 200, where + ": " + text);
    }
    Matcher m = SCOPE.matcher(text);
    String scope = m.find() ? m.group(1) : resource != null ? resource.scope() : "needed";
    return new ShopifyAccessException(
        shop,
        endpoint,
        200,
        "The app lacks access that "
            + where
            + " needs, most likely the "
            + scope
            + " access scope (ACCESS_DENIED: "
            + text
            + "). Add "
            + scope
            + " to the app's configuration (orders older than 60 days also need"
            + " read_all_orders; customer fields need approval for protected customer data), have"
            + " the merchant approve the new scopes, then re-run.");
  }

  /**
   * The bulk operation limit (5 at once per app and shop): not an error but a wait, which the
   * caller of bulkOperationRunQuery handles.
   */
  static final String OPERATION_IN_PROGRESS = "OPERATION_IN_PROGRESS";

  static boolean onlyCode(JsonNode userErrors, String code) {
    for (JsonNode error : userErrors) {
      if (!code.equals(error.path("code").asText())) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> codes(JsonNode errors) {
    Set<String> codes = new LinkedHashSet<>();
    for (JsonNode error : errors.isArray() ? errors : java.util.List.of(errors)) {
      JsonNode code = error.path("extensions").path("code");
      if (code.isTextual()) {
        codes.add(code.textValue().toUpperCase(Locale.ROOT));
      }
    }
    return codes;
  }

  /** "CODE: message (at path)" per error, shortened; Shopify's messages name fields, not values. */
  private static String text(JsonNode errors) {
    StringBuilder text = new StringBuilder();
    for (JsonNode error : errors.isArray() ? errors : java.util.List.of(errors)) {
      if (text.length() > 0) {
        text.append("; ");
      }
      JsonNode code = error.path("extensions").path("code");
      if (code.isTextual()) {
        text.append(code.textValue()).append(": ");
      }
      text.append(error.path("message").asText(error.isTextual() ? error.textValue() : "?"));
      JsonNode path = error.get("path");
      if (path != null && path.isArray()) {
        text.append(" (at ").append(path).append(')');
      }
    }
    return text.length() <= TEXT_LIMIT ? text.toString() : text.substring(0, TEXT_LIMIT) + "...";
  }
}
