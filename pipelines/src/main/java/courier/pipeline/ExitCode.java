package courier.pipeline;

import courier.schema.SchemaException;
import courier.shopify.ShopifyAccessException;
import courier.shopify.ShopifyException;
import courier.shopify.ShopifyRetriesExhaustedException;
import java.sql.SQLException;

/**
 * The process exit status, chosen so an orchestrator can decide what to do without reading logs.
 * Every run is safe to repeat: reruns of a window converge to the same tables.
 */
public enum ExitCode {
  /** The run landed everything: feeds, tables and the manifest. */
  SUCCESS(0, "success"),
  /** Something else failed (a database error, a bug). Investigate; rerunning is safe. */
  FAILURE(1, "failed; see the message above (rerunning is safe)"),
  /**
   * Bad or conflicting options, or a missing secret. Fix the command; retrying as is will fail
   * again.
   */
  BAD_CONFIGURATION(2, "bad configuration; fix the options and run again"),
  /**
   * Shopify refused access (401, 402, 403, 404, 423). Fix credentials, scopes or the shop first.
   */
  SHOPIFY_ACCESS(3, "Shopify refused access; fix the token, scopes or shop, then run again"),
  /**
   * Transient trouble outlasted the retries (5xx, timeouts, network, database unreachable). Retry
   * later.
   */
  RETRIES_EXHAUSTED(4, "transient failures outlasted the retries; retry the same command later");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  /**
   * Classifies a failure by what is in its cause chain: runners wrap user exceptions (Beam's
   * PipelineExecutionException, Flink's JobExecutionException), so the chain is searched.
   */
  public static ExitCode of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConfigException || t instanceof SchemaException) {
        return BAD_CONFIGURATION;
      }
      if (t instanceof ShopifyAccessException) {
        return SHOPIFY_ACCESS;
      }
      if (t instanceof ShopifyRetriesExhaustedException) {
        return RETRIES_EXHAUSTED;
      }
      if (t instanceof SQLException sql && isConnectionFailure(sql)) {
        return RETRIES_EXHAUSTED;
      }
      if (t instanceof SQLException sql && isRefusedLogin(sql)) {
        return BAD_CONFIGURATION;
      }
    }
    ShopifyException shopify = ShopifyException.findIn(failure);
    return shopify != null && shopify.status() >= 500 ? RETRIES_EXHAUSTED : FAILURE;
  }

  /** SQLState class 28: the database refused the user or password; retrying as is fails again. */
  private static boolean isRefusedLogin(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("28");
  }

  /** SQLState class 08: the database could not be reached or dropped the connection. */
  private static boolean isConnectionFailure(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }
}
