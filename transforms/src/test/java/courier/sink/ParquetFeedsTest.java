package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.fetch.ShopifyEntity;
import courier.normalize.Deletions;
import courier.normalize.Fixtures;
import courier.normalize.Normalize;
import courier.normalize.NormalizedTables;
import courier.schema.SchemaCatalog;
import courier.shopify.ShopifyResource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.Row;
import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFeedsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path output;

  /**
   * The run's deletions reach their feed encoded as the normalized records are, and decode there.
   */
  @Test
  void theDeletionsFeedHoldsTheRunsDeletions() throws Exception {
    String run = "run-parquet-deletions";
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    Row deletion =
        Row.withSchema(Deletions.SCHEMA)
            .addValues(
                Fixtures.SHOP,
                "orders",
                450789469L,
                new org.joda.time.Instant(1_775_000_000_000L),
                "event",
                run)
            .build();
    NormalizedTables normalized =
        p.apply(
                Create.of(
                        Fixtures.entity(
                            ShopifyResource.CUSTOMERS,
                            Fixtures.payload(ShopifyResource.CUSTOMERS, 1073339462L)))
                    .withCoder(ShopifyEntity.EntityCoder.of()))
            .apply(
                Normalize.into(SchemaCatalog.packaged().tables())
                    .withRunId(run)
                    .withSyncedAt(Instant.parse("2026-01-02T01:00:00Z")))
            .withDeletions(
                p.apply("Deletions", Create.of(deletion).withRowSchema(Deletions.SCHEMA)));
    RunInfo info = runInfo(run);
    normalized
        .apply("ParquetFeeds", ParquetFeeds.to(output.toString()).withRunId(run))
        .apply("RunManifest", RunManifest.write(output.toString(), info));
    p.run().waitUntilFinish();

    List<GenericRecord> deletions = readAll(Deletions.FEED, run);
    assertEquals(1, deletions.size());
    assertEquals(450789469L, deletions.get(0).get(Deletions.ID));
    assertEquals("event", deletions.get(0).get(Deletions.DETECTED).toString());
    assertEquals(
        Instant.ofEpochMilli(1_775_000_000_000L), deletions.get(0).get(Deletions.DELETED_AT));
    assertEquals(1, readAll("customer", run).size());
  }

  @Test
  void writesTypedTaggedFeedsAndAManifestLast() throws Exception {
    String run = "run-parquet-1";
    RunInfo info = runInfo(run);
    List<ShopifyEntity> input = new ArrayList<>();
    input.add(
        Fixtures.entity(
            ShopifyResource.CUSTOMERS, Fixtures.payload(ShopifyResource.CUSTOMERS, 1073339462L)));
    input.add(
        Fixtures.entity(
            ShopifyResource.ORDERS, Fixtures.payload(ShopifyResource.ORDERS, 450789469L)));
    input.add(
        new ShopifyEntity(
            Fixtures.SHOP, ShopifyResource.ORDERS, 5, 0, "{\"id\": 5, \"total_price\": true}"));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized =
        p.apply(Create.of(input).withCoder(ShopifyEntity.EntityCoder.of()))
            .apply(
                Normalize.into(SchemaCatalog.packaged().tables())
                    .withRunId(run)
                    .withSyncedAt(info.startedAt()));
    ParquetFeeds.Result feeds =
        normalized.apply("ParquetFeeds", ParquetFeeds.to(output.toString()).withRunId(run));
    feeds.apply("RunManifest", RunManifest.write(output.toString(), info));
    p.run().waitUntilFinish();

    List<GenericRecord> refunds = readAll("order_line_refund", run);
    assertEquals(2, refunds.size());
    GenericRecord refund =
        refunds.stream().filter(r -> (long) r.get("id") == 104689539L).findFirst().orElseThrow();
    assertEquals(new BigDecimal("195.6600"), refund.get("subtotal"));
    List<GenericRecord> customers = readAll("customer", run);
    assertEquals(1, customers.size());
    assertEquals(Instant.parse("2025-07-02T16:27:00Z"), customers.get(0).get("created_at"));
    assertEquals("steve.lastnameson@example.com", customers.get(0).get("email").toString());

    Path customerFile = ParquetFiles.partFiles(output, "customer", run).get(0);
    FileMetaData metadata = ParquetFiles.metadata(customerFile);
    Map<String, String> footer = metadata.getKeyValueMetaData();
    JsonNode tags = JSON.readTree(footer.get("courier.semantic_tags"));
    assertEquals("email", tags.get("email").get(0).asText());
    assertEquals("customer", footer.get("courier.table"));
    assertEquals("1", footer.get("courier.schema_version"));
    Schema avro = new Schema.Parser().parse(footer.get("parquet.avro.schema"));
    assertEquals(List.of("email"), avro.getField("email").getObjectProp("courier.tags"));
    assertEquals("The customer's e-mail address.", avro.getField("email").doc());
    Schema spent = avro.getField("total_spent").schema().getTypes().get(1);
    assertEquals(LogicalTypes.decimal(20, 4), spent.getLogicalType());
    MessageType parquet = metadata.getSchema();
    assertEquals(
        LogicalTypeAnnotation.decimalType(4, 20),
        parquet.getType("total_spent").getLogicalTypeAnnotation());
    assertEquals(
        LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS),
        parquet.getType("created_at").getLogicalTypeAnnotation());
    assertEquals("ZSTD", ParquetFiles.columnCodec(customerFile));

    // A table without rows this run has one empty file that still carries its schema.
    List<Path> productFiles = ParquetFiles.partFiles(output, "product", run);
    assertEquals(1, productFiles.size());
    assertEquals(List.of(), ParquetFiles.read(productFiles.get(0)));
    Map<String, String> productFooter = ParquetFiles.footer(productFiles.get(0));
    assertEquals("product", productFooter.get("courier.table"));
    assertTrue(
        new Schema.Parser().parse(productFooter.get("parquet.avro.schema")).getField("vendor")
            != null);
    List<GenericRecord> rejects = readAll("_rejects", run);
    assertEquals(1, rejects.size());
    assertTrue(rejects.get(0).get("reason").toString().contains("order.total_price"));

    JsonNode manifest = JSON.readTree(RunManifest.read(output.toString(), run).orElseThrow());
    assertEquals(run, manifest.get("run_id").asText());
    assertEquals("succeeded", manifest.get("status").asText());
    assertEquals(2, manifest.get("tables").get("order_line_refund").get("rows").asLong());
    assertEquals(1, manifest.get("tables").get("order").get("rejects").asLong());
    assertEquals(0, manifest.get("tables").get("product").get("rows").asLong());
    assertEquals(
        output.relativize(productFiles.get(0)).toString(),
        manifest.get("tables").get("product").get("files").get(0).asText());
    assertEquals(1, manifest.get("rejects").get("rows").asLong());
    int tables = courier.schema.SchemaCatalog.packaged().tables().size();
    assertEquals(tables, manifest.get("tables").size());
    String file = manifest.get("tables").get("customer").get("files").get(0).asText();
    assertEquals(output.relativize(customerFile).toString(), file);

    // The driver adds what only it knows, without touching what the pipeline wrote.
    RunManifest.extend(
        output.toString(),
        run,
        Map.of("fetch", Map.of("requests", 12, "throttled", 1), "duration_seconds", 42));
    JsonNode extended = JSON.readTree(RunManifest.read(output.toString(), run).orElseThrow());
    assertEquals(12, extended.get("fetch").get("requests").asInt());
    assertEquals(42, extended.get("duration_seconds").asInt());
    assertEquals(manifest.get("tables"), extended.get("tables"));
    assertThrows(
        IllegalArgumentException.class,
        () -> RunManifest.extend(output.toString(), run, Map.of("status", "failed")));
    assertThrows(
        java.io.FileNotFoundException.class,
        () -> RunManifest.extend(output.toString(), "never-ran", Map.of("x", 1)));
    try (java.util.stream.Stream<Path> left =
        java.nio.file.Files.list(output.resolve("runs").resolve(run))) {
      assertEquals(
          List.of("manifest.json"),
          left.map(f -> f.getFileName().toString()).toList(),
          "no temporary files left");
    }
    try (java.util.stream.Stream<Path> feedDirs =
        java.nio.file.Files.list(output.resolve("feeds"))) {
      assertEquals(
          tables + 2,
          feedDirs.filter(f -> !f.getFileName().toString().startsWith(".")).count(),
          "every table, the rejects and the deletions");
    }
    try (java.util.stream.Stream<Path> hidden = java.nio.file.Files.walk(output)) {
      assertEquals(
          List.of(),
          hidden.filter(f -> f.getFileName().toString().startsWith(".")).toList(),
          "no staging left");
    }
  }

  private static RunInfo runInfo(String run) {
    return RunInfo.builder()
        .runId(run)
        .shop(Fixtures.SHOP)
        .resources(List.of("customers", "orders"))
        .window(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"))
        .loadMode("window")
        .startedAt(Instant.parse("2026-01-02T01:00:00Z"))
        .build();
  }

  private List<GenericRecord> readAll(String feed, String run) throws Exception {
    List<GenericRecord> records = new ArrayList<>();
    for (Path file : ParquetFiles.partFiles(output, feed, run)) {
      records.addAll(ParquetFiles.read(file));
    }
    return records;
  }
}
