package courier.sink;

import java.util.Collections;
import java.util.List;

/** PostgreSQL (any supported version): {@code jdbc:postgresql://host:5432/db}. */
public final class PostgresDialect implements SqlDialect {
  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public String urlPrefix() {
    return "jdbc:postgresql:";
  }

  @Override
  public String driverClassName() {
    return "org.postgresql.Driver";
  }

  @Override
  public String textType() {
    return "TEXT";
  }

  @Override
  public String insertIgnoringDuplicates(
      String table, List<String> columns, List<String> keyColumns) {
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.size(), "?"))
        + ") ON CONFLICT ("
        + String.join(", ", keyColumns)
        + ") DO NOTHING";
  }
}
