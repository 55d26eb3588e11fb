package courier.sink;

import courier.normalize.Rejects;
import courier.normalize.RootKeys;
import courier.schema.Lineage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The {@code courier_rejects} table: the entities a run rejected, so they are not forgotten. A
 * rejected entity keeps its old rows and the next window starts after it, so without this it would
 * not be read again until it changes. One row per entity and rejection spell, written in the
 * commit's transaction: {@code first_seen_run} and {@code last_seen_run} the runs that rejected it,
 * {@code resolved_run} the run that landed it (null while open). The next run of the shop re-reads
 * the open ones by id ({@code ShopifyIO.Read#withRereadIds}).
 *
 * <p>It names the entity and the table where the problem showed, never the reason: reasons quote
 * the offending value, and the {@code _rejects} feed of {@code last_seen_run} is the one place
 * values go. One table per database, shared by table prefixes, which it records (like {@code
 * courier_runs}).
 */
public final class RejectLedger {
  public static final String TABLE = "courier_rejects";

  private static final String PREFIX = "table_prefix";
  private static final String SHOP = "shop";
  private static final String RESOURCE = "resource";
  private static final String ROOT_ID = "root_id";
  private static final String REJECTED_TABLE = "rejected_table";
  private static final String FIRST_SEEN = "first_seen_run";
  private static final String LAST_SEEN = "last_seen_run";
  private static final String RESOLVED = "resolved_run";

  /** What the ledger keeps of a reject row: the entity and table, not the reason or JSON. */
  static final Schema KEY_SCHEMA =
      Schema.builder()
          .addStringField(Rejects.TABLE)
          .addStringField(Rejects.SHOP)
          .addStringField(Rejects.RESOURCE)
          .addInt64Field(Rejects.ROOT_ID)
          .build();

  private RejectLedger() {}

  /** A reject row of {@link Rejects#SCHEMA} cut down to {@link #KEY_SCHEMA}. */
  static Row key(Row reject) {
    return Row.withSchema(KEY_SCHEMA)
        .addValues(
            reject.getString(Rejects.TABLE),
            reject.getString(Rejects.SHOP),
            reject.getString(Rejects.RESOURCE),
            reject.getInt64(Rejects.ROOT_ID))
        .build();
  }

  /** Per resource: ids re-read, open rejects it resolved and those still open after the run. */
  public record Figures(long reread, long resolved, long stillOpen) {}

  static SqlTable table() {
    return new SqlTable(
        TABLE,
        List.of(
            column(PREFIX, SqlTable.TEXT, false, "Prefix of the domain tables (e.g. shopify_)."),
            column(SHOP, SqlTable.TEXT, false, "Shop domain of the rejected entity."),
            column(
                RESOURCE, SqlTable.TEXT, false, "Shopify resource: customers, orders, products."),
            column(ROOT_ID, SqlTable.INT64, false, "Id of the rejected entity."),
            column(
                REJECTED_TABLE,
                SqlTable.TEXT,
                false,
                "Domain table where the problem showed; the reason is in the _rejects feed of"
                    + " last_seen_run."),
            column(FIRST_SEEN, SqlTable.TEXT, false, "Run that first rejected the entity."),
            column(LAST_SEEN, SqlTable.TEXT, false, "Latest run that rejected the entity."),
            column(
                RESOLVED,
                SqlTable.TEXT,
                true,
                "Run that landed the entity afterwards; null while the reject is open (every run"
                    + " of the shop re-reads it by id).")),
        List.of(PREFIX, SHOP, RESOURCE, ROOT_ID, FIRST_SEEN),
        List.of(),
        "Entities the Shopify courier rejected, until a later run lands them.");
  }

  /** Ids of the shop's open rejects per resource path, ascending; empty before any reject. */
  public static Map<String, List<Long>> open(JdbcTarget target, String shop) throws SQLException {
    Map<String, List<Long>> open = new TreeMap<>();
    try (Connection connection = target.connect()) {
      if (!SchemaSync.exists(connection, TABLE)) {
        return open;
      }
      SqlDialect d = target.dialect();
      String sql =
          "SELECT "
              + d.quote(RESOURCE)
              + ", "
              + d.quote(ROOT_ID)
              + " FROM "
              + d.quote(TABLE)
              + openOf(d)
              + " ORDER BY "
              + d.quote(RESOURCE)
              + ", "
              + d.quote(ROOT_ID);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setString(1, target.tablePrefix());
        statement.setString(2, shop);
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            open.computeIfAbsent(rs.getString(1), r -> new ArrayList<>()).add(rs.getLong(2));
          }
        }
      }
    }
    return open;
  }

  /**
   * Per resource path: how many of {@code reread} (the ids the run asked for) it resolved, and how
   * many rejects of the shop are open after it (this run's new ones included).
   */
  public static Map<String, Figures> figures(
      JdbcTarget target, String shop, String runId, Map<String, List<Long>> reread)
      throws SQLException {
    Map<String, long[]> counts = new TreeMap<>();
    reread.forEach(
        (resource, ids) -> counts.computeIfAbsent(resource, r -> new long[3])[0] = ids.size());
    try (Connection connection = target.connect()) {
      if (SchemaSync.exists(connection, TABLE)) {
        SqlDialect d = target.dialect();
        String resolvedSql =
            countByResource(d)
                + " WHERE "
                + d.quote(PREFIX)
                + " = ? AND "
                + d.quote(SHOP)
                + " = ? AND "
                + d.quote(RESOLVED)
                + " = ? GROUP BY "
                + d.quote(RESOURCE);
        countInto(connection, resolvedSql, counts, 1, target.tablePrefix(), shop, runId);
        String openSql = countByResource(d) + openOf(d) + " GROUP BY " + d.quote(RESOURCE);
        countInto(connection, openSql, counts, 2, target.tablePrefix(), shop);
      }
    }
    Map<String, Figures> figures = new TreeMap<>();
    counts.forEach((resource, c) -> figures.put(resource, new Figures(c[0], c[1], c[2])));
    return figures;
  }

  /**
   * In the commit's transaction, after stale versions left the staging: resolves the open rejects
   * of entities this run lands (their root keys are staged), then records this run's rejects
   * ({@link #KEY_SCHEMA} rows).
   */
  static void record(Connection connection, JdbcTarget target, RunInfo run, Iterable<Row> rejects)
      throws SQLException {
    SqlDialect d = target.dialect();
    String t = d.quote(TABLE);
    String resolve =
        "UPDATE "
            + t
            + " SET "
            + d.quote(RESOLVED)
            + " = ?"
            + openOf(d)
            + " AND EXISTS (SELECT 1 FROM "
            + d.quote(target.rootKeysStagingTable(run.runId()))
            + " r WHERE r."
            + d.quote(Lineage.RUN_ID)
            + " = ? AND r."
            + d.quote(Lineage.SHOP)
            + " = "
            + t
            + "."
            + d.quote(SHOP)
            + " AND r."
            + d.quote(RootKeys.RESOURCE)
            + " = "
            + t
            + "."
            + d.quote(RESOURCE)
            + " AND r."
            + d.quote(Lineage.ROOT_ID)
            + " = "
            + t
            + "."
            + d.quote(ROOT_ID)
            + ")";
    for (RunInfo shop : run.shops()) {
      RunCommit.execute(
          connection, resolve, run.runId(), target.tablePrefix(), shop.shop(), run.runId());
    }

    String stillRejected =
        "UPDATE "
            + t
            + " SET "
            + d.quote(LAST_SEEN)
            + " = ?, "
            + d.quote(REJECTED_TABLE)
            + " = ?"
            + openOf(d)
            + " AND "
            + d.quote(RESOURCE)
            + " = ? AND "
            + d.quote(ROOT_ID)
            + " = ?";
    String newlyRejected =
        "INSERT INTO "
            + t
            + " ("
            + String.join(
                ", ",
                List.of(PREFIX, SHOP, RESOURCE, ROOT_ID, REJECTED_TABLE, FIRST_SEEN, LAST_SEEN)
                    .stream()
                    .map(d::quote)
                    .toList())
            + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    Set<String> seen = new LinkedHashSet<>();
    for (Row reject : rejects) {
      String shop = reject.getString(Rejects.SHOP);
      String resource = reject.getString(Rejects.RESOURCE);
      long id = reject.getInt64(Rejects.ROOT_ID);
      String table = reject.getString(Rejects.TABLE);
      if (!seen.add(shop + "/" + resource + "/" + id)) {
        continue; // one entity, several reasons: one ledger row
      }
      long updated =
          RunCommit.execute(
              connection,
              stillRejected,
              run.runId(),
              table,
              target.tablePrefix(),
              shop,
              resource,
              id);
      if (updated == 0) {
        RunCommit.execute(
            connection,
            newlyRejected,
            target.tablePrefix(),
            shop,
            resource,
            id,
            table,
            run.runId(),
            run.runId());
      }
    }
  }

  /** " WHERE prefix = ? AND shop = ? AND resolved_run IS NULL". */
  private static String openOf(SqlDialect d) {
    return " WHERE "
        + d.quote(PREFIX)
        + " = ? AND "
        + d.quote(SHOP)
        + " = ? AND "
        + d.quote(RESOLVED)
        + " IS NULL";
  }

  private static String countByResource(SqlDialect d) {
    return "SELECT " + d.quote(RESOURCE) + ", count(*) FROM " + d.quote(TABLE);
  }

  private static void countInto(
      Connection connection, String sql, Map<String, long[]> counts, int slot, String... parameters)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          counts.computeIfAbsent(rs.getString(1), r -> new long[3])[slot] = rs.getLong(2);
        }
      }
    }
  }

  private static SqlTable.SqlColumn column(
      String name, courier.schema.ColumnType type, boolean nullable, String comment) {
    return new SqlTable.SqlColumn(name, type, nullable, comment);
  }
}
