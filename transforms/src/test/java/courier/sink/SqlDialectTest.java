package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.schema.SchemaCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlDialectTest {
  private static final JdbcTarget POSTGRES = JdbcTarget.of("jdbc:postgresql://localhost/shop");
  private static final JdbcTarget H2 = JdbcTarget.of("jdbc:h2:mem:shop");

  @Test
  void theUrlChoosesTheDialectAndUnknownOnesAreNamed() {
    assertInstanceOf(PostgresDialect.class, SqlDialect.forUrl("jdbc:postgresql://db:5432/x"));
    assertInstanceOf(
        H2Dialect.class, SqlDialect.forUrl("jdbc:h2:file:/data/courier-db;DATABASE_TO_LOWER=TRUE"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SqlDialect.forUrl("jdbc:sqlserver://x"));
    assertEquals(
        "unsupported JDBC URL (no dialect for it); supported: h2 (jdbc:h2:...), postgresql (jdbc:postgresql:...)",
        e.getMessage());
  }

  @Test
  void createTableComesFromTheSchemaWithQuotedIdentifiers() {
    String ddl =
        new SchemaSync(POSTGRES.dialect())
            .createTable(
                SqlTable.domain(POSTGRES, SchemaCatalog.packaged().table("customer_address")));
    assertTrue(ddl.startsWith("CREATE TABLE IF NOT EXISTS \"shopify_customer_address\" ("), ddl);
    assertTrue(
        ddl.contains("\"default\" BOOLEAN,"), "a column named like a keyword is quoted: " + ddl);
    assertTrue(ddl.contains("\"id\" BIGINT NOT NULL,"), ddl);
    assertTrue(ddl.contains("\"zip\" TEXT,"), ddl);
    assertTrue(ddl.contains("\"_synced_at\" TIMESTAMP WITH TIME ZONE NOT NULL"), ddl);
    assertTrue(
        ddl.endsWith("CONSTRAINT \"shopify_customer_address_pk\" PRIMARY KEY (\"id\")\n)"), ddl);

    String order =
        new SchemaSync(H2.dialect())
            .createTable(SqlTable.domain(H2, SchemaCatalog.packaged().table("order")));
    assertTrue(order.contains("\"total_price\" NUMERIC(20,4),"), order);
    assertTrue(order.contains("\"email\" VARCHAR,"), "H2's TEXT would be a CLOB: " + order);
  }

  @Test
  void stagingTablesAreKeyedByRunAndPrimaryKey() {
    SqlTable staging =
        SqlTable.staging(POSTGRES, SchemaCatalog.packaged().table("order_tags"), "run-1");
    assertEquals("shopify_staging_4e65d3fbe8ad_order_tags", staging.name());
    assertEquals(List.of("_run_id", "order_id", "value"), staging.primaryKey());
    assertEquals(
        "INSERT INTO \"t\" (\"a\", \"b\") VALUES (?, ?) ON CONFLICT (\"a\") DO NOTHING",
        POSTGRES
            .dialect()
            .insertIgnoringDuplicates("\"t\"", List.of("\"a\"", "\"b\""), List.of("\"a\"")));
    assertEquals(
        "MERGE INTO \"t\" (\"a\", \"b\") KEY (\"a\") VALUES (?, ?)",
        H2.dialect()
            .insertIgnoringDuplicates("\"t\"", List.of("\"a\"", "\"b\""), List.of("\"a\"")));
  }

  /** H2 streams an INSERT's query rows (DIRECT) instead of collecting them first. */
  @Test
  void anInsertFromAQueryStreamsOnH2() {
    assertEquals(
        "INSERT INTO \"t\" (\"a\") DIRECT SELECT \"a\" FROM \"s\"",
        H2.dialect().insertFromQuery("\"t\"", "\"a\"", "SELECT \"a\" FROM \"s\""));
    assertEquals(
        "INSERT INTO \"t\" (\"a\") SELECT \"a\" FROM \"s\"",
        POSTGRES.dialect().insertFromQuery("\"t\"", "\"a\"", "SELECT \"a\" FROM \"s\""));
  }

  /**
   * The commit's deletes: an EXISTS PostgreSQL plans as a semi-join; on H2 a MERGE that looks each
   * source row up (CommitLookupPlanTest runs both on H2).
   */
  @Test
  void aMatchingDeleteIsAnExistsOrOnH2AMergeLookup() {
    MatchingDelete delete =
        new MatchingDelete(
            "\"t\"", "\"s\"", "r.\"run\" = ?", List.of("\"a\"", "\"b\""), List.of("run-1"));
    assertEquals(
        "DELETE FROM \"t\" WHERE EXISTS (SELECT 1 FROM \"s\" r WHERE r.\"run\" = ?"
            + " AND r.\"a\" = \"t\".\"a\" AND r.\"b\" = \"t\".\"b\")",
        delete.whereExists());
    assertEquals(
        "MERGE INTO \"t\" USING (SELECT r.\"a\", r.\"b\" FROM \"s\" r WHERE r.\"run\" = ?) r"
            + " ON \"t\".\"a\" = r.\"a\" AND \"t\".\"b\" = r.\"b\" WHEN MATCHED THEN DELETE",
        new H2Dialect().deleteByLookup(delete));
  }

  @Test
  void commentsAreLiteralsWithQuotesDoubled() {
    assertEquals(
        "'The customer''s e-mail address.'",
        POSTGRES.dialect().literal("The customer's e-mail address."));
    assertEquals("\"we\"\"ird\"", POSTGRES.dialect().quote("we\"ird"));
  }
}
