package courier.shopify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GraphQL Admin API operations the courier sends, one file each under {@code
 * courier/shopify/graphql/}: a page query per resource and the overflow queries that drain nested
 * connections, and the counts. Each is validated against Shopify's schema and costed by a unit
 * test.
 */
public enum GraphqlQuery {
  CUSTOMERS_PAGE,
  CUSTOMERS_COUNT,
  CUSTOMER_ADDRESSES_OVERFLOW,
  ORDERS_PAGE,
  ORDERS_COUNT,
  ORDER_CHILDREN_OVERFLOW,
  ORDER_DISCOUNT_APPS_OVERFLOW,
  ORDER_SHIPPING_LINES_OVERFLOW,
  ORDER_REFUNDS_PAGE,
  REFUND_LINES_OVERFLOW,
  REFUNDS_BY_IDS,
  PRODUCTS_PAGE,
  PRODUCTS_COUNT,
  PRODUCT_VARIANTS_OVERFLOW,
  PRODUCT_VARIANTS_ROOT_PAGE,
  LOCATIONS_PAGE,
  ABANDONED_CHECKOUTS_PAGE,
  ORDERS_BULK,
  CUSTOMERS_BULK,
  PRODUCTS_BULK,
  BULK_RUN,
  BULK_OPERATION,
  BULK_CANCEL,
  ACCESS_SCOPES,
  ABANDONED_CHECKOUTS_COUNT,
  ABANDONED_CHECKOUT_LINES_OVERFLOW,
  SEGMENTS_PAGE,
  SEGMENTS_COUNT,
  SEGMENT_MEMBERS_PAGE,
  DELETION_EVENTS_PAGE,
  CUSTOMER_IDS_PAGE,
  ORDER_IDS_PAGE,
  PRODUCT_IDS_PAGE,
  ABANDONED_CHECKOUT_IDS_PAGE;

  private static final String FOLDER = "graphql/";
  private static final String SHARED_FRAGMENTS = "_fragments";
  private static final Pattern FRAGMENT = Pattern.compile("(?m)^fragment\\s+(\\w+)\\s+on\\b");
  private static final Pattern SPREAD = Pattern.compile("\\.\\.\\.\\s*(\\w+)");
  private static final Pattern OPERATION = Pattern.compile("(?m)^(?:query|mutation)\\s+(\\w+)");

  private volatile String text;

  /** The file's name without extension, e.g. "orders_page". */
  public String fileName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The name of the file's operation ("OrdersPage", "BulkRun"): the request's operationName. */
  public String operationName() {
    List<String> operations = names(OPERATION, text());
    if (operations.size() != 1) {
      throw new IllegalStateException(fileName() + " must define exactly one named query");
    }
    return operations.get(0);
  }

  /** The document to send: the file, plus the shared fragments it spreads and does not define. */
  public String text() {
    String loaded = text;
    if (loaded == null) {
      loaded = withSharedFragments(read(fileName()), read(SHARED_FRAGMENTS));
      text = loaded;
    }
    return loaded;
  }

  /** Appends the shared fragments the document spreads, and those they spread, once each. */
  static String withSharedFragments(String query, String shared) {
    Map<String, String> available = new LinkedHashMap<>();
    for (String definition : shared.split("(?m)(?=^fragment\\s)")) {
      List<String> name = names(FRAGMENT, definition);
      if (name.size() == 1) {
        available.put(name.get(0), definition.strip());
      }
    }
    StringBuilder document = new StringBuilder(query.strip()).append('\n');
    boolean added = true;
    while (added) {
      added = false;
      List<String> defined = names(FRAGMENT, document.toString());
      for (String spread : names(SPREAD, document.toString())) {
        if (!defined.contains(spread) && available.containsKey(spread)) {
          document.append('\n').append(available.get(spread)).append('\n');
          defined.add(spread);
          added = true;
        }
      }
    }
    return document.toString();
  }

  private static List<String> names(Pattern pattern, String text) {
    List<String> names = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String read(String name) {
    String resource = FOLDER + name + ".graphql";
    try (InputStream in = GraphqlQuery.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("query " + resource + " is missing from the courier jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read query " + resource, e);
    }
  }
}
