package courier.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runner tuning: the runner-configs/*.properties file and the settings that differ per runner, so
 * no code tests the runner's name.
 */
public interface RunnerTuningOptions extends PipelineOptions {
  @Description(
      "Properties file of runner options applied before the command line, e.g. "
          + "runner-configs/flink-local.properties.")
  String getRunnerConfig();

  void setRunnerConfig(String value);

  @Description(
      "Hash buckets LatestVersion dedups in; each bucket's entities are held in memory at once."
          + " Runner configs set it: few on the DirectRunner (per-bundle costs dominate), many on"
          + " Flink (small groups stream from its sorted, spilled shuffle).")
  @Default.Integer(16)
  Integer getLatestVersionBuckets();

  void setLatestVersionBuckets(Integer value);
}
