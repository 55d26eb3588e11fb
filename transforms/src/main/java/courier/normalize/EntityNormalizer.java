package courier.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import courier.fetch.ShopifyEntity;
import courier.schema.ColumnSpec;
import courier.schema.RowSource;
import courier.schema.SourceRef;
import courier.schema.TableSchema;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * Turns one Shopify entity into the rows of every domain table fed by its resource, driven by the
 * schema files alone (no per-table code). Plain Java, so it is testable without a pipeline.
 *
 * <p>All or nothing: a value of the wrong type anywhere, malformed JSON or a null primary key
 * rejects the whole entity, so a sink never holds half of an order. Duplicate primary keys inside
 * one entity (the same discount code twice) keep the first row and are counted.
 */
public final class EntityNormalizer {
  private EntityNormalizer() {}

  /** What normalizing an entity gave: rows per table, or a reject. */
  public sealed interface Outcome permits Normalized, Rejected {}

  /**
   * The entity's rows for every table of its resource (tables with no rows map to an empty list),
   * and per table how many rows were dropped as duplicate primary keys.
   */
  public record Normalized(
      Map<String, List<Row>> rows,
      Map<String, Integer> duplicateKeys,
      int nulsRemoved,
      int repeatedJsonKeys)
      implements Outcome {
    public Normalized(Map<String, List<Row>> rows, Map<String, Integer> duplicateKeys) {
      this(rows, duplicateKeys, 0, 0);
    }
  }

  /**
   * The entity cannot be stored: the table where that showed and a reason naming column and value.
   */
  public record Rejected(String table, String reason) implements Outcome {}

