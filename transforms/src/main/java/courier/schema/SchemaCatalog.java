package courier.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import courier.shopify.ShopifyResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The domain tables, loaded from the schemas/*.yaml files packaged in this jar (copied from the
 * repository's top-level schemas/ folder at build time).
 */
public final class SchemaCatalog implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String RESOURCE_DIR = "schemas";
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9/_-]*");
  private static final Set<String> TABLE_KEYS =
      Set.of("table", "version", "description", "resource", "rows", "primaryKey", "columns");
  private static final Set<String> COLUMN_KEYS =
      Set.of("name", "type", "source", "tags", "description", "note");
  private static volatile SchemaCatalog packaged;

  private final Map<String, TableSchema> tables;

  private SchemaCatalog(Map<String, TableSchema> tables) {
    this.tables = Collections.unmodifiableMap(tables);
  }

  /** The tables packaged with the courier, by name in alphabetical order. Loaded once per JVM. */
  public static SchemaCatalog packaged() {
    SchemaCatalog catalog = packaged;
    if (catalog == null) {
      synchronized (SchemaCatalog.class) {
        if (packaged == null) {
          packaged = loadPackaged();
        }
        catalog = packaged;
      }
    }
    return catalog;
  }

  /** Loads every *.yaml file of a folder: for tools and tests that check a schemas/ checkout. */
  public static SchemaCatalog fromDirectory(Path dir) {
    Map<String, TableSchema> tables = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file :
          (Iterable<Path>) files.filter(p -> p.toString().endsWith(".yaml")).sorted()::iterator) {
        try (InputStream in = Files.newInputStream(file)) {
          add(tables, parse(file.getFileName().toString(), in));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema folder " + dir, e);
    }
    return new SchemaCatalog(tables);
  }

  /** Parses one schema file; {@code fileName} is used in error messages and must be table.yaml. */
  public static TableSchema parse(String fileName, InputStream yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new SchemaException(fileName + ": not valid YAML: " + e.getMessage(), e);
    }
    return new FileParser(fileName).table(root);
  }

  public List<String> tableNames() {
    return List.copyOf(tables.keySet());
  }

  public List<TableSchema> tables() {
    return List.copyOf(tables.values());
  }

  /** The named table; IllegalArgumentException listing the valid names otherwise. */
  public TableSchema table(String name) {
    TableSchema t = tables.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "unknown table '" + name + "'; valid tables: " + String.join(", ", tables.keySet()));
    }
    return t;
  }

  /** Reads the packaged files afresh; {@link #packaged()} keeps the first result. */
  static SchemaCatalog loadPackaged() {
    Map<String, TableSchema> tables = new LinkedHashMap<>();
    for (String file : listPackagedFiles()) {
      String resource = RESOURCE_DIR + "/" + file;
      try (InputStream in = SchemaCatalog.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new SchemaException("schema resource " + resource + " disappeared while loading");
        }
        add(tables, parse(file, in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema resource " + resource, e);
      }
    }
    if (tables.isEmpty()) {
      throw new SchemaException(
          "no schemas/*.yaml resources on the classpath: is the courier jar complete?");
    }
    return new SchemaCatalog(tables);
  }

  private static void add(Map<String, TableSchema> tables, TableSchema table) {
    if (tables.putIfAbsent(table.name(), table) != null) {
      throw new SchemaException("table " + table.name() + " is declared twice");
    }
  }

  /** Lists schemas/*.yaml in the jar or classes folder this class was loaded from. */
  private static List<String> listPackagedFiles() {
    URL url = SchemaCatalog.class.getClassLoader().getResource(RESOURCE_DIR);
    if (url == null) {
      throw new SchemaException(
          "no schemas/ folder on the classpath: is the courier jar complete?");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return yamlNames(fs.getPath(RESOURCE_DIR));
      }
      return yamlNames(Path.of(uri));
    } catch (URISyntaxException | IOException e) {
      throw new SchemaException(
          "cannot list schema resources at " + url + ": " + e.getMessage(), e);
    }
  }

  private static List<String> yamlNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      TreeSet<String> names = new TreeSet<>();
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .forEach(names::add);
      return new ArrayList<>(names);
    }
  }

  /** Validates one file's tree, with messages that say file, column and what to fix. */
  private static final class FileParser {
    private final String file;

    FileParser(String file) {
      this.file = file;
    }

    TableSchema table(JsonNode root) {
      if (root == null || !root.isObject()) {
        throw fail(
            "the file must be a YAML mapping with table, version, description, resource, primaryKey, columns");
      }
      unknownKeys(root, TABLE_KEYS, "");
      String name = requiredText(root, "table", "");
      if (!NAME.matcher(name).matches()) {
        throw fail("table name '" + name + "' must be lower-case letters, digits and _");
      }
      if (!file.equals(name + ".yaml")) {
        throw fail("declares table '" + name + "'; the file must be named " + name + ".yaml");
      }
      JsonNode versionNode = root.get("version");
      if (versionNode == null || !versionNode.canConvertToInt() || versionNode.asInt() < 1) {
        throw fail("version must be a positive integer (bump it when columns change)");
      }
      String description = requiredText(root, "description", "");
      String resourcePath = requiredText(root, "resource", "");
      ShopifyResource resource;
      try {
        resource = ShopifyResource.fromPath(resourcePath);
      } catch (IllegalArgumentException e) {
        throw fail(
            "resource '"
                + resourcePath
                + "' is not one of "
                + Arrays.stream(ShopifyResource.values()).map(ShopifyResource::path).toList());
      }
      RowSource rows = rows(root.get("rows"));
      List<ColumnSpec> columns = columns(root.get("columns"), primaryKey(root), rows);
      List<String> primaryKey = primaryKey(root);
      return new TableSchema(
          name, versionNode.asInt(), description, resource, rows, primaryKey, columns);
    }

    private RowSource rows(JsonNode rows) {
      if (rows == null || rows.isNull()) {
        return RowSource.entity();
      }
      if (!rows.isObject()
          || rows.size() != 1
          || !(rows.has("each") || rows.has("split") || rows.has("objects"))) {
        throw fail("rows must be {each: a[].b[]}, {split: field} or {objects: {key: field, ...}}");
      }
      try {
        if (rows.has("objects")) {
          Map<String, String> objects = new LinkedHashMap<>();
          rows.get("objects")
              .fields()
              .forEachRemaining(
                  e ->
                      objects.put(
                          e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : null));
          return RowSource.objects(objects);
        }
        return rows.has("each")
            ? RowSource.each(rows.get("each").asText())
            : RowSource.split(rows.get("split").asText());
      } catch (IllegalArgumentException e) {
        throw fail(e.getMessage());
      }
    }

    private List<String> primaryKey(JsonNode root) {
      JsonNode pk = root.get("primaryKey");
      if (pk == null || !pk.isArray() || pk.isEmpty()) {
        throw fail("primaryKey must be a non-empty list of column names");
      }
      List<String> names = new ArrayList<>();
      pk.forEach(n -> names.add(n.asText()));
      return names;
    }

    private List<ColumnSpec> columns(JsonNode columns, List<String> primaryKey, RowSource rows) {
      if (columns == null || !columns.isArray() || columns.isEmpty()) {
        throw fail("columns must be a non-empty list");
      }
      List<ColumnSpec> specs = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      int position = 0;
      for (JsonNode c : columns) {
        position++;
        String where = "column #" + position;
        if (!c.isObject()) {
          throw fail(where + ": must be a mapping with name, type, source");
        }
        String name = requiredText(c, "name", where);
        where = "column " + name;
        unknownKeys(c, COLUMN_KEYS, where);
        if (!NAME.matcher(name).matches()) {
          throw fail(
              where + ": name must be lower-case letters, digits and _ (and not start with _)");
        }
        if (!seen.add(name)) {
          throw fail(where + ": declared twice");
        }
        ColumnType type;
        try {
          type = ColumnType.parse(requiredText(c, "type", where));
        } catch (IllegalArgumentException e) {
          throw fail(where + ": " + e.getMessage());
        }
        List<SourceRef> sources = sources(c.get("source"), where, rows);
        if (type.kind() != ColumnType.Kind.DECIMAL
            && sources.stream().anyMatch(s -> s.scope() == SourceRef.Scope.SUM)) {
          throw fail(where + ": $sum(...) gives a decimal; declare the column decimal(p,s)");
        }
        List<String> tags = tags(c.get("tags"), where);
        String description = requiredText(c, "description", where);
        String note = c.hasNonNull("note") ? c.get("note").asText() : null;
        specs.add(
            new ColumnSpec(
                name, type, sources, tags, description, note, !primaryKey.contains(name)));
      }
      for (String key : primaryKey) {
        if (!seen.contains(key)) {
          throw fail("primaryKey names '" + key + "', which is not a column");
        }
      }
      return specs;
    }

    private List<SourceRef> sources(JsonNode source, String where, RowSource rows) {
      if (source == null || source.isNull()) {
        throw fail(
            where + ": source is required (a field path, $parent.x, $root.x, $index or $value)");
      }
      List<String> texts = new ArrayList<>();
      if (source.isArray()) {
        source.forEach(s -> texts.add(s.asText()));
      } else {
        texts.add(source.asText());
      }
      if (texts.isEmpty()) {
        throw fail(where + ": source list is empty");
      }
      List<SourceRef> refs = new ArrayList<>();
      for (String text : texts) {
        SourceRef ref;
        try {
          ref = SourceRef.parse(text);
        } catch (IllegalArgumentException e) {
          throw fail(where + ": " + e.getMessage());
        }
        if (ref.scope() == SourceRef.Scope.KEY && rows.kind() != RowSource.Kind.OBJECTS) {
          throw fail(where + ": $key only exists for rows: {objects: ...}");
        }
        if (ref.scope() == SourceRef.Scope.VALUE && rows.kind() != RowSource.Kind.SPLIT) {
          throw fail(where + ": $value only exists for rows: {split: ...}");
        }
        if (ref.scope() == SourceRef.Scope.INDEX && rows.kind() != RowSource.Kind.ARRAY) {
          throw fail(where + ": $index only exists for rows: {each: ...}");
        }
        if (ref.scope() == SourceRef.Scope.PARENT && rows.kind() == RowSource.Kind.ENTITY) {
          throw fail(
              where + ": $parent does not exist when rows are whole entities; use a field path");
        }
        refs.add(ref);
      }
      return refs;
    }

    private List<String> tags(JsonNode tags, String where) {
      if (tags == null || tags.isNull()) {
        return List.of();
      }
      if (!tags.isArray()) {
        throw fail(where + ": tags must be a list, like [email] or [ck, pk]");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode t : tags) {
        String tag = t.asText();
        if (!TAG.matcher(tag).matches()) {
          throw fail(
              where + ": tag '" + tag + "' must be lower-case letters, digits, '/', '_' or '-'");
        }
        out.add(tag);
      }
      return out;
    }

    private String requiredText(JsonNode node, String key, String where) {
      JsonNode v = node.get(key);
      if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
        throw fail((where.isEmpty() ? "" : where + ": ") + key + " is required");
      }
      return v.asText();
    }

    private void unknownKeys(JsonNode node, Set<String> allowed, String where) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!allowed.contains(key)) {
          throw fail(
              (where.isEmpty() ? "" : where + ": ")
                  + "unknown key '"
                  + key
                  + "'; allowed: "
                  + new TreeSet<>(allowed));
        }
      }
    }

    private SchemaException fail(String message) {
      return new SchemaException("schema file " + file + ": " + message);
    }
  }
}
