package courier.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.beam.PausePoint;
import courier.shopify.EntityPage;
import courier.shopify.ShopifyJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;

/**
 * Reads one slice by keyset paging: {@code since_id=<last id>} with the slice's updated_at filters,
 * one page per claim. The page is fetched first and then claimed as a whole by its last id, so a
 * checkpoint (every 100 outputs or 1 s on the DirectRunner) never cuts a page and its residual,
 * "same slice after id N", is exact. Bounded per element: a ProcessContinuation-returning DoFn
 * would otherwise be taken as unbounded, and Flink's batch translation requires bounded.
 */
@DoFn.BoundedPerElement
class FetchSliceFn extends ShopifyReaderFn<Slice, ShopifyEntity> {

  FetchSliceFn(FetchSettings settings) {
    super(settings);
  }

  @GetInitialRestriction
  public IdKeyset initialRestriction(@Element Slice slice) {
    return IdKeyset.all(slice.getEstimatedRecords());
  }

  @NewTracker
  public IdKeysetTracker newTracker(@Restriction IdKeyset keyset) {
    return new IdKeysetTracker(keyset);
  }

  @GetRestrictionCoder
  public Coder<IdKeyset> restrictionCoder() {
    return IdKeyset.coder();
  }

  /** The estimated number of entities left; what runners and progress see. */
  @GetSize
  public double size(@Restriction IdKeyset keyset) {
    return keyset.getEstimatedRecords();
  }

  @ProcessElement
  public ProcessContinuation process(
      @Element Slice slice,
      RestrictionTracker<IdKeyset, PageClaim> tracker,
      OutputReceiver<ShopifyEntity> out) {
    long afterId = tracker.currentRestriction().getAfterId();
    String cursor =
        null; // continues the query of the call's first page, when the transport has one
    while (true) {
      IdKeyset keyset = tracker.currentRestriction();
      if (!keyset.hasIdsAfter(afterId)) {
        return ProcessContinuation.stop(); // a checkpoint ended this call's share at the last page
      }
      EntityPage page = fetchPage(slice, afterId, cursor);
      PausePoint.reached(PausePoint.FETCH);
      List<ObjectNode> ours = before(keyset.getBeforeId(), page.entities());
      if (ours.isEmpty()) {
        tracker.tryClaim(PageClaim.END_OF_DATA);
        return ProcessContinuation.stop();
      }
      long lastId = ShopifyJson.id(ours.get(ours.size() - 1));
      if (!tracker.tryClaim(PageClaim.page(lastId, ours.size()))) {
        UnclaimedPages.keep(
            settings.runKey(), slice, afterId, page); // the residual starts with this page
        return ProcessContinuation.stop();
      }
      metrics.pageRead(slice.getResource());
      int emitted = 0;
      long endMillis = slice.updatedTo().toEpochMilli();
      for (ObjectNode entity : ours) {
        // Shopify's updated_at_max is inclusive: what it returns at or after the window's end
        // belongs to the next window, which reads it in full.
        if (ShopifyJson.updatedAtMillis(entity, ShopifyEntity.NO_UPDATED_AT) >= endMillis) {
          continue;
        }
        out.output(
            ShopifyEntity.of(
                slice.getShop(),
                slice.getResource(),
                client.complete(slice.getResource(), entity, metrics)));
        emitted++;
      }
      metrics.recordsEmitted(slice.getResource(), emitted);
      boolean lastPage = !page.hasMore() || ours.size() < page.entities().size();
      if (lastPage) {
        tracker.tryClaim(PageClaim.END_OF_DATA);
        return ProcessContinuation.stop();
      }
      afterId = lastId;
      cursor = page.nextCursor();
    }
  }

  private EntityPage fetchPage(Slice slice, long afterId, String cursor) {
    EntityPage kept = UnclaimedPages.take(settings.runKey(), slice, afterId);
    if (kept != null) {
      return kept;
    }
    return client.listUpdated(
        slice.getResource(),
        slice.updatedFrom(),
        slice.updatedTo(),
        afterId,
        settings.pageSize(),
        cursor);
  }

  /** The page's entities below {@code beforeId} (pages are in ascending id order). */
  private static List<ObjectNode> before(long beforeId, List<ObjectNode> page) {
    List<ObjectNode> ours = new ArrayList<>(page.size());
    for (ObjectNode entity : page) {
      if (ShopifyJson.id(entity) >= beforeId) {
        break;
      }
      ours.add(entity);
    }
    return ours;
  }
}
