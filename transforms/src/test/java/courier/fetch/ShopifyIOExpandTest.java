package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import courier.shopify.Deletion;
import courier.shopify.ShopifyAccessException;
import courier.shopify.ShopifyCredentials;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What applying the read (and its deletions) builds, without running a pipeline: the checks that
 * refuse an incomplete read before any request, and the DoFns the expansion wires, taken from the
 * pipeline graph and called against a small simulated shop: the planner gets every windowed
 * resource's window, the whole resources its transport serves and their scopes; the deletions step
 * gets the resources Shopify records destroy events of, and the read's window.
 */
class ShopifyIOExpandTest {
  private static final Instant TO = TestShop.NOW.truncatedTo(ChronoUnit.DAYS);
  private static final Instant FROM = TO.minus(800, ChronoUnit.DAYS);

  private static ShopifySimulator sim;
  private static Path tokenFile;
  private static Set<String> scopes;

  @BeforeAll
  static void start() {
    sim = SmallShop.start();
    scopes = sim.scopes();
    tokenFile = TestShop.writeSecret("token", TestShop.TOKEN);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @AfterEach
  void restore() {
    sim.setScopes(scopes);
  }

  private static ShopifyIO.Read read(Transport transport) {
    return ShopifyIO.read()
        .withShop("acme")
        .withBaseUrl(sim.baseUrl())
        .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile.toString()))
        .withTransport(transport)
        .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(500))
        .withFetchMode(FetchMode.PAGED)
        .withUpdatedWindow(FROM, TO);
  }

  /** Every transform of the pipeline by its full name, composites included. */
  private static Map<String, PTransform<?, ?>> transforms(Pipeline pipeline) {
    Map<String, PTransform<?, ?>> byName = new HashMap<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) {
              byName.put(node.getFullName(), node.getTransform());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            byName.put(node.getFullName(), node.getTransform());
          }
        });
    return byName;
  }

  private static <T> List<T> created(Map<String, PTransform<?, ?>> transforms, String name) {
    @SuppressWarnings("unchecked")
    Create.Values<T> create = (Create.Values<T>) transforms.get(name);
    assertNotNull(create, name + " in " + transforms.keySet());
    List<T> elements = new ArrayList<>();
    create.getElements().forEach(elements::add);
    return elements;
  }

  private static DoFn<?, ?> fn(Map<String, PTransform<?, ?>> transforms, String name) {
    PTransform<?, ?> transform = transforms.get(name);
    assertNotNull(transform, name + " in " + transforms.keySet());
    return transform instanceof ParDo.MultiOutput<?, ?> multi
        ? multi.getFn()
        : ((ParDo.SingleOutput<?, ?>) transform).getFn();
  }

  /** The read applied as "Read"; its transforms by name. */
  private static Map<String, PTransform<?, ?>> expand(ShopifyIO.Read read) {
    Pipeline pipeline = Pipeline.create();
    PCollection<ShopifyEntity> entities = pipeline.apply("Read", read);
    assertNotNull(entities);
    assertEquals(ShopifyEntity.EntityCoder.of(), entities.getCoder());
    return transforms(pipeline);
  }

  /** Runs the expanded read's planner against the simulator, as its one element. */
  private static TaggedOutputs plan(Map<String, PTransform<?, ?>> transforms) {
    List<List<Slice>> request = created(transforms, "Read/ReadRequest");
    assertEquals(1, request.size(), "one element plans the whole read");
    PlanSlicesFn planner = (PlanSlicesFn) fn(transforms, "Read/PlanSlices");
    planner.setup();
    try {
      TaggedOutputs out = new TaggedOutputs();
      planner.process(request.get(0), out);
      return out;
    } finally {
      planner.teardown();
    }
  }

  private static List<ShopifyResource> windowedIn(List<Slice> slices) {
    return slices.stream().map(Slice::getResource).distinct().sorted().toList();
  }

  @Test
  void theReadRequestHoldsTheWindowOfEachWindowedResource() {
    Map<String, PTransform<?, ?>> transforms =
        expand(
            read(Transport.REST)
                .withResources(
                    ShopifyResource.ORDERS, ShopifyResource.LOCATIONS, ShopifyResource.PRODUCTS));
    List<Slice> windows =
        ShopifyIOExpandTest.<List<Slice>>created(transforms, "Read/ReadRequest").get(0);
    assertEquals(
        List.of(
            Slice.of("acme.myshopify.com", ShopifyResource.ORDERS, FROM, TO, Slice.UNKNOWN),
            Slice.of("acme.myshopify.com", ShopifyResource.PRODUCTS, FROM, TO, Slice.UNKNOWN)),
        windows);
  }

  @Test
  void overRestThePlannerReadsLocationsWholeAndSkipsSegments() {
    TaggedOutputs out = plan(expand(read(Transport.REST)));
    assertEquals(List.of("locations"), out.of(PlanSlicesFn.WHOLE));
    assertEquals(
        List.of(
            ShopifyResource.CUSTOMERS,
            ShopifyResource.ORDERS,
            ShopifyResource.PRODUCTS,
            ShopifyResource.CHECKOUTS),
        windowedIn(out.of(PlanSlicesFn.SLICES)));
  }

  @Test
  void overGraphqlThePlannerReadsLocationsAndSegmentsWhole() {
    TaggedOutputs out =
        plan(
            expand(
                read(Transport.GRAPHQL)
                    .withResources(
                        ShopifyResource.SEGMENTS,
                        ShopifyResource.LOCATIONS,
                        ShopifyResource.CUSTOMERS)));
    assertEquals(List.of("locations", "segments"), out.of(PlanSlicesFn.WHOLE));
    assertEquals(List.of(ShopifyResource.CUSTOMERS), windowedIn(out.of(PlanSlicesFn.SLICES)));
  }

  @Test
  void thePlannerChecksTheScopesOfTheWindowedResourcesNamingTheirTables() {
    sim.setScopes(Set.of("read_customers", "read_products", "read_locations"));
    Map<String, PTransform<?, ?>> transforms =
        expand(
            read(Transport.REST)
                .withResources(ShopifyResource.ORDERS, ShopifyResource.LOCATIONS)
                .withTablesByResource(Map.of(ShopifyResource.ORDERS, List.of("order_lines"))));
    long requests = sim.counters().getTotalRequests();
    ShopifyAccessException e = assertThrows(ShopifyAccessException.class, () -> plan(transforms));
    assertTrue(
        e.getMessage().contains("read_orders (needed by table order_lines)"), e.getMessage());
    assertEquals(1, sim.counters().getTotalRequests() - requests, "the scopes, nothing else");
  }

  @Test
  void rereadIdsAddABatchedReadOfTheResourcesRead() {
    Map<String, PTransform<?, ?>> none = expand(read(Transport.REST));
    assertTrue(
        none.keySet().stream().noneMatch(name -> name.startsWith("Read/RereadRequest")),
        "no ids, no reread: " + none.keySet());

    Map<String, PTransform<?, ?>> transforms =
        expand(
            read(Transport.REST)
                .withResources(ShopifyResource.ORDERS)
                .withRereadIds(
                    Map.of(
                        ShopifyResource.ORDERS,
                        List.of(3L, 1L),
                        ShopifyResource.CUSTOMERS,
                        List.of(2L))));
    assertEquals(
        List.of(
            new FetchIdsFn.IdBatch("acme.myshopify.com", ShopifyResource.ORDERS, List.of(1L, 3L))),
        created(transforms, "Read/RereadRequest"));
    assertInstanceOf(FetchIdsFn.class, fn(transforms, "Read/RereadByIds/ParMultiDo(FetchIds)"));
  }

  @Test
  void anIncompleteReadIsRefusedBeforeAnyRequest() {
    long requests = sim.counters().getTotalRequests();
    Map<String, ShopifyIO.Read> refused = new HashMap<>();
    refused.put(
        "no shop: call withShop(\"acme\") (the --shop option)",
        ShopifyIO.read()
            .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile.toString()))
            .withUpdatedWindow(FROM, TO));
    refused.put(
        "no credentials: call withCredentials(ShopifyCredentials.accessTokenFromEnv("
            + "\"SHOPIFY_ACCESS_TOKEN\")) or another ShopifyCredentials factory",
        ShopifyIO.read().withShop("acme").withUpdatedWindow(FROM, TO));
    Path missing = tokenFile.resolveSibling("no-such-token");
    refused.put(
        "secret file "
            + missing
            + " does not exist on this machine: create it (readable only by the courier's user)"
            + " on the driver and on every worker",
        read(Transport.GRAPHQL)
            .withCredentials(ShopifyCredentials.accessTokenFromFile(missing.toString())));
    refused.put(
        "fetch mode bulk reads through GraphQL bulk operations: use the graphql transport"
            + " (--transport=graphql) or fetch mode paged",
        read(Transport.REST).withFetchMode(FetchMode.BULK));
    refused.put(
        "no updated window: call withUpdatedWindow(from, to) to read orders, checkouts, or"
            + " withResources(ShopifyResource.LOCATIONS) to read only locations",
        ShopifyIO.read()
            .withShop("acme")
            .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile.toString()))
            .withResources(
                ShopifyResource.CHECKOUTS, ShopifyResource.LOCATIONS, ShopifyResource.ORDERS));
    PCollection<String> after = Pipeline.create().apply(Create.of("done"));
    refused.forEach(
        (message, read) -> {
          RuntimeException e =
              assertThrows(RuntimeException.class, () -> Pipeline.create().apply(read));
          assertEquals(message, e.getMessage());
          RuntimeException deletions =
              assertThrows(
                  RuntimeException.class,
                  () -> after.getPipeline().apply(read.deletionsAfter(after)));
          assertEquals(message, deletions.getMessage());
        });
    assertEquals(requests, sim.counters().getTotalRequests());
  }

  @Test
  void bulkOverGraphqlAndLocationsWithoutAWindowAreComplete() {
    Map<String, PTransform<?, ?>> bulk =
        expand(read(Transport.GRAPHQL).withFetchMode(FetchMode.BULK));
    assertInstanceOf(
        FetchBulkSliceFn.class, fn(bulk, "Read/FetchBulkJobs/ParMultiDo(FetchBulkSlice)"));
    Map<String, PTransform<?, ?>> locations =
        expand(
            ShopifyIO.read()
                .withShop("acme")
                .withCredentials(ShopifyCredentials.accessTokenFromFile(tokenFile.toString()))
                .withResources(ShopifyResource.LOCATIONS));
    assertEquals(List.of(List.of()), created(locations, "Read/ReadRequest"));
  }

  @Test
  void deletionsAreAskedOfTheResourcesWithDestroyEventsInTheReadsWindow() {
    Instant now = sim.clock().now();
    ShopifyIO.Read read =
        read(Transport.REST)
            .withUpdatedWindow(now.minus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS));
    Pipeline pipeline = Pipeline.create();
    PCollection<String> after = pipeline.apply("Entities", Create.of("done"));
    PCollection<Deletion> deletions = pipeline.apply("ReadDeletions", read.deletionsAfter(after));
    assertNotNull(deletions);
    Map<String, PTransform<?, ?>> transforms = transforms(pipeline);
    assertEquals(
        List.of("customers", "orders", "products"),
        created(transforms, "ReadDeletions/DeletionRequest"));

    long deleted = sim.ids(Resource.CUSTOMERS).get(0);
    assertTrue(sim.delete(Resource.CUSTOMERS, deleted));
    FetchDeletionsFn fetch =
        (FetchDeletionsFn)
            fn(transforms, "ReadDeletions/FetchDeletions/ParMultiDo(FetchDeletions)");
    CollectedOutput<Deletion> out = new CollectedOutput<>();
    fetch.setup();
    try {
      fetch.process("customers", out);
    } finally {
      fetch.teardown();
    }
    assertEquals(List.of(deleted), out.values.stream().map(Deletion::id).toList());
    assertEquals(ShopifyResource.CUSTOMERS, out.values.get(0).resource());
    assertEquals("acme.myshopify.com", out.values.get(0).shop());
  }

  @Test
  void eachAppliesTheStepToEveryFetchStepOnItsOwnThenFlattens() {
    Pipeline pipeline = Pipeline.create();
    PTransform<PCollection<ShopifyEntity>, PCollection<Long>> ids =
        new PTransform<>() {
          @Override
          public PCollection<Long> expand(PCollection<ShopifyEntity> entities) {
            return entities.apply(
                ParDo.of(
                    new DoFn<ShopifyEntity, Long>() {
                      @ProcessElement
                      public void process(@Element ShopifyEntity e, OutputReceiver<Long> out) {
                        out.output(e.id());
                      }
                    }));
          }
        };
    PCollection<Long> out =
        pipeline.apply(
            "Read",
            read(Transport.REST)
                .withRereadIds(Map.of(ShopifyResource.ORDERS, List.of(7L)))
                .each("Ids", ids));
    // The step reads each fetch step's own output, so Flink can chain it to the fetch.
    Map<String, String> inputs = new HashMap<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getFullName().matches("Read/Ids\\w+")) {
              inputs.put(node.getFullName(), node.getInputs().values().iterator().next().getName());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    for (String fetch :
        List.of("FetchSlices", "FetchBulkJobs", "FetchWholeResources", "RereadByIds")) {
      String input = inputs.get("Read/Ids" + fetch);
      assertNotNull(input, fetch + " in " + inputs);
      assertTrue(input.startsWith("Read/" + fetch + "/"), fetch + " reads " + input);
    }
    assertEquals(4, inputs.size(), inputs.toString());
    assertTrue(transforms(pipeline).containsKey("Read/AllResources"));
    assertNotNull(out.getCoder());
  }
}
