package courier.normalize;

import courier.fetch.ShopifyEntity;
import courier.schema.TableSchema;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.Options;
import org.apache.beam.sdk.values.Row;

/**
 * Entities that could not be normalized, one row each, with what is needed to find and fix them:
 * the table and reason (naming the column and the value) and the raw JSON as Shopify sent it. They
 * land in the {@code _rejects} feed; none of the entity's rows are written anywhere.
 */
public final class Rejects {
  /** The feed name of rejects (leading underscore: not a domain table). */
  public static final String FEED = "_rejects";

  public static final String TABLE = "table";
  public static final String SHOP = "shop";
  public static final String RESOURCE = "resource";
  public static final String ROOT_ID = "root_id";
  public static final String REASON = "reason";
  public static final String RAW_JSON = "raw_json";
  public static final String RUN_ID = "run_id";

  /**
   * Table and schema version travel as schema options, like the domain tables', for the Parquet
   * feed.
   */
  public static final Schema SCHEMA =
      Schema.builder()
          .addField(
              field(
                  TABLE,
                  "Domain table where the problem showed (the resource's own table for malformed entities)."))
          .addField(field(SHOP, "Shop domain the entity came from."))
          .addField(field(RESOURCE, "Shopify resource: customers, orders, products or locations."))
          .addField(
              Field.of(ROOT_ID, FieldType.INT64).withDescription("Id of the rejected entity."))
          .addField(field(REASON, "Why the entity was rejected: column, value and expected type."))
          .addField(field(RAW_JSON, "The entity's JSON exactly as fetched."))
          .addField(field(RUN_ID, "Id of the courier run that rejected it."))
          .setOptions(
              Options.builder()
                  .setOption(TableSchema.OPTION_TABLE, FieldType.STRING, FEED)
                  .setOption(TableSchema.OPTION_VERSION, FieldType.INT32, 1))
          .build();

  private Rejects() {}

  static Row of(ShopifyEntity entity, EntityNormalizer.Rejected rejected, String runId) {
    return Row.withSchema(SCHEMA)
        .addValues(
            rejected.table(),
            entity.shop(),
            entity.resource().path(),
            entity.id(),
            rejected.reason(),
            entity.json(),
            runId)
        .build();
  }

  private static Field field(String name, String description) {
    return Field.of(name, FieldType.STRING).withDescription(description);
  }
}
