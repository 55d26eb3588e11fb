package courier.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The load window: which updated_at range a run reads. Values are text, parsed once by {@link
 * WindowPlanner}.
 */
public interface LoadWindowOptions extends PipelineOptions {
  @Description(
      "Start of an explicit window (backfill), inclusive: ISO-8601 instant or date "
          + "(2026-01-01T00:00:00Z, 2026-01-01). Dates are read in --timeZone.")
  String getFrom();

  void setFrom(String value);

  @Description("End of an explicit window, exclusive. Default with --from: now minus --safetyLag.")
  String getTo();

  void setTo(String value);

  @Description(
      "Load mode when no explicit window is given: 'all' (everything up to now minus --safetyLag) or "
          + "'incremental' (from the end of the last successful window, minus --lookback).")
  String getLoad();

  void setLoad(String value);

  @Description(
      "Incremental mode: re-read this much before the end of the last successful window (ISO-8601 duration).")
  @Default.String("PT1H")
  String getLookback();

  void setLookback(String value);

  @Description(
      "Never read the most recent moments: windows end at now minus this (ISO-8601 duration).")
  @Default.String("PT2M")
  String getSafetyLag();

  void setSafetyLag(String value);

  @Description(
      "Scheduler mode: the run date (YYYY-MM-DD). The window is [runDate 00:00 − --offset, runDate 00:00) "
          + "in --timeZone.")
  String getRunDate();

  void setRunDate(String value);

  @Description("IANA time zone for --runDate and date-only --from/--to, e.g. Europe/Paris.")
  @Default.String("UTC")
  String getTimeZone();

  void setTimeZone(String value);

  @Description(
      "Scheduler mode: how far before runDate 00:00 the window starts (ISO-8601 period or duration: "
          + "P1D, PT6H).")
  @Default.String("P1D")
  String getOffset();

  void setOffset(String value);

  @Description(
      "Also compare every id Shopify has (customers, orders, products, abandoned checkouts; an"
          + " id-only query per resource) with the database's live ids: ids gone from Shopify are"
          + " marked deleted (detected: reconcile), ids missing from the database are fetched."
          + " Catches deletions whose events aged out. Weekly is plenty.")
  @Default.Boolean(false)
  Boolean getReconcile();

  void setReconcile(Boolean value);
}
