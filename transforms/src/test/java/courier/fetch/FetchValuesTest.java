package courier.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.EntityPage;
import courier.shopify.RequestObserver;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyResource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * The small values the fetch passes around (entities, keysets, page claims, slices, kept pages,
 * buffered request events), each at its exact boundaries, without a pipeline.
 */
class FetchValuesTest {
  private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final String SHOP = "acme.myshopify.com";

  private static ShopifyEntity order(long id, long updatedAt, String json) {
    return new ShopifyEntity(SHOP, ShopifyResource.ORDERS, id, updatedAt, json);
  }

  @Test
  void anEntityIsEqualOnlyWithTheSameShopResourceIdUpdateAndJson() {
    ShopifyEntity entity = order(7, 1_000, "{\"id\":7}");
    assertEquals(entity, order(7, 1_000, "{\"id\":7}"));
    assertEquals(entity.hashCode(), order(7, 1_000, "{\"id\":7}").hashCode());
    assertNotEquals(entity, order(8, 1_000, "{\"id\":7}"));
    assertNotEquals(entity, order(7, 1_001, "{\"id\":7}"));
    assertNotEquals(entity, order(7, 1_000, "{\"id\":7,\"note\":\"x\"}"));
    assertNotEquals(
        entity,
        new ShopifyEntity("other.myshopify.com", ShopifyResource.ORDERS, 7, 1_000, "{\"id\":7}"));
    assertNotEquals(
        entity, new ShopifyEntity(SHOP, ShopifyResource.CUSTOMERS, 7, 1_000, "{\"id\":7}"));
    assertNotEquals(entity, "orders/7@" + SHOP);
    assertEquals("orders/7@" + SHOP, entity.toString());
    assertEquals(1_000, entity.updatedAtMillis());
  }