  /**
   * Normalizes {@code entity} into those {@code tables} whose resource is the entity's. Lineage
   * columns: the entity's shop and id, {@code runId}, and {@code syncedAt}.
   */
  public static Outcome normalize(
      ShopifyEntity entity, List<TableSchema> tables, String runId, Instant syncedAt) {
    ShopifyResource resource = entity.resource();
    // The entity's own table first, so a broken entity (say, without id) is reported there.
    List<TableSchema> own =
        tables.stream()
            .filter(t -> t.resource() == resource)
            .sorted(Comparator.comparing(t -> t.rows().kind() != RowSource.Kind.ENTITY))
            .toList();
    String entityTable = entityTable(resource, own);
    JsonNode root;
    try {
      root = JsonValues.parse(entity);
    } catch (JsonProcessingException e) {
      return new Rejected(entityTable, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      // Not thrown by a parse of bytes in memory except for an encoding Jackson cannot read.
      return new Rejected(entityTable, "malformed JSON: " + e.getMessage());
    } catch (NumberFormatException | ArithmeticException e) {
      // Jackson reads 1e999999999 through a double (Infinity), which BigDecimal refuses.
      return new Rejected(entityTable, "a JSON number out of range: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      return new Rejected(entityTable, "the entity is not a JSON object");
    }
    Lineage lineage =
        new Lineage(
            entity.shop(),
            entity.id(),
            runId,
            new org.joda.time.Instant(syncedAt.toEpochMilli()),
            new int[1]);
    Map<String, List<Row>> rows = new LinkedHashMap<>();
    Map<String, Integer> duplicates = new LinkedHashMap<>();
    for (TableSchema table : own) {
      try {
        TableRows tableRows = rowsOf(table, root, lineage);
        rows.put(table.name(), tableRows.rows);
        if (tableRows.duplicates > 0) {
          duplicates.put(table.name(), tableRows.duplicates);
        }
      } catch (RejectedValue e) {
        return new Rejected(table.name(), e.getMessage());
      } catch (NumberFormatException | ArithmeticException e) {
        // Jackson may hold 1e999999999 as a double (Infinity) that BigDecimal then refuses.
        return new Rejected(table.name(), "a JSON number out of range: " + e.getMessage());
      }
    }
    // Noted by the reader when the served JSON repeated keys (the last value was kept).
    int repeatedJsonKeys = root.path(ShopifyJson.REPEATED_KEYS_FIELD).asInt(0);
    return new Normalized(rows, duplicates, lineage.nulsRemoved()[0], repeatedJsonKeys);
  }

  /** The table holding one row per entity of the resource: where entity-level rejects are filed. */
  static String entityTable(ShopifyResource resource, List<TableSchema> tables) {
    return tables.stream()
        .filter(t -> t.resource() == resource && t.rows().kind() == RowSource.Kind.ENTITY)
        .map(TableSchema::name)
        .findFirst()
        .orElse(resource.path());
  }

  /** What every row of the entity carries, and how many NUL characters its strings lost. */
  private record Lineage(
      String shop, long rootId, String runId, org.joda.time.Instant syncedAt, int[] nulsRemoved) {
    /** Lineage columns are not nullable, and rows are attached without Beam's checks. */
    Lineage {
      Objects.requireNonNull(shop, "the entity's shop");
      Objects.requireNonNull(runId, "the run id");
      Objects.requireNonNull(syncedAt, "the run's start (syncedAt)");
    }
  }

  private record TableRows(List<Row> rows, int duplicates) {}

  /**
   * The JSON a row is drawn from and what its $-sources refer to; {@code at} locates it for
   * messages.
   */
  private record RowScope(
      JsonNode element, JsonNode parent, JsonNode root, Integer index, String value, String at) {
    /** The split value of a split row, the key of an object row: one slot, never both. */
    String key() {
      return value;
    }
  }

  private static TableRows rowsOf(TableSchema table, JsonNode root, Lineage lineage)
      throws RejectedValue {
    Schema schema = table.beamSchema();
    List<Row> rows = new ArrayList<>();
    Set<List<Object>> keys = new HashSet<>();
    int duplicates = 0;
    for (RowScope scope : scopes(table, root)) {
      Object[] values = values(table, scope, lineage);
      List<Object> key = primaryKey(table, values, scope);
      if (!keys.add(key)) {
        duplicates++;
        continue;
      }
      // Attached, not built: Row.Builder#build() checks and converts every value through field
      // access descriptors, 6.9 % of an embedded Flink run's CPU samples (README, issue 17's
      // fourteenth round). The values already have the Java types Beam holds (JsonValues#convert),
      // keys are never null (primaryKey), nor is any lineage value (Lineage's constructor).
      // EntityNormalizerTest checks every fixture's rows against build()'s.
      rows.add(Row.withSchema(schema).attachValues(Arrays.asList(values)));
    }
    return new TableRows(rows, duplicates);
  }

  /**
   * One scope per row: the entity itself, each element of the (nested) array, or each split value.
   */
  private static List<RowScope> scopes(TableSchema table, JsonNode root) throws RejectedValue {
    RowSource source = table.rows();
    List<RowScope> scopes = new ArrayList<>();
    switch (source.kind()) {
      case ENTITY:
        scopes.add(new RowScope(root, null, root, null, null, ""));
        break;
      case ARRAY:
        collectArrayElements(table, source.arrays(), 0, root, root, "", scopes);
        break;
      case SPLIT:
        for (String value : splitValues(table, root, source.splitField())) {
          scopes.add(new RowScope(root, root, root, null, value, source.splitField()));
        }
        break;
      case OBJECTS:
        for (Map.Entry<String, String> object : source.objects().entrySet()) {
          JsonNode element = root.get(object.getValue());
          if (JsonValues.isAbsent(element)) {
            continue;
          }
          if (!element.isObject()) {
            throw new RejectedValue(
                table.name()
                    + " rows: "
                    + object.getValue()
                    + " is not an object, got "
                    + JsonValues.show(element));
          }
          scopes.add(new RowScope(element, root, root, null, object.getKey(), object.getValue()));
        }
        break;
      default:
        throw new IllegalStateException("unhandled row source " + source);
    }
    return scopes;
  }

  private static void collectArrayElements(
      TableSchema table,
      List<String> arrays,
      int depth,
      JsonNode holder,
      JsonNode root,
      String at,
      List<RowScope> out)
      throws RejectedValue {
    String field = arrays.get(depth);
    String path = at.isEmpty() ? field : at + "." + field;
    JsonNode array = holder.get(field);
    if (JsonValues.isAbsent(array)) {
      return;
    }
    if (!array.isArray()) {
      throw new RejectedValue(
          table.name() + " rows: " + path + " is not an array, got " + JsonValues.show(array));
    }
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      String elementAt = path + "[" + i + "]";
      if (!element.isObject()) {
        throw new RejectedValue(
            table.name()
                + " rows: "
                + elementAt
                + " is not an object, got "
                + JsonValues.show(element));
      }
      if (depth == arrays.size() - 1) {
        out.add(new RowScope(element, holder, root, i, null, elementAt));
      } else {
        collectArrayElements(table, arrays, depth + 1, element, root, elementAt, out);
      }
    }
  }

  /**
   * Comma-separated values, trimmed (Unicode white space too), empty ones dropped, duplicates once.
   */
  private static Set<String> splitValues(TableSchema table, JsonNode root, String field)
      throws RejectedValue {
    JsonNode text = root.get(field);
    if (JsonValues.isAbsent(text)) {
      return Set.of();
    }
    if (!text.isTextual()) {
      throw new RejectedValue(
          table.name()
              + " rows: "
              + field
              + " must be a comma-separated string, got "
              + JsonValues.show(text));
    }
    Set<String> values = new LinkedHashSet<>();
    Arrays.stream(text.textValue().split(","))
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .forEach(values::add);
    return values;
  }

  /**
   * The longest text, in UTF-8 bytes, a primary key column takes: a PostgreSQL btree index entry
   * holds at most 2,704 bytes (after compression), shared with the shop, the run id and the other
   * key columns: a tag of many thousand characters failed the whole run. Shopify's own keys (tags,
   * codes) stay under 255 characters.
   */
  static final int MAX_KEY_TEXT_BYTES = 1_000;

  private static Object[] values(TableSchema table, RowScope scope, Lineage lineage)
      throws RejectedValue {
    List<ColumnSpec> columns = table.columns();
    Object[] values = new Object[columns.size() + 4];
    for (int i = 0; i < columns.size(); i++) {
      ColumnSpec column = columns.get(i);
      JsonNode raw = firstPresent(table, column, scope);
      if (JsonValues.isAbsent(raw)) {
        continue;
      }
      try {
        values[i] = JsonValues.convert(raw, column.type());
        if (values[i] instanceof String text && text.indexOf('\0') >= 0) {
          // PostgreSQL text cannot hold NUL; no reader wants it: removed, and counted.
          String clean = text.replace("\0", "");
          lineage.nulsRemoved()[0] += text.length() - clean.length();
          values[i] = clean;
        }
        if (values[i] instanceof String text && table.primaryKey().contains(column.name())) {
          int bytes = text.getBytes(StandardCharsets.UTF_8).length;
          if (bytes > MAX_KEY_TEXT_BYTES) {
            throw new RejectedValue(
                where(table, column, scope)
                    + ": "
                    + bytes
                    + " bytes, over the "
                    + MAX_KEY_TEXT_BYTES
                    + " a key column holds (a database index cannot hold longer keys)");
          }
        }
      } catch (JsonValues.WrongValue e) {
        throw new RejectedValue(where(table, column, scope) + ": " + e.getMessage());
      }
    }
    values[columns.size()] = lineage.shop();
    values[columns.size() + 1] = lineage.rootId();
    values[columns.size() + 2] = lineage.runId();
    values[columns.size() + 3] = lineage.syncedAt();
    return values;
  }

  /** The first of the column's sources that is present and not null (a schema may list several). */
  private static JsonNode firstPresent(TableSchema table, ColumnSpec column, RowScope scope)
      throws RejectedValue {
    for (SourceRef source : column.sources()) {
      JsonNode value = resolve(table, column, source, scope);
      if (!JsonValues.isAbsent(value)) {
        return value;
      }
    }
    return null;
  }

  private static JsonNode resolve(
      TableSchema table, ColumnSpec column, SourceRef source, RowScope scope) throws RejectedValue {
    JsonNode node;
    switch (source.scope()) {
      case INDEX:
        return scope.index() == null ? null : IntNode.valueOf(scope.index());
      case VALUE:
        return scope.value() == null ? null : TextNode.valueOf(scope.value());
      case KEY:
        return scope.key() == null ? null : TextNode.valueOf(scope.key());
      case SUM:
        try {
          return Sums.sum(scope.element(), source, column.type());
        } catch (JsonValues.WrongValue e) {
          throw new RejectedValue(where(table, column, scope) + ": " + e.getMessage());
        }
      case ELEMENT:
        node = scope.element();
        break;
      case PARENT:
        node = scope.parent();
        break;
      case ROOT:
        node = scope.root();
        break;
      default:
        throw new IllegalStateException("unhandled source scope " + source.scope());
    }
    List<String> path = source.path();
    for (int i = 0; i < path.size() && !JsonValues.isAbsent(node); i++) {
      if (!node.isObject()) {
        throw new RejectedValue(
            where(table, column, scope)
                + ": cannot read "
                + path.get(i)
                + " of "
                + source
                + ", the value before it is not an object but "
                + JsonValues.show(node));
      }
      node = node.get(path.get(i));
    }
    return node;
  }

  private static List<Object> primaryKey(TableSchema table, Object[] values, RowScope scope)
      throws RejectedValue {
    List<ColumnSpec> columns = table.columns();
    List<Object> key = new ArrayList<>(table.primaryKey().size());
    for (String name : table.primaryKey()) {
      int i = indexOf(columns, name);
      if (values[i] == null) {
        throw new RejectedValue(
            where(table, columns.get(i), scope) + ": primary key column is null or absent");
      }
      key.add(values[i]);
    }
    return key;
  }

  private static int indexOf(List<ColumnSpec> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("primary key column " + name + " is not a column");
  }

  private static String where(TableSchema table, ColumnSpec column, RowScope scope) {
    return "column "
        + table.name()
        + "."
        + column.name()
        + (scope.at().isEmpty() ? "" : " (at " + scope.at() + ")");
  }

  /** Thrown deep in the walk, caught once per entity: the message is the reject reason. */
  private static final class RejectedValue extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedValue(String reason) {
      super(reason, null, false, false);
    }
  }
}
