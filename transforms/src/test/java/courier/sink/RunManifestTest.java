package courier.sink;

import static courier.sink.SinkTestRuns.CUSTOMER_TABLES;
import static courier.sink.SinkTestRuns.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.fetch.ShopifyEntity;
import courier.normalize.Normalize;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunManifest's publication called directly on a local output directory staged by hand, as a run
 * leaves it before its commit: where the manifest is, which runs are pending, what moves where and
 * what a second publication of the same run keeps; and the checks of its factories.
 */
class RunManifestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PART = "part-00000-of-00001.parquet";
  private static final RunInfo RUN = SinkTestRuns.customersRun("run-m1").build();

  @TempDir Path output;

  private String out() {
    return output.toString();
  }

  /**
   * Leaves the run as its pipeline does before the commit: one file per feed under {@code
   * runs/<run>/feeds/}, FileIO's empty temporary directory, and the pending manifest.
   */
  private void stage(String runId, String content) throws IOException {
    Path run = output.resolve("runs").resolve(runId);
    ObjectNode manifest = JSON.createObjectNode().put("run_id", runId).put("status", "succeeded");
    for (String feed : List.of("customer", "customer_address")) {
      write(run.resolve("feeds").resolve(feed).resolve(PART), content + " " + feed);
      manifest
          .with("tables")
          .putObject(feed)
          .put("rows", 1)
          .putArray("files")
          .add("feeds/" + feed + "/run_id=" + runId + "/" + PART);
    }
    for (String feed : List.of("_rejects", "_deletions")) {
      write(run.resolve("feeds").resolve(feed).resolve(PART), content + " " + feed);
    }
    manifest
        .putObject("rejects")
        .putArray("files")
        .add("feeds/_rejects/run_id=" + runId + "/" + PART);
    manifest
        .putObject("deletions")
        .putArray("files")
        .add("feeds/_deletions/run_id=" + runId + "/" + PART);
    Files.createDirectories(run.resolve(".temp-beam"));
    write(run.resolve(RunPaths.PENDING_MANIFEST), JSON.writeValueAsString(manifest));
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private Path published(String feed, String runId) {
    return output.resolve("feeds").resolve(feed).resolve("run_id=" + runId).resolve(PART);
  }

  private List<String> runDirectory(String runId) throws IOException {
    try (Stream<Path> files = Files.walk(output.resolve("runs").resolve(runId))) {
      return files.map(f -> output.relativize(f).toString()).sorted().toList();
    }
  }

  @Test
  void theManifestLivesInTheRunsDirectory() {
    assertEquals(
        output.resolve("runs").resolve("run-m1").resolve("manifest.json").toString(),
        RunManifest.location(out(), "run-m1"));
  }

  @Test
  void publishingMovesEveryStagedFileIntoFeedsAndWritesTheManifestLast() throws IOException {
    stage("run-m1", "first");
    stage("run-m2", "other");
    assertEquals(
        List.of("run-m1", "run-m2"), RunManifest.pendingRuns(out()).stream().sorted().toList());
    assertEquals(Optional.empty(), RunManifest.read(out(), "run-m1"), "not published yet");

    Optional<String> manifest = RunManifest.moveIntoFeeds(out(), "run-m1");

    assertEquals(Optional.of(RunManifest.location(out(), "run-m1")), manifest);
    for (String feed : List.of("customer", "customer_address", "_rejects", "_deletions")) {
      assertEquals("first " + feed, Files.readString(published(feed, "run-m1")), feed);
    }
    JsonNode written = JSON.readTree(RunManifest.read(out(), "run-m1").orElseThrow());
    assertEquals("run-m1", written.get("run_id").asText());
    assertTrue(written.has("finished_at"), written.toString());
    assertEquals(
        List.of("runs/run-m1", "runs/run-m1/manifest.json"),
        runDirectory("run-m1"),
        "the run keeps only its manifest: staged files, staging directories and pending manifest"
            + " are gone");
    assertEquals(List.of("run-m2"), RunManifest.pendingRuns(out()), "the other run still waits");

    assertEquals(
        manifest, RunManifest.moveIntoFeeds(out(), "run-m1"), "publishing again finds it done");
  }

  @Test
  void aCommittedRunSubmittedAgainKeepsWhatItPublishedFirst() throws IOException {
    stage("run-m1", "first");
    RunManifest.moveIntoFeeds(out(), "run-m1");
    String firstManifest = RunManifest.read(out(), "run-m1").orElseThrow();

    stage("run-m1", "second");
    assertEquals(
        Optional.of(RunManifest.location(out(), "run-m1")),
        RunManifest.moveIntoFeeds(out(), "run-m1"));

    assertEquals("first customer", Files.readString(published("customer", "run-m1")));
    assertEquals("first _rejects", Files.readString(published("_rejects", "run-m1")));
    assertEquals(firstManifest, RunManifest.read(out(), "run-m1").orElseThrow());
    assertEquals(
        List.of("runs/run-m1", "runs/run-m1/manifest.json"),
        runDirectory("run-m1"),
        "the second attempt's staged files are dropped");
  }

  @Test
  void aRunThatStagedNothingHasNothingToPublish() throws IOException {
    assertEquals(Optional.empty(), RunManifest.moveIntoFeeds(out(), "never-ran"));
    assertEquals(Optional.empty(), RunManifest.read(out(), "never-ran"));
    assertEquals(List.of(), RunManifest.pendingRuns(out()));
    assertFalse(Files.exists(output.resolve("feeds")));
  }

  @Test
  void aMoveThatFailsWithTheStagedFileStillThereFailsThePublication() throws IOException {
    stage("run-m1", "first");
    // A directory, not empty, where the customer file must go: the rename cannot replace it.
    write(published("customer", "run-m1").resolve("in-the-way"), "x");
    assertThrows(IOException.class, () -> RunManifest.moveIntoFeeds(out(), "run-m1"));
    assertEquals(Optional.empty(), RunManifest.read(out(), "run-m1"), "no manifest");
    assertEquals(List.of("run-m1"), RunManifest.pendingRuns(out()), "still pending");
  }

  @Test
  void aStagedFileLostBeforeThePublicationFailsItNamingTheFile() throws IOException {
    stage("run-m1", "first");
    Path lost = output.resolve("runs/run-m1/feeds/customer_address").resolve(PART);
    Files.delete(lost);

    IOException e =
        assertThrows(IOException.class, () -> RunManifest.moveIntoFeeds(out(), "run-m1"));

    assertTrue(e.getMessage().contains(lost.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("rerun the same window"), e.getMessage());
    assertEquals(Optional.empty(), RunManifest.read(out(), "run-m1"), "no manifest names it");
    assertEquals(List.of("run-m1"), RunManifest.pendingRuns(out()), "still pending");
  }

  @Test
  void refusesAMissingOutputDirectoryOrRunSayingWhichCall() {
    for (String dir : new String[] {null, " "}) {
      assertRefused(
          "RunManifest.write() needs an output directory and the run",
          () -> RunManifest.write(dir, RUN));
      assertRefused(
          "RunManifest.stage() needs an output directory and the run",
          () -> RunManifest.stage(dir, RUN));
      assertRefused(
          "RunManifest.publish() needs an output directory and the run id",
          () -> RunManifest.publish(dir, RUN.runId()));
    }
    assertRefused(
        "RunManifest.write() needs an output directory and the run",
        () -> RunManifest.write(out(), null));
    assertRefused(
        "RunManifest.stage() needs an output directory and the run",
        () -> RunManifest.stage(out(), null));
    assertRefused(
        "RunManifest.publish() needs an output directory and the run id",
        () -> RunManifest.publish(out(), null));
  }

  // ---------------------------------------------------------------------------------------------
  // the transforms, on small pipelines: the customer tables, no entities

  private ParquetFeeds.Result emptyFeeds(Pipeline p, String runId) {
    return p.apply("Entities", Create.empty(ShopifyEntity.EntityCoder.of()))
        .apply(
            "Normalize",
            Normalize.into(CUSTOMER_TABLES).withRunId(runId).withSyncedAt(RUN.startedAt()))
        .apply("ParquetFeeds", ParquetFeeds.to(out()).withRunId(runId));
  }

  @Test
  void aGroupRunsManifestListsEachShopAndWaitsForItsSignals() throws IOException {
    RunInfo eu = member("eu.myshopify.com", List.of("customers"), "2026-04-01T00:00:00Z");
    RunInfo us = member("us.myshopify.com", List.of("customers", "orders"), "2026-03-31T00:00:00Z");
    RunInfo group = RunInfo.ofGroup("nightly", List.of(eu, us));
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    ParquetFeeds.Result feeds = emptyFeeds(p, group.runId());
    PCollection<String> committed = p.apply("Committed", Create.of("committed"));
    PCollection<String> written =
        feeds.apply("RunManifest", RunManifest.write(out(), group).waitingOn(committed));
    PAssert.that(written).containsInAnyOrder(RunManifest.location(out(), group.runId()));
    p.run().waitUntilFinish();

    JsonNode manifest = JSON.readTree(RunManifest.read(out(), group.runId()).orElseThrow());
    assertEquals("nightly", manifest.get("group").asText());
    assertEquals("eu.myshopify.com,us.myshopify.com", manifest.get("shop").asText());
    assertEquals(List.of("customers", "orders"), texts(manifest.get("resources")));
    assertEquals("2026-03-31T00:00:00Z", manifest.get("window").get("from").asText());
    JsonNode shops = manifest.get("shops");
    assertEquals(2, shops.size());
    assertEquals("us.myshopify.com", shops.get(1).get("shop").asText());
    assertEquals("window", shops.get(1).get("load_mode").asText());
    assertEquals(List.of("customers", "orders"), texts(shops.get(1).get("resources")));
    assertEquals(List.of("customers"), texts(shops.get(0).get("resources")));
    assertEquals("2026-03-31T00:00:00Z", shops.get(1).get("window").get("from").asText());
    assertEquals("2026-04-02T00:00:00Z", shops.get(0).get("window").get("to").asText());
    assertEquals(0, manifest.get("tables").get("customer").get("rows").asLong());
    assertEquals(
        List.of("feeds/customer/run_id=" + group.runId() + "/" + PART),
        texts(manifest.get("tables").get("customer").get("files")));
  }

  @Test
  void aRunOfOneShopHasNoGroupSection() throws IOException {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    emptyFeeds(p, RUN.runId()).apply("RunManifest", RunManifest.write(out(), RUN));
    p.run().waitUntilFinish();
    JsonNode manifest = JSON.readTree(RunManifest.read(out(), RUN.runId()).orElseThrow());
    assertFalse(manifest.has("group"), manifest.toString());
    assertFalse(manifest.has("shops"), manifest.toString());
    assertEquals(List.of("customers"), texts(manifest.get("resources")));
  }

  @Test
  void publishingARunWithoutAPendingManifestFailsNamingIt() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    p.apply("Staged", Create.of("staged"))
        .apply(
            "Publish",
            RunManifest.publish(out(), "never-staged")
                .waitingOn(p.apply("Committed", Create.of("committed"))));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    Throwable cause = e;
    while (cause.getCause() != null && !(cause instanceof FileNotFoundException)) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof FileNotFoundException, e.toString());
    assertEquals(
        "run never-staged has no pending manifest at "
            + output.resolve("runs/never-staged/manifest.pending.json")
            + " to publish",
        cause.getMessage());
  }

  @Test
  void thePublicationTakesEverySignalAsASideInput() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<String> committed = p.apply("Committed", Create.of("committed"));
    PCollection<String> other = p.apply("Other", Create.of("other"));
    emptyFeeds(p, RUN.runId())
        .apply("RunManifest", RunManifest.write(out(), RUN).waitingOn(committed, other));
    p.apply("Staged", Create.of("staged"))
        .apply("Publish", RunManifest.publish(out(), RUN.runId()).waitingOn(committed));
    assertEquals(List.of(2), SinkTestRuns.sideInputsOf(p, "RunManifest/Publish/MoveIntoFeeds"));
    assertEquals(List.of(1), SinkTestRuns.sideInputsOf(p, "Publish/MoveIntoFeeds"));
  }

  @Test
  void refusesFeedsOfAnotherRun() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    ParquetFeeds.Result feeds = emptyFeeds(p, "run-other");
    assertRefused(
        "the manifest is for run run-m1 but the feeds were written for run run-other",
        () -> feeds.apply("StageManifest", RunManifest.stage(out(), RUN)));
  }

  private static RunInfo member(String shop, List<String> resources, String from) {
    return SinkTestRuns.customersRun("run-group-1")
        .shop(shop)
        .resources(resources)
        .window(Instant.parse(from), Instant.parse("2026-04-02T00:00:00Z"))
        .group("nightly")
        .build();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(v -> texts.add(v.asText()));
    return texts;
  }
}
