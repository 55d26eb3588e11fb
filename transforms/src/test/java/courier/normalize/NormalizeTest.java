package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import courier.fetch.ShopifyEntity;
import courier.schema.SchemaCatalog;
import courier.schema.TableSchema;
import courier.shopify.ShopifyResource;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

class NormalizeTest {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();

  @Test
  void latestVersionKeepsTheMostRecentPerShopResourceAndId() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    List<ShopifyEntity> versions =
        List.of(
            entity("a.myshopify.com", ShopifyResource.ORDERS, 1, 100, "{\"v\":1}"),
            entity("a.myshopify.com", ShopifyResource.ORDERS, 1, 300, "{\"v\":3}"),
            entity("a.myshopify.com", ShopifyResource.ORDERS, 1, 200, "{\"v\":2}"),
            // Same id, other resource and other shop: different entities.
            entity("a.myshopify.com", ShopifyResource.CUSTOMERS, 1, 50, "{\"v\":\"customer\"}"),
            entity("b.myshopify.com", ShopifyResource.ORDERS, 1, 10, "{\"v\":\"b\"}"),
            // A tie on updated_at is broken by the JSON text, the same way on every run.
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
    PCollection<String> latest =
        p.apply(Create.of(versions).withCoder(ShopifyEntity.EntityCoder.of()))
            .apply(LatestVersion.create())
            .apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(e -> e.shop() + " " + e.resource().path() + " " + e.json()));
    PAssert.that(latest)
        .containsInAnyOrder(
            "a.myshopify.com orders {\"v\":3}",
            "a.myshopify.com customers {\"v\":\"customer\"}",
            "b.myshopify.com orders {\"v\":\"b\"}",
            "a.myshopify.com locations {\"v\":\"y\"}");
    p.run().waitUntilFinish();
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
            .apply(LatestVersion.create())
            .apply(
                Normalize.into(TABLES)
                    .withRunId("run-n")
                    .withSyncedAt(Instant.parse("2026-01-01T00:00:00Z")));

    Map<String, Long> expected = expectedRowCounts(input);
    for (String table : normalized.tableNames()) {
      PAssert.that(normalized.rows(table).apply("Count " + table, Count.globally()))
          .containsInAnyOrder(expected.get(table));
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
        .containsInAnyOrder(latestRoots(input));

    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertEquals(1L, counter(result, "rejectedEntities"));
  }

  @Test
  void normalizeRequiresRunIdAndSyncedAt() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<ShopifyEntity> none = p.apply(Create.empty(ShopifyEntity.EntityCoder.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> none.apply(Normalize.into(TABLES).withSyncedAt(Instant.now())));
    assertThrows(IllegalArgumentException.class, () -> Normalize.into(List.of()));
  }

  /**
   * What the plain normalizer gives for the latest version of each entity: the pipeline must agree.
   */
  private static Map<String, Long> expectedRowCounts(List<ShopifyEntity> input) {
    Map<String, Long> counts = new HashMap<>();
    TABLES.forEach(t -> counts.put(t.name(), 0L));
    for (ShopifyEntity entity : latest(input).values()) {
      if (EntityNormalizer.normalize(entity, TABLES, "r", Instant.EPOCH)
          instanceof EntityNormalizer.Normalized n) {
        n.rows().forEach((table, rows) -> counts.merge(table, (long) rows.size(), Long::sum));
      }
    }
    return counts;
  }

  private static List<KV<String, Long>> latestRoots(List<ShopifyEntity> input) {
    return latest(input).values().stream()
        .filter(
            e ->
                EntityNormalizer.normalize(e, TABLES, "r", Instant.EPOCH)
                    instanceof EntityNormalizer.Normalized)
        .map(e -> KV.of(e.resource().path(), e.id()))
        .toList();
  }

  private static Map<String, ShopifyEntity> latest(List<ShopifyEntity> input) {
    Map<String, ShopifyEntity> latest = new HashMap<>();
    for (ShopifyEntity e : input) {
      latest.merge(
          e.resource().path() + e.id(),
          e,
          (a, b) -> LatestVersion.RECENCY.compare(a, b) >= 0 ? a : b);
    }
    return latest;
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
