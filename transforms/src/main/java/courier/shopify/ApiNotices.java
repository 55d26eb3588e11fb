package courier.shopify;

import com.google.api.client.http.HttpHeaders;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs, once per JVM, what Shopify says about the API version: a different {@code
 * X-Shopify-API-Version} than asked for (an unsupported version silently falls forward to the
 * oldest supported one) and, once per endpoint, {@code X-Shopify-API-Deprecated-Reason}.
 */
final class ApiNotices {
  private static final Logger LOG = LoggerFactory.getLogger(ShopifyClient.class);
  private static final Set<String> ALREADY_LOGGED = ConcurrentHashMap.newKeySet();

  private ApiNotices() {}

  static void check(
      String shop, String requestedVersion, String pathAndQuery, HttpHeaders headers) {
    String served = headers.getFirstHeaderStringValue("X-Shopify-API-Version");
    if (served != null
        && !served.equals(requestedVersion)
        && ALREADY_LOGGED.add("version|" + shop + "|" + requestedVersion + "|" + served)) {
      LOG.warn(
          "Shopify served API version {} for {} although {} was asked for: that version is not (or no "
              + "longer) supported. Move --apiVersion to a supported version after checking the changelog.",
          served,
          shop,
          requestedVersion);
    }
    String deprecated = headers.getFirstHeaderStringValue("X-Shopify-API-Deprecated-Reason");
    if (deprecated != null) {
      String endpoint = endpointOf(pathAndQuery);
      if (ALREADY_LOGGED.add("deprecated|" + shop + "|" + endpoint)) {
        LOG.warn(
            "Shopify reports {} (API {}) as deprecated for {}: {}",
            endpoint,
            requestedVersion,
            shop,
            deprecated);
      }
    }
  }

  /**
   * The path without query, ids replaced, so one endpoint is logged once:
   * /customers/{id}/addresses.json.
   */
  static String endpointOf(String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    return path.replaceAll("/\\d+(?=/|\\.json)", "/{id}");
  }
}
