package courier.schema;

import java.io.Serializable;
import java.util.List;

/** One column of a domain table: name, type, where its value comes from, semantic tags, docs. */
public final class ColumnSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final ColumnType type;
  private final List<SourceRef> sources;
  private final List<String> tags;
  private final String description;
  private final String note;
  private final boolean nullable;

  public ColumnSpec(
      String name,
      ColumnType type,
      List<SourceRef> sources,
      List<String> tags,
      String description,
      String note,
      boolean nullable) {
    this.name = name;
    this.type = type;
    this.sources = List.copyOf(sources);
    this.tags = List.copyOf(tags);
    this.description = description;
    this.note = note;
    this.nullable = nullable;
  }

  public String name() {
    return name;
  }

  public ColumnType type() {
    return type;
  }

  /** Tried in order; the first present, non-null value wins. Empty for lineage columns. */
  public List<SourceRef> sources() {
    return sources;
  }

  /** Semantic tags such as email, given-name, ck, pk, pc/product-id. */
  public List<String> tags() {
    return tags;
  }

  public String description() {
    return description;
  }

  /** Caveat worth knowing (a field Shopify removed, a spelling fixed); null if none. */
  public String note() {
    return note;
  }

  /** Primary-key and lineage columns are never null. */
  public boolean nullable() {
    return nullable;
  }

  @Override
  public String toString() {
    return name + " " + type + (tags.isEmpty() ? "" : " " + tags);
  }
}
