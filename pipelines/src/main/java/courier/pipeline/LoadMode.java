package courier.pipeline;

import java.util.Locale;

/** How a run's window was chosen; {@link #ALL} and {@link #INCREMENTAL} are the --load values. */
public enum LoadMode {
  /** Everything up to now minus the safety lag (--load=all). */
  ALL,
  /** From the end of the last successful window, minus the lookback (--load=incremental). */
  INCREMENTAL,
  /** --from [--to]: a backfill. */
  EXPLICIT,
  /** --runDate [--timeZone --offset]: an orchestrator's schedule. */
  SCHEDULED;

  /** The spelling in options, manifests and courier_runs: "all", "incremental"... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a --load value; only all and incremental are chosen that way. */
  static LoadMode fromLoadOption(String value) {
    if (value.equals(ALL.label())) {
      return ALL;
    }
    if (value.equals(INCREMENTAL.label())) {
      return INCREMENTAL;
    }
    throw new ConfigException(
        "--load=" + value + " is not a load mode: use --load=all or --load=incremental");
  }
}
