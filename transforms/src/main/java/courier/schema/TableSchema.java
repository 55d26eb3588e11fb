package courier.schema;

import courier.shopify.ShopifyResource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.Field;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.Options;

/**
 * A domain table as declared by its schemas/&lt;table&gt;.yaml file. It yields the Beam schema
 * (semantic tags as field options); the Parquet and SQL sinks derive their own from it.
 */
public final class TableSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Field option holding a column's semantic tags (array of strings). */
  public static final String OPTION_TAGS = "courier.tags";

  /** Field options holding a decimal column's precision and scale (Beam's DECIMAL has neither). */
  public static final String OPTION_PRECISION = "courier.decimal.precision";

  public static final String OPTION_SCALE = "courier.decimal.scale";

  /** Schema options naming the table and its version. */
  public static final String OPTION_TABLE = "courier.table";

  public static final String OPTION_VERSION = "courier.version";

  private final String name;
  private final int version;
  private final String description;
  private final ShopifyResource resource;
  private final RowSource rows;
  private final List<String> primaryKey;
  private final List<ColumnSpec> columns;
  private transient Schema beamSchema;

  TableSchema(
      String name,
      int version,
      String description,
      ShopifyResource resource,
      RowSource rows,
      List<String> primaryKey,
      List<ColumnSpec> columns) {
    this.name = name;
    this.version = version;
    this.description = description;
    this.resource = resource;
    this.rows = rows;
    this.primaryKey = List.copyOf(primaryKey);
    this.columns = List.copyOf(columns);
  }

  public String name() {
    return name;
  }

  public int version() {
    return version;
  }

  public String description() {
    return description;
  }

  /** The Shopify resource the rows come from. */
  public ShopifyResource resource() {
    return resource;
  }

  public RowSource rows() {
    return rows;
  }

  public List<String> primaryKey() {
    return primaryKey;
  }

  /** The table's own columns, in file order. */
  public List<ColumnSpec> columns() {
    return columns;
  }

  /** The table's own columns followed by the lineage columns: the order of every sink. */
  public List<ColumnSpec> allColumns() {
    List<ColumnSpec> all = new ArrayList<>(columns);
    all.addAll(Lineage.COLUMNS);
    return Collections.unmodifiableList(all);
  }

  public ColumnSpec column(String columnName) {
    return allColumns().stream()
        .filter(c -> c.name().equals(columnName))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("table " + name + " has no column " + columnName));
  }

  /** Column name to semantic tags, for columns that have any. */
  public Map<String, List<String>> tagsByColumn() {
    return columns.stream()
        .filter(c -> !c.tags().isEmpty())
        .collect(
            Collectors.toMap(
                ColumnSpec::name, ColumnSpec::tags, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  /** The Beam schema of the table's rows; built once per JVM and instance. */
  public synchronized Schema beamSchema() {
    if (beamSchema == null) {
      beamSchema = buildBeamSchema();
    }
    return beamSchema;
  }

  private Schema buildBeamSchema() {
    Schema.Builder builder = Schema.builder();
    for (ColumnSpec c : allColumns()) {
      Options.Builder options = Options.builder();
      if (!c.tags().isEmpty()) {
        options.setOption(OPTION_TAGS, FieldType.array(FieldType.STRING), c.tags());
      }
      if (c.type().kind() == ColumnType.Kind.DECIMAL) {
        options.setOption(OPTION_PRECISION, FieldType.INT32, c.type().precision());
        options.setOption(OPTION_SCALE, FieldType.INT32, c.type().scale());
      }
      Field field =
          Field.of(c.name(), beamType(c.type()).withNullable(c.nullable()))
              .withDescription(c.description() == null ? "" : c.description())
              .withOptions(options);
      builder.addField(field);
    }
    builder.setOptions(
        Options.builder()
            .setOption(OPTION_TABLE, FieldType.STRING, name)
            .setOption(OPTION_VERSION, FieldType.INT32, version));
    return builder.build();
  }

  private static FieldType beamType(ColumnType type) {
    switch (type.kind()) {
      case INT64:
        return FieldType.INT64;
      case INT32:
        return FieldType.INT32;
      case STRING:
        return FieldType.STRING;
      case BOOLEAN:
        return FieldType.BOOLEAN;
      case DECIMAL:
        return FieldType.DECIMAL;
      case TIMESTAMP:
        return FieldType.DATETIME;
      default:
        throw new IllegalStateException("unhandled type " + type);
    }
  }

  /** Columns by name, for lookups by sinks. */
  public Map<String, ColumnSpec> columnsByName() {
    return allColumns().stream()
        .collect(
            Collectors.toMap(
                ColumnSpec::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Override
  public String toString() {
    return name + " v" + version + " " + allColumns();
  }
}
