package courier.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Output: which tables land, where feeds and manifests go, and the run's id. Values are text,
 * parsed once by {@link RunSettings}.
 */
public interface OutputOptions extends PipelineOptions {
  @Description("Comma-separated domain tables to land (default: all 13). Run --help to list them.")
  @Default.String("all")
  String getTables();

  void setTables(String value);

  @Description(
      "Where feeds, run manifests and (by default) the H2 database go. Any Beam filesystem path.")
  @Default.String("./courier-out")
  String getOutput();

  void setOutput(String value);

  @Description(
      "Id of this run (default: generated from the start time). Appears in feed paths, rows and manifests.")
  String getRunId();

  void setRunId(String value);
}
