package courier.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads back what runs landed: tables over JDBC, feeds with parquet-avro, manifests as JSON. */
final class Landed {
  static final List<String> TABLES =
      List.of(
          "abandoned_checkout",
          "abandoned_checkout_address",
          "abandoned_checkout_line",
          "customer",
          "customer_address",
          "customer_segment",
          "customer_segment_member",
          "customer_tags",
          "discount_allocation",
          "discount_codes",
          "locations",
          "order",
          "order_address",
          "order_line",
          "order_line_refund",
          "order_tags",
          "product",
          "product_tags",
          "product_variant",
          "refund");

  /**
   * Columns that name the run rather than the data: they differ between two runs of the same data.
   */
  private static final Set<String> RUN_COLUMNS = Set.of("_run_id", "_synced_at");

  private static final ObjectMapper JSON = new ObjectMapper();

  private Landed() {}

  static String h2Url(Path output) {
    return "jdbc:h2:file:" + output.resolve("courier-db") + ";DATABASE_TO_LOWER=TRUE";
  }

  /** Rows per domain table in the database. */
  static Map<String, Long> tableCounts(String jdbcUrl, String user) throws SQLException {
    return tableCounts(jdbcUrl, user, TABLES);
  }

  /** Rows of each of {@code tables} in the database (a REST run has no segment tables). */
  static Map<String, Long> tableCounts(String jdbcUrl, String user, List<String> tables)
      throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM shopify_" + table)) {
          rs.next();
          counts.put(table, rs.getLong(1));
        }
      }
    }
    return counts;
  }

  /**
   * Every row of every domain table as text, sorted, without the run's own lineage columns: two
   * databases holding the same data give equal snapshots whatever runs produced them.
   */
  static Map<String, List<String>> snapshot(String jdbcUrl, String user) throws SQLException {
    return snapshot(jdbcUrl, user, TABLES, RUN_COLUMNS);
  }

  /** {@link #snapshot(String, String)} of these domain tables only. */
  static Map<String, List<String>> snapshot(String jdbcUrl, String user, List<String> tables)
      throws SQLException {
    return snapshot(jdbcUrl, user, tables, RUN_COLUMNS);
  }

  /**
   * Every row of these domain tables as text, sorted, every column included: equal snapshots mean
   * no run touched the tables in between.
   */
  static Map<String, List<String>> exactSnapshot(String jdbcUrl, String user, List<String> tables)
      throws SQLException {
    return snapshot(jdbcUrl, user, tables, Set.of());
  }

  private static Map<String, List<String>> snapshot(
      String jdbcUrl, String user, List<String> tables, Set<String> leftOut) throws SQLException {
    Map<String, List<String>> snapshot = new TreeMap<>();
    for (String table : tables) {
      snapshot.put(table, rows(jdbcUrl, user, "SELECT * FROM shopify_" + table, leftOut));
    }
    return snapshot;
  }

  /** The rows a query returns, each as text, sorted; {@code leftOut} columns are not shown. */
  static List<String> rows(String jdbcUrl, String user, String sql, Set<String> leftOut)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          String column = meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
          if (!leftOut.contains(column)) {
            Object value = rs.getObject(i);
            row.append(column)
                .append('=')
                .append(
                    value instanceof java.math.BigDecimal
                        ? ((java.math.BigDecimal) value).stripTrailingZeros().toPlainString()
                        : value instanceof java.time.OffsetDateTime
                            ? ((java.time.OffsetDateTime) value).toInstant()
                            : value)
                .append('|');
          }
        }
        rows.add(row.toString());
      }
    }
    Collections.sort(rows);
    return rows;
  }

  static JsonNode manifest(RunReport report) {
    return report.manifest();
  }

  static JsonNode manifest(Path output, String runId) throws IOException {
    return JSON.readTree(output.resolve("runs").resolve(runId).resolve("manifest.json").toFile());
  }

  /** Rows per table in the run's Parquet feeds, read with parquet-avro. */
  static Map<String, Long> feedCounts(Path output, String runId) throws IOException {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : TABLES) {
      Path dir = output.resolve("feeds").resolve(table).resolve("run_id=" + runId);
      long n = 0;
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file :
              (Iterable<Path>) files.filter(f -> f.toString().endsWith(".parquet"))::iterator) {
            n += records(file).size();
          }
        }
      }
      counts.put(table, n);
    }
    return counts;
  }

  static List<GenericRecord> records(Path parquetFile) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(parquetFile.toUri());
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                HadoopInputFile.fromPath(path, new org.apache.hadoop.conf.Configuration()))
            .build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        records.add(r);
      }
    }
    return records;
  }

  /** Every file under a folder, for checks such as "the token is in none of them". */
  static List<Path> allFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  static Map<String, Long> manifestCounts(JsonNode manifest) {
    Map<String, Long> counts = new TreeMap<>();
    manifest
        .path("tables")
        .fields()
        .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().path("rows").asLong()));
    return counts;
  }
}
