package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.fetch.ShopifyEntity;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class NormalizeTest {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();

  /**
   * Rows per table of the fixtures, counted by hand from the latest version of each of their 14
   * entities (the poison order adds none). Customers: 207119551 (1 address, tags "Léon, Noël"),
   * 1073339460 (no address, "New Customer"), 1073339462 and 1073339464 (1 address each, tags ""),
   * 1073339465 (nothing, no tags). Orders: 450789469 (3 lines with 1 allocation each, code TENOFF,
   * a refund of 2 lines, tags ""), 1073459969 (1 line, nothing else). Products: 632910392 (4
   * variants, tags "Emotive, Flash Memory, MP3, Music"), 921728736 (1 variant, tags ""). Five
   * locations. Abandoned checkout 450789469 (2 lines, billing and shipping addresses). No segments
   * (REST has none). Empty tags make no row.
   */
  private static final Map<String, Long> FIXTURE_ROWS =
      new java.util.TreeMap<>(
          Map.ofEntries(
              Map.entry("customer", 5L),
              Map.entry("customer_address", 3L),
              Map.entry("customer_tags", 3L),
              Map.entry("discount_allocation", 3L),
              Map.entry("discount_codes", 1L),
              Map.entry("locations", 5L),
              Map.entry("order", 2L),
              Map.entry("order_line", 4L),
              Map.entry("order_address", 2L),
              Map.entry("order_line_refund", 2L),
              Map.entry("order_tags", 0L),
              Map.entry("product", 2L),
              Map.entry("product_tags", 4L),
              Map.entry("product_variant", 5L),
              Map.entry("refund", 1L),
              Map.entry("abandoned_checkout", 1L),
              Map.entry("abandoned_checkout_line", 2L),
              Map.entry("abandoned_checkout_address", 2L),
              Map.entry("customer_segment", 0L),
              Map.entry("customer_segment_member", 0L)));

  /** The fixtures' entities (resource, id), each once; the rejected poison order is not one. */
  private static final List<KV<String, Long>> FIXTURE_ROOTS =
      Map.of(
              "customers",
              List.of(207119551L, 1073339460L, 1073339462L, 1073339464L, 1073339465L),
              "orders",
              List.of(450789469L, 1073459969L),
              "products",
              List.of(632910392L, 921728736L),
              "locations",
              List.of(24826418L, 487838322L, 611870435L, 655441491L, 844681632L),
              "checkouts",
              List.of(450789469L))
          .entrySet()
          .stream()
          .flatMap(e -> e.getValue().stream().map(id -> KV.of(e.getKey(), id)))
          .toList();

  @Test
  void onlyTheMostRecentVersionPerShopResourceAndIdIsNormalizedIntoTheTables() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    // Entities without an id in their JSON are rejected with their JSON: the rejects say which
    // version of each entity was kept.
    List<ShopifyEntity> versions =
        List.of(
            entity("a.myshopify.com", ShopifyResource.ORDERS, 1, 100, "{\"v\":1}"),
            entity("a.myshopify.com", ShopifyResource.ORDERS, 1, 300, "{\"v\":3}"),
            entity("a.myshopify.com", ShopifyResource.ORDERS, 1, 200, "{\"v\":2}"),
            // Same id, other resource and other shop: different entities.
            entity("a.myshopify.com", ShopifyResource.CUSTOMERS, 1, 50, "{\"v\":\"customer\"}"),
            entity("b.myshopify.com", ShopifyResource.ORDERS, 1, 10, "{\"v\":\"b\"}"),
            // A tie on updated_at is broken by what the versions yield, the same way on every run.
            entity(
                "a.myshopify.com",
                ShopifyResource.LOCATIONS,
                9,
                ShopifyEntity.NO_UPDATED_AT,
                "{\"v\":\"x\"}"),
            entity(
                "a.myshopify.com",
                ShopifyResource.LOCATIONS,
                9,
                ShopifyEntity.NO_UPDATED_AT,
                "{\"v\":\"y\"}"));
    NormalizedTables normalized =
        p.apply(Create.of(versions).withCoder(ShopifyEntity.EntityCoder.of()))
            .apply(
                Normalize.into(TABLES)
                    .withRunId("run-v")
                    .withSyncedAt(Instant.parse("2026-01-01T00:00:00Z")));
    PAssert.that(
            normalized
                .rejects()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            r ->
                                r.getString(Rejects.SHOP)
                                    + " "
                                    + r.getString(Rejects.RESOURCE)
                                    + " "
                                    + r.getString(Rejects.RAW_JSON))))
        .containsInAnyOrder(
            "a.myshopify.com orders {\"v\":3}",
            "a.myshopify.com customers {\"v\":\"customer\"}",
            "b.myshopify.com orders {\"v\":\"b\"}",
            "a.myshopify.com locations {\"v\":\"y\"}");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // Counted for the kept versions only, not for the three the dedup dropped.
    assertEquals(4L, counter(result, "rejectedEntities"));
  }

  @Test
  void anEntityReadTwiceLandsItsNewestRowsOnce() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    ObjectNode older = Fixtures.payload(ShopifyResource.ORDERS, 450789469L).deepCopy();
    older.put("updated_at", "2026-01-01T00:00:00Z").put("total_price", "1.00");
    ObjectNode newer = older.deepCopy();
    newer.put("updated_at", "2026-01-02T00:00:00Z").put("total_price", "2.00");
    NormalizedTables normalized =
        p.apply(
                Create.of(
                        Fixtures.entity(ShopifyResource.ORDERS, newer),
                        Fixtures.entity(ShopifyResource.ORDERS, older))
                    .withCoder(ShopifyEntity.EntityCoder.of()))
            .apply(
                Normalize.into(TABLES)
                    .withRunId("run-twice")
                    .withSyncedAt(Instant.parse("2026-01-03T00:00:00Z")));
    PAssert.that(
            normalized
                .rows("order")
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            r -> r.getDecimal("total_price").stripTrailingZeros().toPlainString())))
        .containsInAnyOrder("2");
    PAssert.that(normalized.rows("order_line").apply("Count lines", Count.globally()))
        .containsInAnyOrder(3L); // its three lines, once
    PAssert.that(normalized.roots().apply("Count roots", Count.globally())).containsInAnyOrder(1L);
    // Before the dedup, both versions: for the staging, which the commit then puts right.
    PAssert.that(keysOf("Version keys", normalized.versionRecords()))
        .satisfies(
            keys -> {
              assertEquals(2, Collections.frequency(list(keys), "order"));
              assertEquals(2, Collections.frequency(list(keys), NormalizedTables.ROOTS));
              assertEquals(6, Collections.frequency(list(keys), "order_line"));
              return null;
            });
    // The entity read twice, then the kept version's records: the newer order's.
    TableRows rows = normalized.tableRows();
    PAssert.that(
            normalized
                .contested()
                .apply(
                    "Contested",
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> describe(rows.decode(r), r.getKey()))))
        .satisfies(
            described -> {
              List<String> all = list(described);
              assertEquals(
                  List.of("_contested " + Fixtures.SHOP + " orders 450789469 run-twice"),
                  all.stream().filter(d -> d.startsWith("_contested")).toList());
              assertEquals(
                  List.of("_roots " + Fixtures.SHOP + " orders 450789469 run-twice"),
                  all.stream().filter(d -> d.startsWith("_roots")).toList());
              assertEquals(
                  List.of("order 2"), all.stream().filter(d -> d.startsWith("order ")).toList());
              assertEquals(3, Collections.frequency(all, "order_line"));
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(1L, counter(result, "normalizedEntities"));
  }

  /** The key of each record. */
  private static PCollection<String> keysOf(String step, PCollection<KV<String, byte[]>> records) {
    return records.apply(step, MapElements.into(TypeDescriptors.strings()).via(KV::getKey));
  }

  private static List<String> list(Iterable<String> values) {
    List<String> list = new ArrayList<>();
    values.forEach(list::add);
    return list;
  }

  /** A record told apart without its customers' values: keys, or an order's total. */
  private static String describe(Row row, String key) {
    return switch (key) {
      case NormalizedTables.CONTESTED, NormalizedTables.ROOTS ->
          key
              + " "
              + row.getString("_shop")
              + " "
              + row.getString(RootKeys.RESOURCE)
              + " "
              + row.getInt64("_root_id")
              + " "
              + row.getString("_run_id");
      case "order" -> "order " + row.getDecimal("total_price").stripTrailingZeros().toPlainString();
      default -> key;
    };
  }

  @Test
  void aTieOnUpdatedAtKeepsTheSameVersionWhateverTheRunIdAndTheOrder() {
    ObjectNode name1 = Fixtures.payload(ShopifyResource.LOCATIONS, 24826418L).deepCopy();
    name1.put("name", "Aisle 1");
    ObjectNode name2 = name1.deepCopy().put("name", "Aisle 2");
    TableRows coder = NormalizedTables.tableRows(TABLES);
    List<String> kept = new java.util.ArrayList<>();
    // Eight run ids: a tie-break that hashed the run id in would pick differently for one of them
    // but with a chance of 1 in 128.
    for (String runId :
        List.of("r", "a-much-longer-run-id-2026-11-30", "b", "zz", "0", "run-7", "x-y", "Q")) {
      NormalizedEntity first = version(name1, runId, coder);
      NormalizedEntity second = version(name2, runId, coder);
      assertEquals(
          Integer.signum(NormalizedEntity.RECENCY.compare(first, second)),
          -Integer.signum(NormalizedEntity.RECENCY.compare(second, first)));
      NormalizedEntity later =
          NormalizedEntity.RECENCY.compare(first, second) >= 0 ? first : second;
      kept.add(
          coder
              .decode(
                  later.outcome().records().stream()
                      .filter(r -> r.getKey().equals("locations"))
                      .findFirst()
                      .orElseThrow())
              .getString("name"));
    }
    assertEquals(1, new java.util.HashSet<>(kept).size(), "kept: " + kept);
  }

  @Test
  void onATieTheRowsDecideNotTheirLengthsSoARerunAcrossVersionsKeepsTheSameVersion() {
    // Ties fall on the rows' bytes as they have since the tie-break was introduced: a rerun of a
    // window after an upgrade must keep the version the earlier run kept. A null sets a bit of the
    // row's null bitmap ahead of its values, so it outranks the longer row with a value; were the
    // rows' lengths compared first (as a length prefix would), the value would win.
    ObjectNode withCountry =
        Fixtures.payload(ShopifyResource.LOCATIONS, 24826418L)
            .deepCopy()
            .put("country_name", "United States");
    ObjectNode withoutCountry = withCountry.deepCopy().putNull("country_name");
    TableRows coder = NormalizedTables.tableRows(TABLES);
    NormalizedEntity valued = version(withCountry, "run-l", coder);
    NormalizedEntity nulled = version(withoutCountry, "run-l", coder);
    assertTrue(NormalizedEntity.RECENCY.compare(nulled, valued) > 0);
    assertTrue(NormalizedEntity.RECENCY.compare(valued, nulled) < 0);
  }

  @Test
  void onATieTheVersionThatNormalizesWinsOverARejectedOneAndANewerRejectWinsOverOlderRows()
      throws Exception {
    ObjectNode clean = Fixtures.payload(ShopifyResource.ORDERS, 450789469L).deepCopy();
    clean.put("updated_at", "2026-01-01T00:00:00Z");
    ObjectNode broken = clean.deepCopy().put("total_price", "a lot");
    ShopifyEntity cleanEntity = Fixtures.entity(ShopifyResource.ORDERS, clean);
    ShopifyEntity tiedReject = Fixtures.entity(ShopifyResource.ORDERS, broken);
    ShopifyEntity newerReject =
        Fixtures.entity(
            ShopifyResource.ORDERS, broken.deepCopy().put("updated_at", "2026-01-02T00:00:00Z"));
    TableRows coder = NormalizedTables.tableRows(TABLES);
    NormalizedEntity rows = normalized(cleanEntity, "run-t", coder);
    NormalizedEntity tied = normalized(tiedReject, "run-t", coder);
    NormalizedEntity newer = normalized(newerReject, "run-t", coder);
    assertTrue(tied.outcome().rejected());
    assertTrue(NormalizedEntity.RECENCY.compare(rows, tied) > 0);
    assertTrue(NormalizedEntity.RECENCY.compare(tied, rows) < 0);
    assertTrue(NormalizedEntity.RECENCY.compare(newer, rows) > 0);

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized =
        p.apply(
                Create.of(tiedReject, cleanEntity, tiedReject)
                    .withCoder(ShopifyEntity.EntityCoder.of()))
            .apply(
                Normalize.into(TABLES)
                    .withRunId("run-t")
                    .withSyncedAt(Instant.parse("2026-01-03T00:00:00Z")));
    PAssert.that(normalized.rows("order").apply("Count orders", Count.globally()))
        .containsInAnyOrder(1L);
    PAssert.that(normalized.rejects()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  void aNormalizedEntityCrossesItsCoderUnchanged() throws Exception {
    TableRows coder = NormalizedTables.tableRows(TABLES);
    for (ShopifyEntity entity : Fixtures.entities()) {
      NormalizedEntity version = normalized(entity, "run-c", coder);
      CoderProperties.coderDecodeEncodeEqual(NormalizedEntity.Coder.of(), version);
      CoderProperties.coderDeterministic(
          NormalizedEntity.Coder.of(), version, normalized(entity, "run-c", coder));
    }
  }

  @Test
  void anOutcomeThatCannotBeEncodedOrDecodedNamesTheEntityAndNoValue() throws Exception {
    ShopifyEntity order =
        Fixtures.entity(
            ShopifyResource.ORDERS, Fixtures.payload(ShopifyResource.ORDERS, 450789469L));
    String key = Fixtures.SHOP + "/orders/450789469";

    // Rows of a table the record coders do not know: the table alone would not say which entity.
    TableRows rootsOnly = TableRows.of(Map.of(NormalizedTables.ROOTS, RootKeys.SCHEMA));
    UncheckedIOException unknown =
        assertThrows(UncheckedIOException.class, () -> normalized(order, "run-b", rootsOnly));
    assertEquals("cannot encode the normalized rows of " + key, unknown.getMessage());

    // A row's length broken in transit (the last four bytes are the root key's): negative.
    NormalizedEntity version = normalized(order, "run-b", NormalizedTables.tableRows(TABLES));
    byte[] bytes = CoderUtils.encodeToByteArray(NormalizedEntity.Coder.of(), version);
    bytes[bytes.length - 4] = (byte) 0x80;
    NormalizedEntity broken = CoderUtils.decodeFromByteArray(NormalizedEntity.Coder.of(), bytes);
    UncheckedIOException undecodable = assertThrows(UncheckedIOException.class, broken::outcome);
    assertEquals("cannot decode the normalized rows of " + key, undecodable.getMessage());
    assertFalse(
        String.valueOf(undecodable.getCause()).contains("@"), undecodable.getCause()::toString);
  }

  private static NormalizedEntity normalized(ShopifyEntity entity, String runId, TableRows coder) {
    Instant syncedAt = Instant.parse("2026-01-01T00:00:00Z");
    return NormalizedEntity.of(
        entity, EntityNormalizer.normalize(entity, TABLES, runId, syncedAt), coder, runId);
  }

  private static NormalizedEntity version(ObjectNode json, String runId, TableRows coder) {
    return normalized(
        entity(
            Fixtures.SHOP,
            ShopifyResource.LOCATIONS,
            24826418L,
            ShopifyEntity.NO_UPDATED_AT,
            json.toString()),
        runId,
        coder);
  }

  @Test
  void normalizeRoutesRowsRejectsAndRootKeys() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    ShopifyEntity poison =
        entity(
            Fixtures.SHOP,
            ShopifyResource.ORDERS,
            77,
            0,
            "{\"id\": 77, \"total_price\": \"a lot\"}");
    List<ShopifyEntity> input = new java.util.ArrayList<>(Fixtures.entities());
    input.add(poison);
    NormalizedTables normalized =
        p.apply(Create.of(input).withCoder(ShopifyEntity.EntityCoder.of()))
            .apply(
                Normalize.into(TABLES)
                    .withRunId("run-n")
                    .withSyncedAt(Instant.parse("2026-01-01T00:00:00Z")));

    assertEquals(FIXTURE_ROWS.keySet(), new java.util.TreeSet<>(normalized.tableNames()));
    for (String table : normalized.tableNames()) {
      PAssert.that(normalized.rows(table).apply("Count " + table, Count.globally()))
          .containsInAnyOrder(FIXTURE_ROWS.get(table));
    }
    PAssert.that(
            normalized
                .rejects()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            r ->
                                r.getString(Rejects.TABLE)
                                    + " "
                                    + r.getInt64(Rejects.ROOT_ID)
                                    + " "
                                    + r.getString(Rejects.RAW_JSON))))
        .containsInAnyOrder("order 77 " + poison.json());
    PAssert.that(
            normalized
                .roots()
                .apply(
                    MapElements.into(
                            TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.longs()))
                        .via(r -> KV.of(r.getString(RootKeys.RESOURCE), r.getInt64("_root_id")))))
        .containsInAnyOrder(FIXTURE_ROOTS);

    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(1L, counter(result, "rejectedEntities"));
  }

  @Test
  void normalizeRequiresRunIdAndSyncedAt() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<ShopifyEntity> none = p.apply(Create.empty(ShopifyEntity.EntityCoder.of()));
    assertEquals(
        "Normalize needs withRunId()",
        assertThrows(
                IllegalArgumentException.class,
                () -> none.apply(Normalize.into(TABLES).withSyncedAt(Instant.now())))
            .getMessage());
    assertEquals(
        "Normalize.into() needs at least one table",
        assertThrows(IllegalArgumentException.class, () -> Normalize.into(List.of())).getMessage());
  }

  private static long counter(PipelineResult result, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(Normalize.class, name))
                    .build());
    long total = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  private static ShopifyEntity entity(
      String shop, ShopifyResource resource, long id, long updatedAt, String json) {
    return new ShopifyEntity(shop, resource, id, updatedAt, json);
  }
}
