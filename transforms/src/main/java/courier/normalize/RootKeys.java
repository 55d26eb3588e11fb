package courier.normalize;

import courier.fetch.ShopifyEntity;
import courier.schema.Lineage;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The entities normalized successfully in a run, one row each, even those that yield no row in some
 * table (an order without tags). The database sink replaces exactly these entities' rows, which is
 * how a tag, line or address removed in Shopify disappears.
 */
public final class RootKeys {
  public static final String RESOURCE = "resource";

  public static final Schema SCHEMA =
      Schema.builder()
          .addStringField(Lineage.SHOP)
          .addStringField(RESOURCE)
          .addInt64Field(Lineage.ROOT_ID)
          .addStringField(Lineage.RUN_ID)
          .build();

  private RootKeys() {}

  static Row of(ShopifyEntity entity, String runId) {
    return of(entity.shop(), entity.resource().path(), entity.id(), runId);
  }

  static Row of(String shop, String resource, long rootId, String runId) {
    return Row.withSchema(SCHEMA).addValues(shop, resource, rootId, runId).build();
  }
}
