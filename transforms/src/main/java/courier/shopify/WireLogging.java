package courier.shopify;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Holds the HTTP wire loggers of google-http-client and of the JDK's HttpURLConnection at INFO.
 * Below INFO (CONFIG, FINE) they print every request's headers and body: the {@code
 * X-Shopify-Access-Token} header (google-http-client redacts only {@code Authorization}) and the
 * client secret of the token grant. An operator who turns on java.util.logging debug output to
 * chase a network problem must not leak them into a log file.
 */
final class WireLogging {
  /**
   * Strong references: java.util.logging holds loggers weakly, and a collected one forgets its
   * level.
   */
  private static final List<Logger> WIRE_LOGGERS =
      List.of(
          Logger.getLogger("com.google.api.client.http.HttpTransport"),
          Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection"));

  private WireLogging() {}

  /** Raises the wire loggers to INFO if anything lowered them; called by every new ShopifyHttp. */
  static void keepSecretsOut() {
    for (Logger logger : WIRE_LOGGERS) {
      Level level = logger.getLevel();
      if (level == null || level.intValue() < Level.INFO.intValue()) {
        logger.setLevel(Level.INFO);
      }
    }
  }
}
