package courier.normalize;

import courier.schema.TableSchema;
import courier.shopify.Deletion;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.Options;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The entities a run learnt were deleted in Shopify, one row each: the {@code _deletions} feed of
 * the run, and what the commit marks ({@code _deleted_at} on the entity's rows in every table of
 * its resource). A lake reader applies the feed; the database is marked for it.
 */
public final class Deletions {
  /** The feed name (leading underscore: not a domain table, like {@code _rejects}). */
  public static final String FEED = "_deletions";

  public static final String SHOP = "shop";
  public static final String RESOURCE = "resource";
  public static final String ID = "id";
  public static final String DELETED_AT = "deleted_at";
  public static final String DETECTED = "detected";
  public static final String RUN_ID = "run_id";

  /** How a deletion was found: a destroy event of the run's window. */
  public static final String BY_EVENT = "event";

  /** How a deletion was found: missing from a resource read whole (locations, segments). */
  public static final String BY_WHOLE_READ = "whole_read";

  /** How a deletion was found: missing from Shopify's ids at a reconciliation. */
  public static final String BY_RECONCILE = "reconcile";

  public static final Schema SCHEMA =
      Schema.builder()
          .addField(string(SHOP, "Shop domain the entity belonged to."))
          .addField(string(RESOURCE, "Shopify resource: customers, orders, products..."))
          .addField(Field.of(ID, FieldType.INT64).withDescription("Id of the deleted entity."))
          .addField(
              Field.of(DELETED_AT, FieldType.DATETIME)
                  .withDescription("When Shopify deleted it (UTC; the event's time)."))
          .addField(string(DETECTED, "How the run found it: event, whole_read or reconcile."))
          .addField(string(RUN_ID, "Id of the courier run that found it."))
          .setOptions(
              Options.builder()
                  .setOption(TableSchema.OPTION_TABLE, FieldType.STRING, FEED)
                  .setOption(TableSchema.OPTION_VERSION, FieldType.INT32, 1))
          .build();

  private Deletions() {}

  /** Deletions as rows of {@link #SCHEMA}, found {@code detected} by run {@code runId}. */
  public static PTransform<PCollection<Deletion>, PCollection<Row>> toRows(
      String detected, String runId) {
    return new PTransform<>() {
      @Override
      public PCollection<Row> expand(PCollection<Deletion> deletions) {
        return deletions
            .apply(
                "DeletionRows",
                MapElements.into(TypeDescriptors.rows()).via(d -> row(d, detected, runId)))
            .setRowSchema(SCHEMA);
      }
    };
  }

  static Row row(Deletion d, String detected, String runId) {
    return Row.withSchema(SCHEMA)
        .addValues(
            d.shop(),
            d.resource().path(),
            d.id(),
            new org.joda.time.Instant(d.deletedAt().toEpochMilli()),
            detected,
            runId)
        .build();
  }

  private static Field string(String name, String description) {
    return Field.of(name, FieldType.STRING).withDescription(description);
  }
}
