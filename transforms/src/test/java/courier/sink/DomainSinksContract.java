package courier.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.fetch.ShopifyEntity;
import courier.normalize.Fixtures;
import courier.normalize.Normalize;
import courier.normalize.NormalizedTables;
import courier.schema.ColumnSpec;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Normalize (LatestVersion within) → ParquetFeeds + JdbcDomainTables → RunManifest on the
 * DirectRunner, checked by reading every Parquet file back with parquet-avro and every table over
 * JDBC. Each database runs the same contract (H2DomainSinksTest, PostgresDomainSinksTest).
 */
abstract class DomainSinksContract {
  static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BIG_ID = 9_007_199_254_740_993L; // 2^53 + 1
  private static final Instant WINDOW_START = Instant.parse("2025-07-01T00:00:00Z");

  @TempDir Path output;

  /** A fresh, empty database for one test. */
  abstract JdbcTarget newDatabase(String name) throws Exception;

  /** The runner the pipelines run on: the DirectRunner unless a subclass says otherwise. */
  PipelineOptions options() {
    return PipelineOptionsFactory.create();
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void landsEveryFixtureInFeedsAndTablesValueByValue() throws Exception {
    JdbcTarget db = newDatabase("lands");
    DomainModel model = new DomainModel(TABLES);
    List<ShopifyEntity> input = fixturesWithExtras();
    RunInfo run = run("run-a", 1);
    runPipeline(input, run, db, Duration.ofDays(2));
    model.apply(input, run.runId(), run.startedAt());

    assertEquals(model.tables(), databaseTables(db), "database = model, every column of every row");
    assertFeedsMatch(model, run);
    assertManifest(model, run);
    assertEquals(1, model.lastRejects());

    // Spot checks of the things most easily lost on the way: exact decimals, UTC instants, big ids.
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"subtotal\" FROM \"shopify_order_line_refund\" WHERE \"id\" = 104689539")) {
      rs.next();
      assertEquals(new BigDecimal("195.6600"), rs.getBigDecimal(1));
    }
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"created_at\", \"id\" FROM \"shopify_order\" WHERE \"id\" = " + BIG_ID)) {
      assertTrue(rs.next(), "the order with id 2^53 + 1 is there, exactly");
      assertEquals(
          Instant.parse("2008-01-10T16:00:00Z"), rs.getObject(1, OffsetDateTime.class).toInstant());
    }

    // Semantic tags and descriptions as column comments; description and version on the table.
    assertEquals(
        "tags: email. The customer's e-mail address.",
        columnComment(db, "shopify_customer", "email"));
    assertEquals(
        "tags: ck. Id of the customer the address belongs to. Note: Taken from the owning customer when the address omits it.",
        columnComment(db, "shopify_customer_address", "customer_id"));
    assertTrue(
        tableComment(db, "shopify_order").contains("Schema version 1"),
        tableComment(db, "shopify_order"));
    for (TableSchema table : TABLES) {
      assertTrue(
          indexes(db, db.table(table.name())).contains(List.of("_shop", "_root_id")),
          "index on (_shop, _root_id) of " + table.name());
    }

    CourierRuns.Run recorded = CourierRuns.find(db, run.runId()).orElseThrow();
    assertEquals(CourierRuns.STATUS_SUCCEEDED, recorded.status());
    assertEquals("shopify_", recorded.tablePrefix());
    assertEquals(run.windowTo(), recorded.windowTo());
    assertEquals(1, recorded.rejects());
    // The rejected customer is recorded, open: the next run of the shop reads it again by id.
    assertEquals(Map.of("customers", List.of(66L)), RejectLedger.open(db, Fixtures.SHOP));
    model
        .lastRun()
        .forEach(
            (table, rows) ->
                assertEquals((long) rows.size(), recorded.tableCounts().get(table), table));
    assertEquals(
        run.windowTo(), CourierRuns.committedWindowEnd(db, Fixtures.SHOP, "order").orElseThrow());
    assertTrue(CourierRuns.committedWindowEnd(db, Fixtures.SHOP, "inventory_level").isEmpty());
    assertTrue(CourierRuns.committedWindowEnd(db, "other.myshopify.com", "order").isEmpty());
    assertStagingEmpty(db);
  }

  @Test
  void theSameInputTwiceGivesIdenticalTablesAndARepeatedRunIsANoOp() throws Exception {
    JdbcTarget db = newDatabase("converge");
    List<ShopifyEntity> input = fixturesWithExtras();
    runPipeline(input, run("run-a", 1), db, Duration.ofDays(2));
    Map<String, List<List<Object>>> first = withoutRunColumns(databaseTables(db));
    RunInfo second = run("run-b", 2);
    runPipeline(input, second, db, Duration.ofDays(2));
    assertEquals(first, withoutRunColumns(databaseTables(db)));

    Map<String, List<List<Object>>> afterSecond = databaseTables(db);
    runPipeline(input, second, db, Duration.ofDays(2)); // the same run again: already committed
    assertEquals(afterSecond, databaseTables(db));
    assertEquals(2, CourierRuns.list(db, Fixtures.SHOP).size());
    assertStagingEmpty(db);
  }

  @Test
  void newVersionsLeaveExactlyTheNewState() throws Exception {
    JdbcTarget db = newDatabase("newstate");
    DomainModel model = new DomainModel(TABLES);
    List<ShopifyEntity> first = fixturesWithExtras();
    first.add(orderVersion1());
    first.add(customerVersion1());
    RunInfo runA = run("run-a", 1);
    runPipeline(first, runA, db, Duration.ofDays(2));
    model.apply(first, runA.runId(), runA.startedAt());
    assertEquals(
        List.of(466157049L, 518995019L, 703073504L),
        values(db, "order_line", "id", "order_id", 450789469L));
    assertEquals(
        List.of("Rush", "VIP", "wholesale"),
        values(db, "order_tags", "value", "order_id", 450789469L));
    assertEquals(
        List.of(999001L, 207119551L),
        values(db, "customer_address", "id", "customer_id", 207119551L));

    List<ShopifyEntity> second = List.of(orderVersion2(), customerVersion2());
    RunInfo runB = run("run-b", 2);
    runPipeline(second, runB, db, Duration.ofDays(2));
    model.apply(second, runB.runId(), runB.startedAt());

    assertEquals(model.tables(), databaseTables(db));
    assertEquals(
        List.of(466157049L, 518995019L),
        values(db, "order_line", "id", "order_id", 450789469L),
        "a removed line disappears");
    assertEquals(
        List.of(466157049L, 518995019L),
        values(
            db,
            "discount_allocation",
            "order_line_id",
            "order_line_id",
            466157049L,
            518995019L,
            703073504L));
    assertEquals(
        List.of("Rush", "wholesale"),
        values(db, "order_tags", "value", "order_id", 450789469L),
        "a removed tag disappears");
    assertEquals(
        List.of(104689539L, 709875399L, 888000001L),
        values(db, "order_line_refund", "id", "refund_id", 509562969L, 888000000L),
        "the added refund appears");
    assertEquals(
        List.of(207119551L),
        values(db, "customer_address", "id", "customer_id", 207119551L),
        "a removed address disappears");
    assertFeedsMatch(model, runB);
    assertManifest(model, runB);
  }

  /**
   * The staging takes every version as it is fetched, before the dedup: an entity read twice in one
   * run (updated meanwhile) must still land as its newest version alone, in the tables as in the
   * feeds, including when its newest version is rejected.
   */
  @Test
  void anEntityReadInSeveralVersionsInOneRunLandsAsItsNewest() throws Exception {
    JdbcTarget db = newDatabase("versions");
    DomainModel model = new DomainModel(TABLES);
    List<ShopifyEntity> input = fixturesWithExtras();
    input.add(orderVersion1());
    input.add(orderVersion2());
    input.add(customerVersion2());
    input.add(customerVersion1());
    input.add(customer77(false, "2025-08-01T10:00:00Z"));
    input.add(customer77(true, "2025-08-02T10:00:00Z"));
    RunInfo run = run("run-a", 1);
    runPipeline(input, run, db, Duration.ofDays(2));
    model.apply(input, run.runId(), run.startedAt());

    assertEquals(model.tables(), databaseTables(db));
    assertEquals(
        List.of(466157049L, 518995019L),
        values(db, "order_line", "id", "order_id", 450789469L),
        "the line only the older version had is not there");
    assertEquals(
        List.of("Rush", "wholesale"), values(db, "order_tags", "value", "order_id", 450789469L));
    assertEquals(
        List.of(207119551L),
        values(db, "customer_address", "id", "customer_id", 207119551L),
        "the address only the older version had is not there");
    assertEquals(
        List.of(), values(db, "customer", "id", "id", 77L), "the newest version was rejected");
    assertEquals(
        Map.of("customers", List.of(66L, 77L)),
        RejectLedger.open(db, Fixtures.SHOP),
        "the newest version's reject is recorded");
    assertFeedsMatch(model, run);
    assertStagingEmpty(db);
  }

  /** Customer 77 with an address, or, rejected, with an orders_count that is no number. */
  static ShopifyEntity customer77(boolean rejected, String updatedAt) {
    ObjectNode customer = Fixtures.payload(ShopifyResource.CUSTOMERS, 207119551L);
    customer.put("id", 77L).put("updated_at", updatedAt).put("email", "c77@example.com");
    customer.remove("default_address");
    ((ArrayNode) customer.putArray("addresses"))
        .addObject()
        .put("id", 777001L)
        .put("customer_id", 77L)
        .put("city", "Lyon")
        .put("default", true);
    if (rejected) {
      customer.put("orders_count", "many");
    }
    return Fixtures.entity(ShopifyResource.CUSTOMERS, customer);
  }

  @Test
  void aRunThatFailsBeforeTheCommitChangesNothingAndLeavesNoTrace() throws Exception {
    JdbcTarget db = newDatabase("failing");
    DomainModel model = new DomainModel(TABLES);
    List<ShopifyEntity> first = fixturesWithExtras();
    RunInfo runA = run("run-a", 1);
    runPipeline(first, runA, db, Duration.ofDays(2));
    model.apply(first, runA.runId(), runA.startedAt());
    Map<String, List<List<Object>>> before = databaseTables(db);

    // The commit's last statement (recording the run) fails: everything before it must roll back.
    execute(
        db,
        "ALTER TABLE \"courier_runs\" ADD CONSTRAINT \"refuse_run_c\" CHECK (\"run_id\" <> 'run-c')");
    List<ShopifyEntity> changed =
        List.of(orderVersion2(), customerVersion2(), productWithoutTagsOrVariants());
    RunInfo runC = run("run-c", 2);
    assertThrows(Exception.class, () -> runPipeline(changed, runC, db, Duration.ofDays(2)));

    assertEquals(before, databaseTables(db), "tables as they were");
    assertTrue(CourierRuns.find(db, "run-c").isEmpty(), "courier_runs as it was");
    assertEquals(1, CourierRuns.list(db, Fixtures.SHOP).size());
    assertTrue(
        RunManifest.read(output.toString(), "run-c").isEmpty(), "no manifest for a failed run");
    assertTrue(stagingRows(db) > 0, "the run failed after staging its rows");

    // A later run neither sees nor keeps the failed run's staged rows.
    execute(db, "ALTER TABLE \"courier_runs\" DROP CONSTRAINT \"refuse_run_c\"");
    List<ShopifyEntity> third = List.of(customerVersion1());
    RunInfo runD = run("run-d", 3);
    runPipeline(third, runD, db, Duration.ZERO);
    model.apply(third, runD.runId(), runD.startedAt());
    assertEquals(model.tables(), databaseTables(db));
    assertStagingEmpty(db);
  }

  @Test
  void tablesGainColumnsWhenTheirSchemaDoes() throws Exception {
    JdbcTarget db = newDatabase("alter");
    TableSchema customer = SchemaCatalog.packaged().table("customer");
    SchemaSync sync = new SchemaSync(db.dialect());
    try (Connection c = db.connect()) {
      sync.apply(c, List.of(SqlTable.domain(db, customer)));
      execute(
          db,
          "INSERT INTO \"shopify_customer\" (\"id\", \"_shop\", \"_root_id\", \"_run_id\", \"_synced_at\")"
              + " VALUES (1, 's', 1, 'r', CURRENT_TIMESTAMP)");
      List<String> again = sync.statements(c, SqlTable.domain(db, customer));
      assertTrue(
          again.stream().allMatch(s -> s.startsWith("CREATE INDEX IF NOT EXISTS")),
          "idempotent: " + again);

      String yaml =
          new String(getClass().getResourceAsStream("/schemas/customer.yaml").readAllBytes())
                  .replace("version: 1", "version: 2")
              + "  - {name: accepts_marketing, type: boolean, source: accepts_marketing, tags: [consent], description: \"Whether the customer accepts marketing.\"}\n";
      TableSchema grown =
          SchemaCatalog.parse("customer.yaml", new java.io.ByteArrayInputStream(yaml.getBytes()));
      List<String> statements = sync.statements(c, SqlTable.domain(db, grown));
      assertTrue(
          statements.contains(
              "ALTER TABLE \"shopify_customer\" ADD COLUMN \"accepts_marketing\" BOOLEAN"),
          statements.toString());
      sync.apply(c, List.of(SqlTable.domain(db, grown)));
    }
    assertEquals(
        "tags: consent. Whether the customer accepts marketing.",
        columnComment(db, "shopify_customer", "accepts_marketing"));
    assertTrue(tableComment(db, "shopify_customer").contains("Schema version 2"));
    assertEquals(List.of(1L), values(db, "customer", "id", "id", 1L), "existing rows are kept");
  }

  // ---------------------------------------------------------------------------------------------
  // the run

  void runPipeline(
      List<ShopifyEntity> input, RunInfo run, JdbcTarget db, Duration stagingRetention) {
    Pipeline p = Pipeline.create(options());
    NormalizedTables normalized =
        p.apply("Entities", Create.of(input).withCoder(ShopifyEntity.EntityCoder.of()))
            .apply(
                "Normalize",
                Normalize.into(TABLES).withRunId(run.runId()).withSyncedAt(run.startedAt()));
    ParquetFeeds.Result feeds =
        normalized.apply("ParquetFeeds", ParquetFeeds.to(output.toString()).withRunId(run.runId()));
    PCollection<String> committed =
        normalized.apply(
            "JdbcDomainTables",
            JdbcDomainTables.to(db).withRunInfo(run).withStagingRetention(stagingRetention));
    feeds.apply("RunManifest", RunManifest.write(output.toString(), run).waitingOn(committed));
    p.run().waitUntilFinish();
  }

  static RunInfo run(String runId, int day) {
    return RunInfo.builder()
        .runId(runId)
        .shop(Fixtures.SHOP)
        .resources(List.of("customers", "orders", "products", "locations"))
        .window(
            WINDOW_START.plus(Duration.ofDays(day - 1L)), WINDOW_START.plus(Duration.ofDays(day)))
        .loadMode("window")
        .startedAt(WINDOW_START.plus(Duration.ofDays(day)).plusSeconds(60))
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // inputs

  /**
   * Every fixture payload, an order with an id beyond 2^53, and one entity that must be rejected.
   */
  static List<ShopifyEntity> fixturesWithExtras() {
    List<ShopifyEntity> input = new ArrayList<>(Fixtures.entities());
    ObjectNode big =
        Fixtures.payload(ShopifyResource.ORDERS, 450789469L).put("id", BIG_ID).put("name", "#big");
    big.remove(List.of("line_items", "refunds", "discount_codes"));
    input.add(Fixtures.entity(ShopifyResource.ORDERS, big));
    input.add(rejectedCustomer());
    return input;
  }

  /** Customer 66, whose orders_count is no number: rejected. */
  static ShopifyEntity rejectedCustomer() {
    return new ShopifyEntity(
        Fixtures.SHOP,
        ShopifyResource.CUSTOMERS,
        66,
        0,
        "{\"id\": 66, \"orders_count\": \"many\"}");
  }

  static ShopifyEntity orderVersion1() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, 450789469L);
    order.put("updated_at", "2025-08-01T10:00:00-05:00").put("tags", "Rush, VIP, wholesale");
    return Fixtures.entity(ShopifyResource.ORDERS, order);
  }

  /** Line 703073504 removed, tag VIP removed, a refund added. */
  static ShopifyEntity orderVersion2() {
    ObjectNode order = Fixtures.payload(ShopifyResource.ORDERS, 450789469L);
    order.put("updated_at", "2025-08-02T10:00:00-05:00").put("tags", "Rush, wholesale");
    ArrayNode lines = (ArrayNode) order.get("line_items");
    lines.remove(2);
    ObjectNode refund = ((ArrayNode) order.get("refunds")).addObject().put("id", 888000000L);
    refund
        .putArray("refund_line_items")
        .addObject()
        .put("id", 888000001L)
        .put("line_item_id", 518995019L)
        .put("quantity", 1)
        .put("subtotal", new BigDecimal("12.5"))
        .put("total_tax", new BigDecimal("0.75"))
        .put("restock_type", "return");
    return Fixtures.entity(ShopifyResource.ORDERS, order);
  }

  static ShopifyEntity customerVersion1() {
    ObjectNode customer = Fixtures.payload(ShopifyResource.CUSTOMERS, 207119551L);
    customer.put("updated_at", "2025-08-03T10:00:00-05:00");
    ((ArrayNode) customer.get("addresses"))
        .addObject()
        .put("id", 999001L)
        .put("city", "Montréal")
        .put("default", false);
    return Fixtures.entity(ShopifyResource.CUSTOMERS, customer);
  }

  /** The extra address removed again. */
  static ShopifyEntity customerVersion2() {
    ObjectNode customer = Fixtures.payload(ShopifyResource.CUSTOMERS, 207119551L);
    customer.put("updated_at", "2025-08-04T10:00:00-05:00");
    return Fixtures.entity(ShopifyResource.CUSTOMERS, customer);
  }

  static ShopifyEntity productWithoutTagsOrVariants() {
    ObjectNode product = Fixtures.payload(ShopifyResource.PRODUCTS, 632910392L);
    product.put("updated_at", "2025-11-03T10:00:00-05:00").put("tags", "");
    product.putArray("variants");
    return Fixtures.entity(ShopifyResource.PRODUCTS, product);
  }

  // ---------------------------------------------------------------------------------------------
  // reading back

  /**
   * Every domain table, every column (row values as Beam rows hold them), sorted by primary key.
   */
  Map<String, List<List<Object>>> databaseTables(JdbcTarget db) throws SQLException {
    DomainModel sorter = new DomainModel(TABLES);
    Map<String, List<List<Object>>> tables = new TreeMap<>();
    SqlDialect d = db.dialect();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (TableSchema table : TABLES) {
        List<ColumnSpec> columns = table.allColumns();
        String names = String.join(", ", columns.stream().map(col -> d.quote(col.name())).toList());
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs =
            s.executeQuery("SELECT " + names + " FROM " + d.quote(db.table(table.name())))) {
          while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
              row.add(d.read(rs, i + 1, columns.get(i).type()));
            }
            rows.add(row);
          }
        }
        tables.put(table.name(), sorter.sorted(table.name(), rows));
      }
    }
    return tables;
  }

  /**
   * The run's Parquet files hold exactly the rows the model says, with their tags in the footer.
   */
  void assertFeedsMatch(DomainModel model, RunInfo run) throws Exception {
    for (TableSchema table : TABLES) {
      List<List<Object>> rows = new ArrayList<>();
      for (Path file : ParquetFiles.partFiles(output, table.name(), run.runId())) {
        for (GenericRecord record : ParquetFiles.read(file)) {
          List<Object> row = new ArrayList<>();
          table.allColumns().forEach(c -> row.add(rowValue(record.get(c.name()))));
          rows.add(row);
        }
        Map<String, String> footer = ParquetFiles.footer(file);
        assertEquals(
            JSON.valueToTree(table.tagsByColumn()),
            JSON.readTree(footer.get("courier.semantic_tags")),
            table.name());
        assertEquals(Integer.toString(table.version()), footer.get("courier.schema_version"));
        assertEquals(table.name(), footer.get("courier.table"));
      }
      assertEquals(
          model.lastRun().get(table.name()),
          model.sorted(table.name(), rows),
          "feed " + table.name());
    }
  }

  void assertManifest(DomainModel model, RunInfo run) throws Exception {
    JsonNode manifest =
        JSON.readTree(RunManifest.read(output.toString(), run.runId()).orElseThrow());
    assertEquals(run.runId(), manifest.get("run_id").asText());
    assertEquals(run.shop(), manifest.get("shop").asText());
    assertEquals("succeeded", manifest.get("status").asText());
    assertEquals(run.windowFrom().toString(), manifest.get("window").get("from").asText());
    assertEquals(run.windowTo().toString(), manifest.get("window").get("to").asText());
    assertEquals(TABLES.size(), manifest.get("tables").size());
    for (TableSchema table : TABLES) {
      JsonNode entry = manifest.get("tables").get(table.name());
      assertEquals(
          model.lastRun().get(table.name()).size(), entry.get("rows").asLong(), table.name());
      assertEquals(table.version(), entry.get("schema_version").asInt());
      List<String> listed = new ArrayList<>();
      entry.get("files").forEach(f -> listed.add(f.asText()));
      List<String> onDisk =
          ParquetFiles.partFiles(output, table.name(), run.runId()).stream()
              .map(f -> output.relativize(f).toString())
              .toList();
      assertEquals(onDisk, listed, table.name());
      listed.forEach(f -> assertTrue(Files.exists(output.resolve(f)), f));
    }
    assertEquals(model.lastRejects(), manifest.get("rejects").get("rows").asLong());
  }

  private static Object rowValue(Object avro) {
    if (avro instanceof Utf8 || avro instanceof CharSequence) {
      return avro.toString();
    }
    if (avro instanceof Instant instant) {
      return new org.joda.time.Instant(instant.toEpochMilli());
    }
    return avro;
  }

  private static Map<String, List<List<Object>>> withoutRunColumns(
      Map<String, List<List<Object>>> tables) {
    Map<String, List<List<Object>>> stripped = new TreeMap<>();
    tables.forEach(
        (table, rows) ->
            stripped.put(
                table,
                rows.stream()
                    .map(r -> (List<Object>) new ArrayList<>(r.subList(0, r.size() - 2)))
                    .toList()));
    return stripped;
  }

  /** One column of a table's rows whose parentColumn is one of parents, in ascending order. */
  private static List<Object> values(
      JdbcTarget db, String table, String column, String parentColumn, Object... parents)
      throws SQLException {
    List<Object> values = new ArrayList<>();
    String in = String.join(", ", java.util.Collections.nCopies(parents.length, "?"));
    String sql =
        "SELECT \""
            + column
            + "\" FROM \""
            + db.table(table)
            + "\" WHERE \""
            + parentColumn
            + "\" IN ("
            + in
            + ") ORDER BY 1";
    try (Connection c = db.connect();
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parents.length; i++) {
        s.setObject(i + 1, parents[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getObject(1));
        }
      }
    }
    return values;
  }

  private static String columnComment(JdbcTarget db, String table, String column)
      throws SQLException {
    try (Connection c = db.connect()) {
      return SchemaSync.existingColumnComments(c, table).get(column);
    }
  }

  private static String tableComment(JdbcTarget db, String table) throws SQLException {
    try (Connection c = db.connect()) {
      return SchemaSync.tableComment(c, table);
    }
  }

  /** The column lists of a table's indexes. */
  private static List<List<String>> indexes(JdbcTarget db, String table) throws SQLException {
    Map<String, List<String>> byName = new TreeMap<>();
    try (Connection c = db.connect();
        ResultSet rs =
            c.getMetaData().getIndexInfo(c.getCatalog(), c.getSchema(), table, false, false)) {
      while (rs.next()) {
        if (rs.getString("INDEX_NAME") != null) {
          byName
              .computeIfAbsent(rs.getString("INDEX_NAME"), n -> new ArrayList<>())
              .add(rs.getString("COLUMN_NAME"));
        }
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static long stagingRows(JdbcTarget db) throws SQLException {
    long rows = 0;
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      for (String table : StagedRows.stagingTablesLeft(db)) {
        if (table.startsWith("recorded ")) {
          continue;
        }
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
          rs.next();
          rows += rs.getLong(1);
        }
      }
    }
    return rows;
  }

  private static void assertStagingEmpty(JdbcTarget db) throws SQLException {
    assertEquals(List.of(), StagedRows.stagingTablesLeft(db), "staging tables left behind");
  }

  static void execute(JdbcTarget db, String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
