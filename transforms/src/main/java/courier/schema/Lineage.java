package courier.schema;

import java.util.List;

/** The lineage columns every domain table carries, after its own columns. */
public final class Lineage {
  public static final String SHOP = "_shop";
  public static final String ROOT_ID = "_root_id";
  public static final String RUN_ID = "_run_id";
  public static final String SYNCED_AT = "_synced_at";

  /**
   * When Shopify deleted the row's root entity (customer, order, product, location...); null while
   * it lives. A database column only, set by the commit that learns of the deletion: a Parquet feed
   * holds what one run read, and the {@code _deletions} feed says what was deleted.
   */
  public static final String DELETED_AT = "_deleted_at";

  public static final ColumnSpec DELETED_AT_COLUMN =
      column(
          DELETED_AT,
          ColumnType.of(ColumnType.Kind.TIMESTAMP),
          "When Shopify deleted the customer, order, product or location the row came from (UTC);"
              + " null while it exists. Live rows: WHERE _deleted_at IS NULL.");

  static final List<ColumnSpec> COLUMNS =
      List.of(
          column(
              SHOP,
              ColumnType.of(ColumnType.Kind.STRING),
              "Shop domain the row came from (acme.myshopify.com)."),
          column(
              ROOT_ID,
              ColumnType.of(ColumnType.Kind.INT64),
              "Id of the customer, order, product or location the row came from."),
          column(
              RUN_ID,
              ColumnType.of(ColumnType.Kind.STRING),
              "Id of the courier run that wrote the row."),
          column(
              SYNCED_AT, ColumnType.of(ColumnType.Kind.TIMESTAMP), "When that run started (UTC)."));

  private Lineage() {}

  private static ColumnSpec column(String name, ColumnType type, String description) {
    return new ColumnSpec(name, type, List.of(), List.of(), description, null, false);
  }
}
