package courier.sink;

import static courier.sink.SinkTestRuns.CUSTOMER_TABLES;
import static courier.sink.SinkTestRuns.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.fetch.ShopifyEntity;
import courier.normalize.Fixtures;
import courier.normalize.Normalize;
import courier.normalize.NormalizedTables;
import courier.shopify.ShopifyResource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PValue;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ParquetFeeds' settings: the checks of its builder with their messages, the codec it is given, and
 * what its result hands on. The feeds' content is ParquetFeedsTest's.
 */
class ParquetFeedsSettingsTest {
  private static final String RUN = "run-settings-1";

  @TempDir Path output;

  private static NormalizedTables oneCustomer(Pipeline p) {
    return p.apply(
            "Entities",
            Create.of(
                    Fixtures.entity(
                        ShopifyResource.CUSTOMERS,
                        Fixtures.payload(ShopifyResource.CUSTOMERS, 207119551L)))
                .withCoder(ShopifyEntity.EntityCoder.of()))
        .apply(
            "Normalize",
            Normalize.into(CUSTOMER_TABLES)
                .withRunId(RUN)
                .withSyncedAt(Instant.parse("2026-04-02T00:00:00Z")));
  }

  @Test
  void writesWithTheCodecItIsGivenAndHandsOnItsOutputs() throws Exception {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    ParquetFeeds.Result feeds =
        oneCustomer(p)
            .apply(
                "ParquetFeeds",
                ParquetFeeds.to(output.toString())
                    .withRunId(RUN)
                    .withCompression(CompressionCodecName.SNAPPY));
    assertEquals(output.toString(), feeds.outputDir());
    assertEquals(RUN, feeds.runId());
    Map<String, PValue> outputs = new TreeMap<>();
    feeds.expand().forEach((tag, value) -> outputs.put(tag.getId(), value));
    assertEquals(
        Map.of(
            "files", feeds.files(),
            "rowCounts", feeds.rowCounts(),
            "rejectsByTable", feeds.rejectsByTable()),
        outputs);
    feeds.apply("RunManifest", RunManifest.write(output.toString(), run()));
    p.run().waitUntilFinish();

    Path customer = ParquetFiles.partFiles(output, "customer", RUN).get(0);
    assertEquals("SNAPPY", ParquetFiles.columnCodec(customer));
    List<GenericRecord> rows = ParquetFiles.read(customer);
    assertEquals(1, rows.size());
    assertEquals(207119551L, rows.get(0).get("id"));
  }

  @Test
  void refusesIncompleteSettingsSayingWhichOne() {
    assertRefused("ParquetFeeds.to() needs an output directory", () -> ParquetFeeds.to(null));
    assertRefused("ParquetFeeds.to() needs an output directory", () -> ParquetFeeds.to(" "));
    ParquetFeeds feeds = ParquetFeeds.to(output.toString());
    String runId = "withRunId() needs a run id of letters, digits, '.', '_' or '-'";
    assertRefused(runId, () -> feeds.withRunId(null));
    assertRefused(runId, () -> feeds.withRunId("../elsewhere"));
    assertRefused("withCompression() needs a codec", () -> feeds.withCompression(null));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = oneCustomer(p);
    assertRefused("ParquetFeeds needs withRunId()", () -> normalized.apply("ParquetFeeds", feeds));
  }

  @Test
  void displaysTheOutputTheRunAndTheCodec() {
    Map<String, Object> shown = new TreeMap<>();
    DisplayData.from(ParquetFeeds.to("/data/out").withRunId(RUN))
        .items()
        .forEach(i -> shown.put(i.getKey(), i.getValue()));
    assertEquals(Map.of("outputDir", "/data/out", "runId", RUN, "compression", "ZSTD"), shown);
  }

  private static RunInfo run() {
    return SinkTestRuns.customersRun(RUN).build();
  }
}
