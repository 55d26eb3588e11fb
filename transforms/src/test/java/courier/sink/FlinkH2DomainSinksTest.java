package courier.sink;

import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The sink contract on the FlinkRunner (embedded cluster, DataSet batch, parallelism 2): the
 * ordering DDL, staging, commit, manifest rests on Wait.on and side inputs, which Flink executes
 * differently from the DirectRunner (one bundle per partition, no checkpointing).
 */
class FlinkH2DomainSinksTest extends H2DomainSinksTest {
  @Override
  PipelineOptions options() {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(2);
    options.setNumberOfExecutionRetries(0); // the failing-run test must fail, not be retried
    return options;
  }
}
