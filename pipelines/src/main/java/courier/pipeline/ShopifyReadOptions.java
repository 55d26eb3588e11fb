package courier.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Shopify read: which shop, how to authenticate, and how hard to read it. Values are text, parsed
 * once by {@link RunSettings}.
 */
public interface ShopifyReadOptions extends ShopifyRetryOptions {
  @Description(
      "Shop to read: 'acme' or 'acme.myshopify.com' (lower-case letters, digits, hyphens). Required.")
  String getShop();

  void setShop(String value);

  @Description(
      "A courier group file (YAML) in place of --shop: several shops read and committed as one unit,"
          + " each with its own secrets, time zone and window (README, Courier groups).")
  String getGroup();

  void setGroup(String value);

  @Description(
      "Admin API to read through: 'graphql' (every variant and address, cost-based limits) or 'rest' "
          + "(legacy; products with at most 100 variants).")
  @Default.String("graphql")
  String getTransport();

  void setTransport(String value);

  @Description("Shopify Admin API version to request.")
  @Default.String("2026-10")
  String getApiVersion();

  void setApiVersion(String value);

  @Description(
      "File holding the Admin API access token. Default: the SHOPIFY_ACCESS_TOKEN environment variable.")
  String getAccessTokenFile();

  void setAccessTokenFile(String value);

  @Description(
      "Client id for the client-credentials grant. Default: the SHOPIFY_CLIENT_ID environment variable.")
  String getClientId();

  void setClientId(String value);

  @Description(
      "File holding the client secret for the client-credentials grant. Default: the SHOPIFY_CLIENT_SECRET "
          + "environment variable.")
  String getClientSecretFile();

  void setClientSecretFile(String value);

  @Description(
      "Send requests here instead of https://<shop>.myshopify.com. Loopback addresses only (the simulator).")
  String getShopifyBaseUrl();

  void setShopifyBaseUrl(String value);

  @Description(
      "Most requests in flight to the shop at once, per worker JVM. The rate governor keeps the shop's "
          + "API bucket from overflowing whatever this is.")
  @Default.Integer(8)
  Integer getMaxConcurrentRequests();

  void setMaxConcurrentRequests(Integer value);

  @Description(
      "Cut each resource's window into slices of at most this many records (count endpoints decide), "
          + "so parallel workers all get work.")
  @Default.Integer(5000)
  Integer getTargetSliceRecords();

  void setTargetSliceRecords(Integer value);

  @Description("Records per page, at most 250.")
  @Default.Integer(250)
  Integer getPageSize();

  void setPageSize(Integer value);

  @Description(
      "How customers, orders and products are fetched: 'paged' (keyset pages), 'bulk' (Shopify bulk"
          + " operations: one job per time slice, the result downloaded as a file; needs"
          + " --transport=graphql) or 'auto' (bulk for a resource whose window holds more than"
          + " --bulkThreshold records; the default; over REST it reads paged). Locations are"
          + " always paged.")
  @Default.String("auto")
  String getFetchMode();

  void setFetchMode(String value);

  @Description("With --fetchMode=auto, a window of more records than this is read in bulk.")
  @Default.Long(1_000)
  Long getBulkThreshold();

  void setBulkThreshold(Long value);

  @Description(
      "Bulk jobs a resource's window is cut into, 1 to 5 (Shopify runs 5 bulk queries at once per"
          + " app and shop).")
  @Default.Integer(5)
  Integer getMaxBulkJobs();

  void setMaxBulkJobs(Integer value);

  @Description(
      "A bulk job running longer than this (ISO-8601, e.g. PT2H) is canceled and its time slice"
          + " split in two.")
  @Default.String("PT2H")
  String getBulkTimeout();

  void setBulkTimeout(String value);
}
