package courier.normalize;

import courier.fetch.ShopifyEntity;
import courier.schema.TableSchema;
import java.time.Instant;
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
import org.apache.beam.sdk.values.Row;

/**
 * Normalizes Shopify entities into the rows of the domain tables, as the schema files say (see
 * {@link EntityNormalizer}). Entities that cannot be stored become {@link Rejects}; every other
 * entity yields a {@link RootKeys} row.
 *
 * <pre>{@code
 * NormalizedTables normalized = latest.apply("Normalize",
 *     Normalize.into(SchemaCatalog.packaged().tables()).withRunId(runId).withSyncedAt(startedAt));
 * }</pre>
 */
public final class Normalize extends PTransform<PCollection<ShopifyEntity>, NormalizedTables> {
  private static final long serialVersionUID = 1L;

  private final List<TableSchema> tables;
  private final String runId;
  private final Instant syncedAt;

  private Normalize(List<TableSchema> tables, String runId, Instant syncedAt) {
    this.tables = List.copyOf(tables);
    this.runId = runId;
    this.syncedAt = syncedAt;
  }

  /** Normalizes into these tables (usually {@code SchemaCatalog.packaged().tables()}). */
  public static Normalize into(List<TableSchema> tables) {
    require(tables != null && !tables.isEmpty(), "Normalize.into() needs at least one table");
    return new Normalize(tables, null, null);
  }

  /** The run id written to every row's {@code _run_id}. Required. */
  public Normalize withRunId(String runId) {
    require(runId != null && !runId.isBlank(), "withRunId() needs a non-blank run id");
    return new Normalize(tables, runId, syncedAt);
  }

  /** The instant written to every row's {@code _synced_at} (the run's start). Required. */
  public Normalize withSyncedAt(Instant syncedAt) {
    require(syncedAt != null, "withSyncedAt() needs an instant");
    return new Normalize(tables, runId, syncedAt);
  }

  @Override
  public NormalizedTables expand(PCollection<ShopifyEntity> entities) {
    require(runId != null, "Normalize needs withRunId()");
    require(syncedAt != null, "Normalize needs withSyncedAt()");
    // One output, not one per table: see NormalizedTables.
    PCollection<KV<String, Row>> records =
        entities
            .apply("ToRows", ParDo.of(new NormalizeFn(tables, runId, syncedAt)))
            .setCoder(NormalizedTables.recordCoder(tables));
    return new NormalizedTables(
        entities.getPipeline(),
        tables,
        records,
        entities
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

  /**
   * Keys each entity's rows by their table; the entity is all rows and its root key, or one reject.
   */
  private static final class NormalizeFn extends DoFn<ShopifyEntity, KV<String, Row>> {
    private static final long serialVersionUID = 1L;

    private final List<TableSchema> tables;
    private final String runId;
    private final Instant syncedAt;
    private final Counter rejected = Metrics.counter(Normalize.class, "rejectedEntities");
    private final Counter normalized = Metrics.counter(Normalize.class, "normalizedEntities");
    private final Counter nulsRemoved = Metrics.counter(Normalize.class, "nulCharactersRemoved");
    private final Counter duplicateKeys =
        Metrics.counter(Normalize.class, "duplicatePrimaryKeysDropped");
    private final Counter repeatedJsonKeys = Metrics.counter(Normalize.class, "repeatedJsonKeys");

    NormalizeFn(List<TableSchema> tables, String runId, Instant syncedAt) {
      this.tables = tables;
      this.runId = runId;
      this.syncedAt = syncedAt;
    }

    @ProcessElement
    public void process(@Element ShopifyEntity entity, OutputReceiver<KV<String, Row>> out) {
      EntityNormalizer.Outcome outcome =
          EntityNormalizer.normalize(entity, tables, runId, syncedAt);
      if (outcome instanceof EntityNormalizer.Rejected rejectedEntity) {
        rejected.inc();
        out.output(KV.of(NormalizedTables.REJECTS, Rejects.of(entity, rejectedEntity, runId)));
        return;
      }
      EntityNormalizer.Normalized result = (EntityNormalizer.Normalized) outcome;
      normalized.inc();
      if (result.nulsRemoved() > 0) {
        nulsRemoved.inc(result.nulsRemoved());
      }
      if (result.repeatedJsonKeys() > 0) {
        repeatedJsonKeys.inc(result.repeatedJsonKeys());
      }
      result.rows().forEach((table, rows) -> rows.forEach(row -> out.output(KV.of(table, row))));
      result
          .duplicateKeys()
          .forEach(
              (table, count) -> {
                duplicateKeys.inc(count);
                Metrics.counter(Normalize.class, "duplicatePrimaryKeysDropped." + table).inc(count);
              });
      out.output(KV.of(NormalizedTables.ROOTS, RootKeys.of(entity, runId)));
    }
  }
}
