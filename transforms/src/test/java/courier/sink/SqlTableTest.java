package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import courier.schema.InlineTables;
import courier.schema.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DDL's view of a schema table: staging keys and index, and the domain columns' comments. */
class SqlTableTest {
  private static final JdbcTarget DB = JdbcTarget.of("jdbc:h2:mem:sql-table");
  private static final TableSchema CUSTOMER =
      InlineTables.table(
          "c",
          "customers",
          "",
          "[id]",
          "{name: id, type: int64, source: id, description: Customer id.}",
          "{name: email, type: string, source: email, tags: [email, pii], description: E-mail.,"
              + " note: Null over GraphQL.}",
          "{name: updated_at, type: timestamp, source: updated_at, description: Version.}");
  private static final TableSchema CUSTOMER_TAG =
      InlineTables.table(
          "c_tag",
          "customers",
          "rows: {split: tags}",
          "[customer_id, value]",
          "{name: customer_id, type: int64, source: $parent.id, description: d}",
          "{name: value, type: string, source: $value, description: d}");

  @Test
  void stagingKeepsOnlyTheKeyAndRunIdNotNull() {
    SqlTable staging = SqlTable.staging(DB, CUSTOMER_TAG, "run-1");
    assertEquals("shopify_staging_4e65d3fbe8ad_c_tag", staging.name());
    assertEquals(List.of("_run_id", "customer_id", "value"), staging.primaryKey());
    assertEquals(
        List.of(
            "customer_id false",
            "value false",
            "_shop true",
            "_root_id true",
            "_run_id false",
            "_synced_at true"),
        staging.columns().stream().map(c -> c.name() + " " + c.nullable()).toList());
    assertEquals(List.of(), staging.indexes(), "not a versioned root");
  }

  @Test
  void aVersionedRootsStagingIsIndexedForTheNewerWinsLookUp() {
    assertEquals(
        List.of(List.of("_run_id", "_shop", "_root_id")),
        SqlTable.staging(DB, CUSTOMER, "run-1").indexes());
  }

  @Test
  void domainColumnsCarryTagsDescriptionAndNote() {
    SqlTable domain = SqlTable.domain(DB, CUSTOMER);
    assertEquals(
        List.of("Customer id.", "tags: email, pii. E-mail. Note: Null over GraphQL.", "Version."),
        domain.columns().subList(0, 3).stream().map(SqlTable.SqlColumn::comment).toList());
    assertEquals("_deleted_at", domain.columns().get(domain.columns().size() - 1).name());
    assertEquals(
        "d Schema version 1 (schemas/c.yaml); rows from Shopify customers.", domain.comment());
  }
}
