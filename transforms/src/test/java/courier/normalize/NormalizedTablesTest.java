package courier.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.fetch.ShopifyEntity;
import courier.schema.InlineTables;
import courier.schema.SchemaCatalog;
import courier.schema.SchemaException;
import courier.schema.TableSchema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;

/** The one collection of records and what is picked out of it (see NormalizeTest for the rows). */
class NormalizedTablesTest {
  private static final List<TableSchema> TABLES = SchemaCatalog.packaged().tables();

  private static NormalizedTables normalized(Pipeline p) {
    return p.apply(Create.of(Fixtures.entities()).withCoder(ShopifyEntity.EntityCoder.of()))
        .apply(
            Normalize.into(TABLES)
                .withRunId("run-t")
                .withSyncedAt(Instant.parse("2026-01-01T00:00:00Z")));
  }

  private static long transformsNamed(Pipeline p, String name) {
    long[] found = {0};
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(
              org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
            if (node.getFullName().endsWith(name)) {
              found[0]++;
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(
              org.apache.beam.sdk.runners.TransformHierarchy.Node node) {
            if (node.getFullName().endsWith(name)) {
              found[0]++;
            }
          }
        });
    return found[0];
  }

  @Test
  void aTablesRowsArePickedOnceHoweverOftenAskedAndOnlyWhenAsked() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = normalized(p);
    assertEquals(0, transformsNamed(p, "Rows order"), "no table is picked out until asked for");
    assertEquals("order", normalized.table("order").name(), "asking for the schema picks nothing");
    assertEquals(0, transformsNamed(p, "Rows order"));

    PCollection<Row> orders = normalized.rows("order");
    assertSame(orders, normalized.rows("order"));
    NormalizedTables withDeletions =
        normalized.withDeletions(p.apply("Deleted", Create.empty(RowCoder.of(Deletions.SCHEMA))));
    assertSame(orders, withDeletions.rows("order"), "copies share what was picked");
    assertSame(normalized.roots(), normalized.roots());
    assertSame(normalized.rejects(), withDeletions.rejects());
    assertEquals(1, transformsNamed(p, "Rows order"));
    assertEquals(
        normalized.table("order").beamSchema(), orders.getSchema(), "with the table's schema");
    assertEquals(RootKeys.SCHEMA, normalized.roots().getSchema());
    assertEquals(Rejects.SCHEMA, normalized.rejects().getSchema());
  }

  @Test
  void recordsHoldEveryTablesRowsTheRootKeysAndNothingElse() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = normalized(p);
    assertEquals(NormalizedTables.RECORD_CODER, normalized.records().getCoder());
    Set<String> keysWithRows =
        Set.of(
            "customer",
            "customer_address",
            "customer_tags",
            "discount_allocation",
            "discount_codes",
            "locations",
            "order",
            "order_line",
            "order_address",
            "order_line_refund",
            "product",
            "product_tags",
            "product_variant",
            "refund",
            "abandoned_checkout",
            "abandoned_checkout_line",
            "abandoned_checkout_address",
            NormalizedTables.ROOTS);
    PAssert.that(
            normalized
                .records()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via((KV<String, byte[]> record) -> record.getKey()))
                .apply(Distinct.create()))
        .containsInAnyOrder(keysWithRows);
    p.run().waitUntilFinish();
  }

  @Test
  void theNamesAndCollectionsItExposes() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = normalized(p);
    assertEquals(TABLES.stream().map(TableSchema::name).toList(), normalized.tableNames());
    assertEquals(TABLES, normalized.tables());
    PCollection<Row> deletions = p.apply("Deleted", Create.empty(RowCoder.of(Deletions.SCHEMA)));
    NormalizedTables withDeletions = normalized.withDeletions(deletions);
    assertSame(deletions, withDeletions.deletions());
    assertSame(normalized.records(), withDeletions.records());
    assertSame(normalized.versionRecords(), withDeletions.versionRecords());
    assertSame(normalized.contested(), withDeletions.contested());
    assertEquals(TABLES, withDeletions.tables());
    Map<String, Object> expanded =
        withDeletions.expand().entrySet().stream()
            .collect(
                Collectors.toMap(e -> ((TupleTag<?>) e.getKey()).getId(), Map.Entry::getValue));
    assertEquals(
        Map.of(
            "records", normalized.records(),
            "versionRecords", normalized.versionRecords(),
            "contested", normalized.contested(),
            "rejects", normalized.rejects(),
            "deletions", deletions),
        expanded);
  }

  @Test
  void anUnknownTableIsRefusedNamingTheTablesAndNoTableCanTakeAReservedKey() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    NormalizedTables normalized = normalized(p);
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> normalized.rows("orders"));
    assertTrue(
        unknown.getMessage().startsWith("no table 'orders' was normalized; tables: ")
            && unknown.getMessage().contains(", order, "),
        unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> normalized.table("orders"));

    // The reserved keys of records() cannot be table names: a schema file's name starts with a
    // letter.
    for (String reserved : List.of(NormalizedTables.ROOTS, NormalizedTables.REJECTS)) {
      assertThrows(
          SchemaException.class,
          () ->
              InlineTables.table(
                  reserved,
                  "orders",
                  "",
                  "[id]",
                  "{name: id, type: int64, source: id, description: d}"));
    }
  }

  @Test
  void normalizeRefusesABlankRunIdNoInstantAndAMissingSetting() {
    Normalize into = Normalize.into(TABLES);
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class, () -> into.withRunId(" "));
    assertEquals("withRunId() needs a non-blank run id", blank.getMessage());
    IllegalArgumentException noInstant =
        assertThrows(IllegalArgumentException.class, () -> into.withSyncedAt(null));
    assertEquals("withSyncedAt() needs an instant", noInstant.getMessage());
    PCollection<ShopifyEntity> none =
        Pipeline.create(PipelineOptionsFactory.create())
            .apply(Create.empty(ShopifyEntity.EntityCoder.of()));
    IllegalArgumentException noRunId =
        assertThrows(
            IllegalArgumentException.class, () -> none.apply(into.withSyncedAt(Instant.EPOCH)));
    assertEquals("Normalize needs withRunId()", noRunId.getMessage());
  }

  @Test
  void theRowsOfDifferentTablesDiffer() {
    TableRows all = NormalizedTables.tableRows(TABLES);
    TableRows one = NormalizedTables.tableRows(TABLES.subList(0, 1));
    assertNotEquals(all, one);
    assertNotEquals(all.hashCode(), one.hashCode());
    assertEquals(all.hashCode(), NormalizedTables.tableRows(TABLES).hashCode());
  }
}
