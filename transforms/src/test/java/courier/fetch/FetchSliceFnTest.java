package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyClientConfig;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import courier.shopify.Transport;
import courier.simulator.Resource;
import courier.simulator.ShopifySimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.transforms.DoFn.ProcessContinuation;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slice reader's paging, window edge, keyset bounds and checkpoints, by calling the DoFn as a
 * runner would (setup, process with a real {@link IdKeysetTracker}) against the shared simulated
 * shop over loopback: no pipeline, so each case is a few requests. The shop's own half-open view
 * ({@link ShopifySimulator#ids}) is the oracle.
 */
class FetchSliceFnTest {
  private static final int PAGE_SIZE = 10;

  private static ShopifySimulator sim;
  private static FetchSliceFn fn;
  private static FetchSliceFn graphqlFn;

  /** Ends where an order was updated, so the REST list (inclusive) returns one it must drop. */
  private static Instant to;

  private static long orderAtTheEnd;
  private static Slice slice;

  /** What the slice must emit: the shop's orders updated in {@code [FROM, to)}. */
  private static List<Long> expected;

  /** What the REST list serves (its updated_at_max is inclusive), the pages' ids. */
  private static List<Long> listed;

  @BeforeAll
  static void setUp() {
    sim = SmallShop.start();
    ShopifyClientConfig client = SmallShop.client(sim);
    fn = slices(client);
    graphqlFn = slices(client.withTransport(Transport.GRAPHQL));
    // The slice ends where the 46th order by update was updated, so about 45 orders (4 to 5
    // pages) are the slice's and the REST list, inclusive, also returns that one.
    List<ObjectNode> byUpdate = new ArrayList<>();
    sim.ids(Resource.ORDERS).forEach(id -> byUpdate.add(sim.entity(Resource.ORDERS, id)));
    byUpdate.sort(Comparator.comparing(order -> updatedAt(order)));
    ObjectNode atTheEnd = byUpdate.get(45);
    orderAtTheEnd = ShopifyJson.id(atTheEnd);
    to = updatedAt(atTheEnd);
    Instant from = updatedAt(byUpdate.get(0));
    slice = Slice.of("acme.myshopify.com", ShopifyResource.ORDERS, from, to, Slice.UNKNOWN);
    expected = sim.ids(Resource.ORDERS, from, to);
    listed = sim.ids(Resource.ORDERS, from, to.plusSeconds(1));
    assertTrue(expected.size() > 3 * PAGE_SIZE, "several pages: " + expected.size());
    assertTrue(listed.contains(orderAtTheEnd), "an order updated exactly at the slice's end");
  }

  private static FetchSliceFn slices(ShopifyClientConfig client) {
    FetchSliceFn slices = new FetchSliceFn(SmallShop.settings(client, PAGE_SIZE, 400));
    slices.setup();
    return slices;
  }

  private static Instant updatedAt(ObjectNode entity) {
    Instant at = Instant.ofEpochMilli(ShopifyJson.updatedAtMillis(entity, 0));
    assertEquals(0, at.getNano(), "whole seconds");
    return at;
  }

  @AfterAll
  static void tearDown() {
    fn.teardown();
    graphqlFn.teardown();
    sim.close();
  }

  /** Collects what the DoFn outputs. */
  private static final class Collected extends CollectedOutput<ShopifyEntity> {
    List<Long> ids() {
      return values.stream().map(ShopifyEntity::id).toList();
    }
  }

  /**
   * A runner's view of the tracker: checkpoints ({@code trySplit(0)}) just before the claim number
   * {@code checkpointBefore}, as the DirectRunner does on its timer while a page is in flight.
   */
  private static final class CheckpointingTracker extends RestrictionTracker<IdKeyset, PageClaim> {
    private final IdKeysetTracker tracker;
    private final int checkpointBefore;
    private final AtomicInteger claims = new AtomicInteger();
    SplitResult<IdKeyset> split;

    CheckpointingTracker(IdKeyset keyset, int checkpointBefore) {
      this.tracker = new IdKeysetTracker(keyset);
      this.checkpointBefore = checkpointBefore;
    }

    @Override
    public boolean tryClaim(PageClaim claim) {
      if (claims.incrementAndGet() == checkpointBefore) {
        split = tracker.trySplit(0);
      }
      return tracker.tryClaim(claim);
    }

    @Override
    public IdKeyset currentRestriction() {
      return tracker.currentRestriction();
    }

    @Override
    public SplitResult<IdKeyset> trySplit(double fractionOfRemainder) {
      return tracker.trySplit(fractionOfRemainder);
    }

    @Override
    public void checkDone() {
      tracker.checkDone();
    }

    @Override
    public IsBounded isBounded() {
      return IsBounded.BOUNDED;
    }
  }

  /** Requests of a whole read: every full page, then the short (maybe empty) one. */
  private static long pages() {
    return listed.size() / PAGE_SIZE + 1;
  }

  /** Of {@code ids} listed, those the slice emits. */
  private static List<Long> emitted(List<Long> ids) {
    return ids.stream().filter(expected::contains).toList();
  }

  private static long listRequests() {
    return sim.counters().getTotalRequests();
  }

  private static ProcessContinuation process(
      RestrictionTracker<IdKeyset, PageClaim> tracker, Collected out) {
    ProcessContinuation continuation = fn.process(slice, tracker, out);
    assertNotNull(continuation);
    assertFalse(continuation.shouldResume(), "a bounded slice never asks to be resumed");
    return continuation;
  }

  @Test
  void aSliceIsReadInFullInIdOrderWithoutWhatWasUpdatedAtItsEnd() {
    IdKeysetTracker tracker = new IdKeysetTracker(fn.initialRestriction(slice));
    Collected out = new Collected();
    long before = listRequests();
    process(tracker, out);
    assertEquals(expected, out.ids());
    assertFalse(out.ids().contains(orderAtTheEnd), "updated at the end: the next window's");
    tracker.checkDone(); // the end of data was claimed
    // One request a page; the page that came back short is known to be the last.
    assertEquals(pages(), listRequests() - before);
    for (ShopifyEntity entity : out.values) {
      assertEquals("acme.myshopify.com", entity.shop());
      assertEquals(ShopifyResource.ORDERS, entity.resource());
      assertEquals(
          entity.id(), ShopifyJson.id(FetchVerification.parse(entity.json())), "JSON of its id");
      assertTrue(entity.updatedAtMillis() < to.toEpochMilli());
    }
  }

  @Test
  void theSlicesCountersCountItsPagesAndTheRecordsItEmitted() throws Exception {
    IdKeysetTracker tracker = new IdKeysetTracker(fn.initialRestriction(slice));
    Collected out = new Collected();
    try (StepCounters counters = new StepCounters()) {
      process(tracker, out);
      assertEquals(expected.size(), counters.get(ShopifyResource.ORDERS, FetchStats.RECORDS));
      // Every page that held an order counts (the short last one too; not an empty one).
      assertEquals(
          (listed.size() + PAGE_SIZE - 1) / PAGE_SIZE,
          counters.get(ShopifyResource.ORDERS, FetchStats.PAGES));
    }
  }

  @Test
  void overGraphqlASliceIsReadInFullFollowingThePagesCursors() {
    IdKeysetTracker tracker = new IdKeysetTracker(graphqlFn.initialRestriction(slice));
    Collected out = new Collected();
    ProcessContinuation continuation = graphqlFn.process(slice, tracker, out);
    assertFalse(continuation.shouldResume());
    assertEquals(expected, out.ids());
    tracker.checkDone();
  }

  @Test
  void aCheckpointPrimaryStopsBeforeItsUpperIdWithoutAskingForMore() {
    // A keyset that ends inside the third page: the page that crosses beforeId is the last.
    long afterId = listed.get(2);
    long beforeId = listed.get(2 * PAGE_SIZE + 5);
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.create(afterId, beforeId, 20));
    Collected out = new Collected();
    long before = listRequests();
    process(tracker, out);
    assertEquals(emitted(listed.subList(3, 2 * PAGE_SIZE + 5)), out.ids());
    tracker.checkDone();
    assertEquals(3, listRequests() - before, "no request past the page holding beforeId");
  }

  @Test
  void aKeysetWithNoIdsLeftSendsNothing() {
    long id = listed.get(4);
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.create(id, id + 1, 0));
    Collected out = new Collected();
    long before = listRequests();
    process(tracker, out);
    assertEquals(List.of(), out.ids());
    assertEquals(0, listRequests() - before);
  }

  @Test
  void aKeysetWhoseFirstPageIsBeyondItClaimsTheEnd() {
    // Ids (listed[4], listed[5]): the listing after listed[4] starts at listed[5].
    assertTrue(listed.get(4) + 1 < listed.get(5), "ids apart, so the page is asked for");
    IdKeysetTracker tracker = new IdKeysetTracker(IdKeyset.create(listed.get(4), listed.get(5), 1));
    Collected out = new Collected();
    process(tracker, out);
    assertEquals(List.of(), out.ids());
    tracker.checkDone();
  }

  @Test
  void aPageFetchedAcrossACheckpointIsHandedToTheResidualNotFetchedAgain() {
    CheckpointingTracker primary =
        new CheckpointingTracker(fn.initialRestriction(slice), /* checkpointBefore= */ 3);
    Collected out = new Collected();
    long before = listRequests();
    process(primary, out);
    assertEquals(emitted(listed.subList(0, 2 * PAGE_SIZE)), out.ids(), "the two claimed pages");
    assertEquals(3, listRequests() - before, "the third page was fetched, then not claimed");
    primary.checkDone();
    assertNotNull(primary.split, "the checkpoint split the keyset");

    IdKeysetTracker residual = new IdKeysetTracker(primary.split.getResidual());
    long beforeResidual = listRequests();
    process(residual, out);
    assertEquals(expected, out.ids(), "every order once, in order");
    residual.checkDone();
    assertEquals(
        pages() - 3, listRequests() - beforeResidual, "the kept third page cost no request");
  }

  @Test
  void theInitialRestrictionIsEveryIdWithTheSlicesEstimate() {
    Slice estimated =
        Slice.of("acme.myshopify.com", ShopifyResource.ORDERS, slice.updatedFrom(), to, 123);
    IdKeyset keyset = fn.initialRestriction(estimated);
    assertEquals(IdKeyset.all(123), keyset);
    assertEquals(123.0, fn.size(keyset));
    assertEquals(IdKeyset.UNBOUNDED, fn.newTracker(keyset).currentRestriction().getBeforeId());
    assertNotNull(fn.restrictionCoder());
  }
}