  @Test
  void theEntityCoderKeepsEveryField() throws Exception {
    ShopifyEntity.EntityCoder coder = ShopifyEntity.EntityCoder.of();
    ShopifyEntity entity =
        new ShopifyEntity(
            SHOP,
            ShopifyResource.PRODUCTS,
            9_007_199_254_740_993L,
            ShopifyEntity.NO_UPDATED_AT,
            "{\"title\":\"é\"}");
    ShopifyEntity decoded =
        CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, entity));
    assertEquals(entity, decoded);
    assertEquals(SHOP, decoded.shop());
    assertEquals(ShopifyResource.PRODUCTS, decoded.resource());
    assertEquals(9_007_199_254_740_993L, decoded.id());
    assertEquals(ShopifyEntity.NO_UPDATED_AT, decoded.updatedAtMillis());
    assertEquals("{\"title\":\"é\"}", decoded.json());
    assertTrue(coder.consistentWithEquals());
  }

  @Test
  void anEntityFromItsTreeKeepsItsJsonExactlyThroughTheCoder() throws Exception {
    ObjectNode tree =
        ShopifyJson.mapper()
            .createObjectNode()
            .put("id", 9_007_199_254_740_993L)
            .put("updated_at", "2026-01-01T01:00:00+01:00")
            .put("total", new BigDecimal("195.60"))
            .put("note", "Zoë 🚚 東京");
    ShopifyEntity entity = ShopifyEntity.of(SHOP, ShopifyResource.ORDERS, tree);
    assertEquals(9_007_199_254_740_993L, entity.id());
    assertEquals(FROM.toEpochMilli(), entity.updatedAtMillis());
    // The text (rejects carry it) is the tree's JSON: characters beyond the BMP may be escaped
    // surrogates.
    assertEquals(tree, ShopifyJson.mapper().readTree(entity.json()));
    // The normalizer reads the fetched tree itself, not a parse of it written out.
    assertSame(tree, entity.readJson(ShopifyJson.mapper()));

    ShopifyEntity.EntityCoder coder = ShopifyEntity.EntityCoder.of();
    byte[] encoded = CoderUtils.encodeToByteArray(coder, entity);
    ShopifyEntity decoded = CoderUtils.decodeFromByteArray(coder, encoded);
    assertEquals(entity, decoded);
    assertEquals(entity.json(), decoded.json());
    assertEquals(tree, decoded.readJson(ShopifyJson.mapper()));
    // Deterministic: the same entity, built again from the same tree, encodes to the same bytes.
    assertArrayEquals(
        encoded,
        CoderUtils.encodeToByteArray(coder, ShopifyEntity.of(SHOP, ShopifyResource.ORDERS, tree)));
    // The text constructor and the tree give one entity when the text is the tree's.
    assertEquals(entity, order(entity.id(), entity.updatedAtMillis(), entity.json()));
  }

  @Test
  void aKeysetNeedsRoomBetweenItsBounds() {
    assertEquals(
        "empty keyset (5, 5)",
        assertThrows(IllegalArgumentException.class, () -> IdKeyset.create(5, 5, 0)).getMessage());
    IdKeyset one = IdKeyset.create(5, 6, -3);
    assertEquals(0, one.getEstimatedRecords(), "a negative estimate is none");
    assertFalse(one.hasIdsAfter(5));
    assertTrue(IdKeyset.create(5, 7, 1).hasIdsAfter(5));
    assertEquals("ids (5, 6) ~0", one.toString());
    assertEquals("ids (0, ∞) ~4", IdKeyset.all(4).toString());
  }

  @Test
  void aPageClaimNeedsARealLastIdAndARecord() {
    assertThrows(IllegalArgumentException.class, () -> PageClaim.page(Long.MAX_VALUE, 1));
    assertThrows(IllegalArgumentException.class, () -> PageClaim.page(5, 0));
    PageClaim claim = PageClaim.page(5, 1);
    assertEquals(5, claim.lastId());
    assertEquals(1, claim.records());
    assertFalse(claim.isEndOfData());
    assertTrue(PageClaim.END_OF_DATA.isEndOfData());
    assertEquals("page up to id 5 (1 records)", claim.toString());
    assertEquals("end of data", PageClaim.END_OF_DATA.toString());
  }

  @Test
  void aSliceIsAtLeastOneWholeSecond() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Slice.of(SHOP, ShopifyResource.ORDERS, FROM, FROM, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> Slice.of(SHOP, ShopifyResource.ORDERS, FROM, FROM.plusSeconds(1).plusMillis(1), 0));
    Slice second = Slice.of(SHOP, ShopifyResource.ORDERS, FROM, FROM.plusSeconds(1), 3);
    assertEquals(FROM.plusSeconds(1), second.updatedTo());
    assertEquals(
        "orders@" + SHOP + " [2026-01-01T00:00:00Z, 2026-01-01T00:00:01Z) ~3", second.toString());
    assertEquals(
        "orders@" + SHOP + " [2026-01-01T00:00:00Z, 2026-01-01T00:00:01Z)",
        Slice.of(SHOP, ShopifyResource.ORDERS, FROM, FROM.plusSeconds(1), Slice.UNKNOWN)
            .toString());
  }

  @Test
  void keptPagesAreTakenOnceAndOnlyTheLatestSixteenAreKept() {
    String run = "fetch-values-test";
    Slice slice = Slice.of(SHOP, ShopifyResource.ORDERS, FROM, FROM.plusSeconds(60), 0);
    List<EntityPage> pages = new ArrayList<>();
    for (int afterId = 0; afterId < 17; afterId++) {
      EntityPage page = new EntityPage(List.of(), afterId % 2 == 0, null);
      pages.add(page);
      UnclaimedPages.keep(run, slice, afterId, page);
    }
    assertNull(UnclaimedPages.take(run, slice, 0), "the oldest of seventeen was dropped");
    assertSame(pages.get(1), UnclaimedPages.take(run, slice, 1));
    assertNull(UnclaimedPages.take(run, slice, 1), "taken once");
    assertSame(pages.get(16), UnclaimedPages.take(run, slice, 16));
    assertNull(UnclaimedPages.take("another run", slice, 2));
  }

  /** Records what a drain passes on. */
  private static final class Recorded implements RequestObserver {
    final List<String> events = new ArrayList<>();

    @Override
    public void requestSent(ShopifyResource resource) {
      events.add("sent " + resource.path());
    }

    @Override
    public void throttled(ShopifyResource resource) {
      events.add("throttled " + resource.path());
    }

    @Override
    public void retried(ShopifyResource resource) {
      events.add("retried " + resource.path());
    }

    @Override
    public void waited(ShopifyResource resource, long millis) {
      events.add("waited " + resource.path() + " " + millis);
    }

    @Override
    public void overflowRequested(ShopifyResource resource) {
      events.add("overflow " + resource.path());
    }

    @Override
    public void pointsSpent(ShopifyResource resource, long points) {
      events.add("points " + resource.path() + " " + points);
    }
  }

  @Test
  void bufferedRequestEventsAreHandedOnOnceEach() {
    BufferedRequestObserver buffer = new BufferedRequestObserver();
    buffer.requestSent(ShopifyResource.ORDERS);
    buffer.requestSent(ShopifyResource.ORDERS);
    buffer.throttled(ShopifyResource.ORDERS);
    buffer.retried(ShopifyResource.CUSTOMERS);
    buffer.waited(ShopifyResource.ORDERS, 250);
    buffer.waited(ShopifyResource.ORDERS, 50);
    buffer.pointsSpent(ShopifyResource.PRODUCTS, 90);
    buffer.overflowRequested(ShopifyResource.PRODUCTS);
    buffer.requestSent(null); // a request of no resource (a token exchange) is not counted
    Recorded first = new Recorded();
    buffer.drainTo(first);
    assertEquals(
        List.of(
            "retried customers",
            "sent orders",
            "sent orders",
            "throttled orders",
            "waited orders 300",
            "overflow products",
            "points products 90"),
        first.events);
    Recorded second = new Recorded();
    buffer.drainTo(second);
    assertEquals(List.of(), second.events, "forgotten once handed on");
  }
}
