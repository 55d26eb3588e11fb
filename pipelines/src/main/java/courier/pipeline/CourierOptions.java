package courier.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The courier's command-line options. Values are kept as text and parsed by {@link RunSettings},
 * so every bad value fails before any work starts with a message that shows the fix. Secrets are
 * never options: tokens, client secrets and database passwords come from environment variables or
 * from files these options name.
 */
public interface CourierOptions extends PipelineOptions {

  @Description("Shop to read: 'acme' or 'acme.myshopify.com' (lower-case letters, digits, hyphens). Required.")
  String getShop();

  void setShop(String value);

  @Description("Comma-separated domain tables to land (default: all 13). Run --help to list them.")
  @Default.String("all")
  String getTables();

  void setTables(String value);

  @Description("Where feeds, run manifests and (by default) the H2 database go. Any Beam filesystem path.")
  @Default.String("./courier-out")
  String getOutput();

  void setOutput(String value);

  @Description("JDBC URL of the domain database (default: an H2 file database under --output). "
      + "PostgreSQL: jdbc:postgresql://host:5432/db")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user (default: sa for the embedded H2 database).")
  String getJdbcUser();

  void setJdbcUser(String value);

  @Description("File holding the database password. Default: the COURIER_JDBC_PASSWORD environment variable, if set.")
  String getJdbcPasswordFile();

  void setJdbcPasswordFile(String value);

  @Description("Prefix of the domain table names in the database.")
  @Default.String("shopify_")
  String getTablePrefix();

  void setTablePrefix(String value);

  @Description("Shopify Admin API version to request.")
  @Default.String("2026-10")
  String getApiVersion();

  void setApiVersion(String value);

  @Description("File holding the Admin API access token. Default: the SHOPIFY_ACCESS_TOKEN environment variable.")
  String getAccessTokenFile();

  void setAccessTokenFile(String value);

  @Description("Client id for the client-credentials grant. Default: the SHOPIFY_CLIENT_ID environment variable.")
  String getClientId();

  void setClientId(String value);

  @Description("File holding the client secret for the client-credentials grant. Default: the SHOPIFY_CLIENT_SECRET "
      + "environment variable.")
  String getClientSecretFile();

  void setClientSecretFile(String value);

  @Description("Send requests here instead of https://<shop>.myshopify.com. Loopback addresses only (the simulator).")
  String getShopifyBaseUrl();

  void setShopifyBaseUrl(String value);

  @Description("Most requests in flight to the shop at once, per worker JVM. The rate governor keeps the shop's "
      + "API bucket from overflowing whatever this is.")
  @Default.Integer(8)
  Integer getMaxConcurrentRequests();

  void setMaxConcurrentRequests(Integer value);

  @Description("Cut each resource's window into slices of at most this many records (count endpoints decide), "
      + "so parallel workers all get work.")
  @Default.Integer(5000)
  Integer getTargetSliceRecords();

  void setTargetSliceRecords(Integer value);

  @Description("Records per page, at most 250.")
  @Default.Integer(250)
  Integer getPageSize();

  void setPageSize(Integer value);

  @Description("Properties file of runner options applied before the command line, e.g. "
      + "runner-configs/flink-local.properties.")
  String getRunnerConfig();

  void setRunnerConfig(String value);

  @Description("Start of an explicit window (backfill), inclusive: ISO-8601 instant or date "
      + "(2026-01-01T00:00:00Z, 2026-01-01). Dates are read in --timeZone.")
  String getFrom();

  void setFrom(String value);

  @Description("End of an explicit window, exclusive. Default with --from: now minus --safetyLag.")
  String getTo();

  void setTo(String value);

  @Description("Load mode when no explicit window is given: 'all' (everything up to now minus --safetyLag) or "
      + "'incremental' (from the end of the last successful window, minus --lookback).")
  String getLoad();

  void setLoad(String value);

  @Description("Incremental mode: re-read this much before the end of the last successful window (ISO-8601 duration).")
  @Default.String("PT1H")
  String getLookback();

  void setLookback(String value);

  @Description("Never read the most recent moments: windows end at now minus this (ISO-8601 duration).")
  @Default.String("PT2M")
  String getSafetyLag();

  void setSafetyLag(String value);

  @Description("Scheduler mode: the run date (YYYY-MM-DD). The window is [runDate 00:00 − --offset, runDate 00:00) "
      + "in --timeZone.")
  String getRunDate();

  void setRunDate(String value);

  @Description("IANA time zone for --runDate and date-only --from/--to, e.g. Europe/Paris.")
  @Default.String("UTC")
  String getTimeZone();

  void setTimeZone(String value);

  @Description("Scheduler mode: how far before runDate 00:00 the window starts (ISO-8601 period or duration: "
      + "P1D, PT6H).")
  @Default.String("P1D")
  String getOffset();

  void setOffset(String value);

  @Description("Id of this run (default: generated from the start time). Appears in feed paths, rows and manifests.")
  String getRunId();

  void setRunId(String value);
}
