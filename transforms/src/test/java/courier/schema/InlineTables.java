package courier.schema;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Small tables declared in a test, parsed as a schema file would be. */
public final class InlineTables {
  private InlineTables() {}

  /**
   * Table {@code name} of {@code resource}: {@code rows} is a rows line ("" for entity rows),
   * {@code key} the primary key list ("[id]"), each column a YAML flow mapping.
   */
  public static TableSchema table(
      String name, String resource, String rows, String key, String... columns) {
    StringBuilder yaml =
        new StringBuilder(
            "table: " + name + "\nversion: 1\ndescription: d\nresource: " + resource + "\n");
    yaml.append(rows.isEmpty() ? "" : rows + "\n").append("primaryKey: ").append(key);
    yaml.append("\ncolumns:\n");
    for (String column : columns) {
      yaml.append("  - ").append(column).append('\n');
    }
    return SchemaCatalog.parse(
        name + ".yaml", new ByteArrayInputStream(yaml.toString().getBytes(StandardCharsets.UTF_8)));
  }
}
