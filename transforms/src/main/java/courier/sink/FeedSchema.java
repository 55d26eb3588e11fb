package courier.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import courier.normalize.Deletions;
import courier.normalize.Rejects;
import courier.schema.TableSchema;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema.Field;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;

/**
 * The self-describing shape of one Parquet feed: its Avro schema (real logical types, tags as field
 * properties, descriptions as {@code doc}) and the key-values of every file footer.
 *
 * <p>Built here rather than by Beam's AvroUtils, which drops field options and writes decimals with
 * scale 0 (see beam-notes §3.2).
 */
final class FeedSchema implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Avro field property holding a column's semantic tags, e.g. {@code "courier.tags": ["email"]}.
   */
  static final String TAGS_PROPERTY = "courier.tags";

  /** Footer keys; the tags entry is a JSON object column to tags, readable without Avro. */
  static final String FOOTER_TABLE = "courier.table";

  static final String FOOTER_VERSION = "courier.schema_version";
  static final String FOOTER_DESCRIPTION = "courier.table_description";
  static final String FOOTER_TAGS = "courier.semantic_tags";
  static final String FOOTER_DESCRIPTIONS = "courier.column_descriptions";
  static final String FOOTER_RUN_ID = "courier.run_id";

  private static final String NAMESPACE = "courier.feeds";

  private final String name;
  private final int version;
  private final String description;
  private final Schema beamSchema;

  private FeedSchema(String name, int version, String description, Schema beamSchema) {
    this.name = name;
    this.version = version;
    this.description = description;
    this.beamSchema = beamSchema;
  }

  static FeedSchema of(TableSchema table) {
    return new FeedSchema(table.name(), table.version(), table.description(), table.beamSchema());
  }

  static FeedSchema rejects() {
    return new FeedSchema(
        Rejects.FEED,
        Rejects.SCHEMA.getOptions().getValue(TableSchema.OPTION_VERSION),
        "Entities that could not be normalized, with the reason and the raw JSON.",
        Rejects.SCHEMA);
  }

  static FeedSchema deletions() {
    return new FeedSchema(
        Deletions.FEED,
        Deletions.SCHEMA.getOptions().getValue(TableSchema.OPTION_VERSION),
        "Entities the run found deleted in Shopify: resource, id, when, and how it found them.",
        Deletions.SCHEMA);
  }

  String name() {
    return name;
  }

  int version() {
    return version;
  }

  Schema beamSchema() {
    return beamSchema;
  }

  org.apache.avro.Schema avroSchema() {
    List<Field> fields = beamSchema.getFields().stream().map(FeedSchema::avroField).toList();
    org.apache.avro.Schema record =
        org.apache.avro.Schema.createRecord(name, description, NAMESPACE, false, fields);
    record.addProp(FOOTER_TABLE, name);
    record.addProp(FOOTER_VERSION, version);
    return record;
  }

  /**
   * Footer key-values: table, version, description, tags and column descriptions as JSON objects.
   */
  Map<String, String> footer(String runId) {
    Map<String, List<String>> tags = new LinkedHashMap<>();
    Map<String, String> descriptions = new LinkedHashMap<>();
    for (Schema.Field field : beamSchema.getFields()) {
      List<String> fieldTags = tags(field);
      if (!fieldTags.isEmpty()) {
        tags.put(field.getName(), fieldTags);
      }
      descriptions.put(field.getName(), field.getDescription());
    }
    Map<String, String> footer = new LinkedHashMap<>();
    footer.put(FOOTER_TABLE, name);
    footer.put(FOOTER_VERSION, Integer.toString(version));
    footer.put(FOOTER_DESCRIPTION, description);
    footer.put(FOOTER_TAGS, json(tags));
    footer.put(FOOTER_DESCRIPTIONS, json(descriptions));
    footer.put(FOOTER_RUN_ID, runId);
    return footer;
  }

  private static Field avroField(Schema.Field beamField) {
    org.apache.avro.Schema type = avroType(beamField);
    boolean nullable = beamField.getType().getNullable();
    Field field =
        nullable
            ? new Field(
                beamField.getName(),
                org.apache.avro.Schema.createUnion(
                    org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), type),
                beamField.getDescription(),
                JsonProperties.NULL_VALUE)
            : new Field(beamField.getName(), type, beamField.getDescription(), (Object) null);
    List<String> tags = tags(beamField);
    if (!tags.isEmpty()) {
      field.addProp(TAGS_PROPERTY, tags);
    }
    return field;
  }

  private static org.apache.avro.Schema avroType(Schema.Field field) {
    FieldType type = field.getType();
    switch (type.getTypeName()) {
      case INT64:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
      case INT32:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
      case STRING:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
      case BOOLEAN:
        return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
      case DECIMAL:
        int precision = field.getOptions().getValue(TableSchema.OPTION_PRECISION);
        int scale = field.getOptions().getValue(TableSchema.OPTION_SCALE);
        return LogicalTypes.decimal(precision, scale)
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
      case DATETIME:
        // timestamp-millis: Parquet TIMESTAMP(MILLIS, isAdjustedToUTC=true), an instant.
        return LogicalTypes.timestampMillis()
            .addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
      default:
        throw new IllegalArgumentException(
            "no Parquet mapping for " + field.getName() + " of type " + type);
    }
  }

  static List<String> tags(Schema.Field field) {
    return field.getOptions().hasOption(TableSchema.OPTION_TAGS)
        ? List.copyOf(field.getOptions().<List<String>>getValue(TableSchema.OPTION_TAGS))
        : List.of();
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write footer metadata as JSON", e);
    }
  }
}
