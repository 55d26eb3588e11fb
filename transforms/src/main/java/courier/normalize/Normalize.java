package courier.normalize;

import courier.beam.Frozen;
import courier.fetch.ShopifyEntity;
import courier.schema.TableSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Normalizes Shopify entities into the rows of the domain tables, as the schema files say (see
 * {@link EntityNormalizer}), and keeps the newest version of each entity ({@link LatestVersion}).
 * Entities that cannot be stored become {@link Rejects}; every other entity yields a {@link
 * RootKeys} row.
 *
 * <p>Each version is normalized before the dedup, not after: the dedup's shuffle is a barrier (the
 * runners release nothing past it until the whole read is done), so normalizing ahead of it runs
 * while the fetch waits on Shopify rather than after the last page (issue 17's sixth round in
 * README.md).
 *
 * <pre>{@code
 * NormalizedTables normalized = entities.apply("Normalize",
 *     Normalize.into(SchemaCatalog.packaged().tables()).withRunId(runId).withSyncedAt(startedAt));
 * }</pre>
 *
 * <p>Besides the kept versions' records, the result has every version's rows before the dedup and
 * the kept version of each entity read more than once ({@link NormalizedTables#versionRecords()},
 * {@link NormalizedTables#contested()}): the database stages the former while the fetch runs and
 * its commit applies the latter, instead of staging after the dedup's barrier.
 *
 * <p>The two halves can also be applied apart: {@link #eachVersion()} where the entities are
 * fetched (each of a read's fetch steps, {@link courier.fetch.ShopifyIO.Read#each}), {@link
 * #latestVersions()} on all the versions together.
 */
public final class Normalize extends PTransform<PCollection<ShopifyEntity>, NormalizedTables> {
  private static final long serialVersionUID = 1L;

  private final List<TableSchema> tables;
  private final String runId;
  private final Instant syncedAt;
  private final LatestVersion latestVersion;

  private Normalize(
      List<TableSchema> tables, String runId, Instant syncedAt, LatestVersion latestVersion) {
    this.tables = List.copyOf(tables);
    this.runId = runId;
    this.syncedAt = syncedAt;
    this.latestVersion = latestVersion;
  }

  /** Normalizes into these tables (usually {@code SchemaCatalog.packaged().tables()}). */
  public static Normalize into(List<TableSchema> tables) {
    require(tables != null && !tables.isEmpty(), "Normalize.into() needs at least one table");
    return new Normalize(tables, null, null, LatestVersion.create());
  }

  /** The run id written to every row's {@code _run_id}. Required. */
  public Normalize withRunId(String runId) {
    require(runId != null && !runId.isBlank(), "withRunId() needs a non-blank run id");
    return new Normalize(tables, runId, syncedAt, latestVersion);
  }

  /** The instant written to every row's {@code _synced_at} (the run's start). Required. */
  public Normalize withSyncedAt(Instant syncedAt) {
    require(syncedAt != null, "withSyncedAt() needs an instant");
    return new Normalize(tables, runId, syncedAt, latestVersion);
  }

  /** The dedup, for its bucket count; {@link LatestVersion#create()} by default. */
  public Normalize withLatestVersion(LatestVersion latestVersion) {
    require(latestVersion != null, "withLatestVersion() needs a LatestVersion");
    return new Normalize(tables, runId, syncedAt, latestVersion);
  }

  @Override
  public NormalizedTables expand(PCollection<ShopifyEntity> entities) {
    // The halves' own steps, not the composites: the step names stay ToRows, LatestVersion...
    return keepLatest(normalizeEach(entities));
  }

  /**
   * The first half: each version of an entity normalized on its own into its rows and root key, or
   * its reject, encoded. Apply it where the entities are fetched: on Flink a step that reads a
   * flattened collection gets every entity encoded and decoded on the way (a union has no chained
   * consumer), where one chained to the fetch step gets the fetched object as it is.
   */
  public PTransform<PCollection<ShopifyEntity>, PCollection<NormalizedEntity>> eachVersion() {
    return new PTransform<>() {
      @Override
      public PCollection<NormalizedEntity> expand(PCollection<ShopifyEntity> entities) {
        return normalizeEach(entities);
      }
    };
  }

  /**
   * The second half: the newest version of each entity ({@link LatestVersion}), its rows keyed by
   * table, from what {@link #eachVersion()} made of every entity of the run.
   */
  public PTransform<PCollection<NormalizedEntity>, NormalizedTables> latestVersions() {
    return new PTransform<>() {
      @Override
      public NormalizedTables expand(PCollection<NormalizedEntity> versions) {
        return keepLatest(versions);
      }
    };
  }

  private PCollection<NormalizedEntity> normalizeEach(PCollection<ShopifyEntity> entities) {
    require(runId != null, "Normalize needs withRunId()");
    require(syncedAt != null, "Normalize needs withSyncedAt()");
    return entities
        .apply(
            "ToRows",
            ParDo.of(new NormalizeFn(tables, runId, syncedAt, NormalizedTables.tableRows(tables))))
        .setCoder(NormalizedEntity.Coder.of());
  }

  private NormalizedTables keepLatest(PCollection<NormalizedEntity> versions) {
    // One output, not one per table, its rows still encoded: see NormalizedTables and TableRows.
    PCollectionTuple kept = versions.apply("LatestVersion", latestVersion.keepingContested());
    PCollection<KV<String, byte[]>> records =
        kept.get(LatestVersion.LATEST)
            .apply("Records", ParDo.of(new RecordsFn()))
            .setCoder(NormalizedTables.RECORD_CODER);
    PCollection<KV<String, byte[]>> versionRecords =
        versions
            .apply("VersionRecords", ParDo.of(new VersionRecordsFn()))
            .setCoder(NormalizedTables.RECORD_CODER);
    PCollection<KV<String, byte[]>> contested =
        kept.get(LatestVersion.CONTESTED)
            .apply(
                "ContestedRecords",
                ParDo.of(new ContestedRecordsFn(runId, NormalizedTables.tableRows(tables))))
            .setCoder(NormalizedTables.RECORD_CODER);
    return new NormalizedTables(
        versions.getPipeline(),
        tables,
        records,
        versionRecords,
        contested,
        versions
            .getPipeline()
            .apply("NoDeletions", Create.empty(RowCoder.of(Deletions.SCHEMA)))
            .setRowSchema(Deletions.SCHEMA));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("tables", tables.size()).withLabel("Domain tables"))
        .addIfNotNull(DisplayData.item("runId", runId).withLabel("Run id"))
        .addIfNotNull(
            DisplayData.item("syncedAt", syncedAt == null ? null : syncedAt.toString())
                .withLabel("Synced at"));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Normalizes each version of an entity into its rows and root key, or its reject, encoded. */
  private static final class NormalizeFn extends DoFn<ShopifyEntity, NormalizedEntity> {
    private static final long serialVersionUID = 1L;

    /** Frozen: the DirectRunner copies the DoFn for each bundle (see {@link Frozen}). */
    private final Frozen<ArrayList<TableSchema>> tables;

    private final String runId;
    private final Instant syncedAt;
    private final TableRows tableRows;

    NormalizeFn(List<TableSchema> tables, String runId, Instant syncedAt, TableRows tableRows) {
      this.tables = Frozen.of(new ArrayList<>(tables), "the tables to normalize into");
      this.runId = runId;
      this.syncedAt = syncedAt;
      this.tableRows = tableRows;
    }

    @ProcessElement
    public void process(@Element ShopifyEntity entity, OutputReceiver<NormalizedEntity> out) {
      out.output(
          NormalizedEntity.of(
              entity,
              EntityNormalizer.normalize(entity, tables.get(), runId, syncedAt),
              tableRows,
              runId));
    }
  }

  /**
   * Keys the kept version's rows by their table (a reject by {@link NormalizedTables#REJECTS}),
   * counting only what the kept versions did: a version the dedup dropped counts nowhere.
   */
  private static final class RecordsFn extends DoFn<NormalizedEntity, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;

    private final Counter rejected = Metrics.counter(Normalize.class, "rejectedEntities");
    private final Counter normalized = Metrics.counter(Normalize.class, "normalizedEntities");
    private final Counter nulsRemoved = Metrics.counter(Normalize.class, "nulCharactersRemoved");
    private final Counter duplicateKeys =
        Metrics.counter(Normalize.class, "duplicatePrimaryKeysDropped");
    private final Counter repeatedJsonKeys = Metrics.counter(Normalize.class, "repeatedJsonKeys");

    @ProcessElement
    public void process(@Element NormalizedEntity entity, OutputReceiver<KV<String, byte[]>> out) {
      NormalizedEntity.Outcome outcome = entity.outcome();
      (outcome.rejected() ? rejected : normalized).inc();
      if (outcome.nulsRemoved() > 0) {
        nulsRemoved.inc(outcome.nulsRemoved());
      }
      if (outcome.repeatedJsonKeys() > 0) {
        repeatedJsonKeys.inc(outcome.repeatedJsonKeys());
      }
      outcome
          .duplicateKeys()
          .forEach(
              (table, count) -> {
                duplicateKeys.inc(count);
                Metrics.counter(Normalize.class, "duplicatePrimaryKeysDropped." + table).inc(count);
              });
      outcome.records().forEach(out::output);
    }
  }

  /**
   * Every version's rows and root key, before the dedup: what the database stages while the fetch
   * runs (see {@link NormalizedTables#versionRecords()}). Rejects are left to {@link RecordsFn}: a
   * version the dedup drops rejects nothing. Counts nothing, for the same reason.
   */
  private static final class VersionRecordsFn extends DoFn<NormalizedEntity, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element NormalizedEntity entity, OutputReceiver<KV<String, byte[]>> out) {
      NormalizedEntity.Outcome outcome = entity.outcome();
      if (!outcome.rejected()) {
        outcome.records().forEach(out::output);
      }
    }
  }

  /**
   * An entity read in more than one version: its key ({@link NormalizedTables#CONTESTED}, a {@link
   * RootKeys} row), then the kept version's records, its reject included.
   */
  private static final class ContestedRecordsFn extends DoFn<NormalizedEntity, KV<String, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final String runId;
    private final TableRows tableRows;

    ContestedRecordsFn(String runId, TableRows tableRows) {
      this.runId = runId;
      this.tableRows = tableRows;
    }

    @ProcessElement
    public void process(@Element NormalizedEntity entity, OutputReceiver<KV<String, byte[]>> out) {
      out.output(tableRows.record(NormalizedTables.CONTESTED, entity.rootKey(runId)));
      entity.outcome().records().forEach(out::output);
    }
  }
}
