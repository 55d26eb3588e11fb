package courier.sink;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database's tables in line with their definitions: creates missing tables, adds columns
 * a schema gained (found through DatabaseMetaData), creates indexes, and sets comments that differ.
 * Idempotent: a second run executes nothing but the IF NOT EXISTS index statements.
 *
 * <p>Columns are only ever added, as nullable; a changed type or key needs a migration by hand.
 */
final class SchemaSync {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaSync.class);

  private final SqlDialect dialect;

  SchemaSync(SqlDialect dialect) {
    this.dialect = dialect;
  }

  void apply(Connection connection, List<SqlTable> tables) throws SQLException {
    for (SqlTable table : tables) {
      for (String sql : statements(connection, table)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(sql);
        } catch (SQLException e) {
          throw new SQLException("DDL failed: " + sql + ": " + e.getMessage(), e.getSQLState(), e);
        }
      }
    }
  }

  /** What it takes to bring one table up to date, given what the database has. */
  List<String> statements(Connection connection, SqlTable table) throws SQLException {
    Map<String, String> existing = existingColumnComments(connection, table.name());
    List<String> sql = new ArrayList<>();
    if (existing.isEmpty()) {
      sql.add(createTable(table));
    } else {
      for (SqlTable.SqlColumn column : table.columns()) {
        if (!existing.containsKey(column.name())) {
          LOG.info("Table {} gains column {}", table.name(), column.name());
          sql.add(
              "ALTER TABLE "
                  + dialect.quote(table.name())
                  + " ADD COLUMN "
                  + dialect.quote(column.name())
                  + " "
                  + dialect.columnType(column.type()));
        }
      }
    }
    for (List<String> index : table.indexes()) {
      sql.add(createIndex(table, index));
    }
    if (table.comment() != null
        && !table.comment().equals(tableComment(connection, table.name()))) {
      sql.add(
          "COMMENT ON TABLE "
              + dialect.quote(table.name())
              + " IS "
              + dialect.literal(table.comment()));
    }
    for (SqlTable.SqlColumn column : table.columns()) {
      if (column.comment() != null && !column.comment().equals(existing.get(column.name()))) {
        sql.add(
            "COMMENT ON COLUMN "
                + dialect.quote(table.name())
                + "."
                + dialect.quote(column.name())
                + " IS "
                + dialect.literal(column.comment()));
      }
    }
    return sql;
  }

  String createTable(SqlTable table) {
    List<String> parts = new ArrayList<>();
    for (SqlTable.SqlColumn column : table.columns()) {
      parts.add(
          dialect.quote(column.name())
              + " "
              + dialect.columnType(column.type())
              + (column.nullable() ? "" : " NOT NULL"));
    }
    parts.add(
        "CONSTRAINT "
            + dialect.quote(table.name() + "_pk")
            + " PRIMARY KEY ("
            + quoted(table.primaryKey())
            + ")");
    return "CREATE TABLE IF NOT EXISTS "
        + dialect.quote(table.name())
        + " (\n  "
        + String.join(",\n  ", parts)
        + "\n)";
  }

  private String createIndex(SqlTable table, List<String> columns) {
    String name =
        table.name()
            + "_"
            + String.join("_", columns).replace("__", "_").replaceAll("^_|_$", "")
            + "_idx";
    return "CREATE INDEX IF NOT EXISTS "
        + dialect.quote(name)
        + " ON "
        + dialect.quote(table.name())
        + " ("
        + quoted(columns)
        + ")";
  }

  private String quoted(List<String> names) {
    return String.join(", ", names.stream().map(dialect::quote).toList());
  }

  /** Column name to its comment ("" if none); empty if the table does not exist. */
  static Map<String, String> existingColumnComments(Connection connection, String table)
      throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    Map<String, String> columns = new LinkedHashMap<>();
    try (ResultSet rs =
        meta.getColumns(
            connection.getCatalog(), connection.getSchema(), pattern(meta, table), "%")) {
      while (rs.next()) {
        // The pattern's '_' matches any character: keep exact names only.
        if (table.equals(rs.getString("TABLE_NAME"))) {
          columns.put(
              rs.getString("COLUMN_NAME"), Objects.requireNonNullElse(rs.getString("REMARKS"), ""));
        }
      }
    }
    return columns;
  }

  static boolean exists(Connection connection, String table) throws SQLException {
    return !existingColumnComments(connection, table).isEmpty();
  }

  static String tableComment(Connection connection, String table) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    try (ResultSet rs =
        meta.getTables(
            connection.getCatalog(), connection.getSchema(), pattern(meta, table), null)) {
      while (rs.next()) {
        if (table.equals(rs.getString("TABLE_NAME"))) {
          return rs.getString("REMARKS");
        }
      }
    }
    return null;
  }

  private static String pattern(DatabaseMetaData meta, String name) throws SQLException {
    String escape = meta.getSearchStringEscape();
    return name.replace(escape, escape + escape)
        .replace("_", escape + "_")
        .replace("%", escape + "%");
  }
}
