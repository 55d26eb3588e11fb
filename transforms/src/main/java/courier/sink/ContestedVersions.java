package courier.sink;

import courier.normalize.NormalizedTables;
import courier.normalize.RootKeys;
import courier.normalize.TableRows;
import courier.schema.Lineage;
import courier.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.Row;

/**
 * Puts the kept version of each entity the run read more than once in place of all its versions in
 * the staging. The staging receives every version as the fetch brings it ({@link
 * NormalizedTables#versionRecords()}), so it runs while the fetch waits on Shopify instead of after
 * the dedup's barrier; an entity read twice (updated while the run read it) then has the rows of
 * both versions staged, a row present in both once, from whichever came last.
 *
 * <p>Inside the commit's transaction, before anything reads the staging: the entity's staged rows
 * in every table of its resource and its staged root key are deleted, then the kept version's rows
 * and root key staged ({@link NormalizedTables#contested()}). A kept reject stages nothing, so the
 * entity stays as stored, as a rejected entity read once does. A retried commit finds the staging
 * as it was (the transaction rolled back) and does the same again.
 */
final class ContestedVersions {
  /** Root ids per delete statement: far below PostgreSQL's 32,767 bound parameters. */
  static final int IDS_PER_DELETE = 1000;

  private final TableRows tableRows;
  private final Iterable<KV<String, byte[]>> records;

  private ContestedVersions(TableRows tableRows, Iterable<KV<String, byte[]>> records) {
    this.tableRows = tableRows;
    this.records = records;
  }

  /** {@link NormalizedTables#contested()}'s records, decoded with its {@code tableRows()}. */
  static ContestedVersions of(TableRows tableRows, Iterable<KV<String, byte[]>> records) {
    return new ContestedVersions(tableRows, records);
  }

  /** No entity read twice: what a commit of rows staged after the dedup has. */
  static ContestedVersions none() {
    return new ContestedVersions(null, List.of());
  }

  /** Entities put back to their kept version. */
  long restage(Connection connection, JdbcTarget target, List<TableSchema> tables, RunInfo run)
      throws SQLException {
    List<Row> entities = new ArrayList<>();
    Map<String, List<Row>> kept = new LinkedHashMap<>();
    for (KV<String, byte[]> record : records) {
      if (record.getKey().equals(NormalizedTables.CONTESTED)) {
        entities.add(tableRows.decode(record));
      } else if (!record.getKey().equals(NormalizedTables.REJECTS)) {
        kept.computeIfAbsent(record.getKey(), k -> new ArrayList<>()).add(tableRows.decode(record));
      }
    }
    if (entities.isEmpty()) {
      return 0;
    }
    SqlDialect d = target.dialect();
    String runId = run.runId();
    for (TableSchema table : tables) {
      List<Row> ofResource =
          entities.stream()
              .filter(e -> e.getString(RootKeys.RESOURCE).equals(table.resource().path()))
              .toList();
      deleteStaged(connection, d, target.stagingTable(table.name(), runId), ofResource, false);
      stage(
          connection,
          d,
          SqlTable.staging(target, table, runId),
          kept.getOrDefault(table.name(), List.of()),
          new JdbcDomainTables.RowColumns());
    }
    deleteStaged(connection, d, target.rootKeysStagingTable(runId), entities, true);
    stage(
        connection,
        d,
        SqlTable.rootKeysStaging(target, runId),
        kept.getOrDefault(NormalizedTables.ROOTS, List.of()),
        new JdbcDomainTables.RootKeyColumns(run));
    return entities.size();
  }

  /**
   * Deletes the staged rows (or root keys) of these entities: per shop, a statement per {@value
   * #IDS_PER_DELETE} root ids, so that a staging table without an index on them is scanned once per
   * statement, not once per entity (a long backfill of a busy shop reads many entities twice).
   */
  private static void deleteStaged(
      Connection connection, SqlDialect d, String staging, List<Row> entities, boolean rootKeys)
      throws SQLException {
    Map<String, List<Row>> byShop = new LinkedHashMap<>();
    entities.forEach(
        e -> byShop.computeIfAbsent(e.getString(Lineage.SHOP), k -> new ArrayList<>()).add(e));
    for (Map.Entry<String, List<Row>> shop : byShop.entrySet()) {
      List<Row> all = shop.getValue();
      for (int from = 0; from < all.size(); from += IDS_PER_DELETE) {
        List<Row> chunk = all.subList(from, Math.min(all.size(), from + IDS_PER_DELETE));
        String sql =
            "DELETE FROM "
                + d.quote(staging)
                + " WHERE "
                + d.quote(Lineage.RUN_ID)
                + " = ? AND "
                + d.quote(Lineage.SHOP)
                + " = ? AND "
                + (rootKeys ? "(" + d.quote(RootKeys.RESOURCE) + ", " : "")
                + d.quote(Lineage.ROOT_ID)
                + (rootKeys ? ")" : "")
                + " IN ("
                + String.join(", ", Collections.nCopies(chunk.size(), rootKeys ? "(?, ?)" : "?"))
                + ")";
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
          int p = 1;
          delete.setString(p++, chunk.get(0).getString(Lineage.RUN_ID));
          delete.setString(p++, shop.getKey());
          for (Row entity : chunk) {
            if (rootKeys) {
              delete.setString(p++, entity.getString(RootKeys.RESOURCE));
            }
            delete.setLong(p++, entity.getInt64(Lineage.ROOT_ID));
          }
          delete.executeUpdate();
        }
      }
    }
  }

  /** Stages the kept rows in the commit's transaction (not {@link SqlDialect#stage}'s own). */
  private static void stage(
      Connection connection,
      SqlDialect d,
      SqlTable staging,
      List<Row> rows,
      StagingWrite.RowValues values)
      throws SQLException {
    JdbcBatchStaging.insert(d, connection, staging, rows.stream().map(values::of).toList());
  }
}
