package courier.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.EntityPage;
import courier.shopify.ShopifyJson;
import courier.shopify.ShopifyReader;
import courier.shopify.ShopifyResource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads entities by id, whatever their updated_at: the entities an earlier run rejected, which no
 * later window shows again unless they change (see {@link ShopifyIO.Read#withRereadIds}). The same
 * list request and shape as a slice's, so they are normalized and committed like any other (an
 * older version than the stored one is skipped at commit). A batch is small ({@link
 * ShopifyReader#MAX_IDS} ids), so it is read in one call without checkpoints.
 */
class FetchIdsFn extends ShopifyReaderFn<FetchIdsFn.IdBatch, ShopifyEntity> {
  /** Up to {@link ShopifyReader#MAX_IDS} ids of one resource of one shop. */
  record IdBatch(String shop, ShopifyResource resource, List<Long> ids) implements Serializable {}

  /** The ids of the resources read, cut into batches a list request takes. */
  static List<IdBatch> batches(
      String shop, Map<ShopifyResource, List<Long>> ids, Set<ShopifyResource> read) {
    List<IdBatch> batches = new ArrayList<>();
    ids.forEach(
        (resource, list) -> {
          if (read.contains(resource)) {
            for (int i = 0; i < list.size(); i += ShopifyReader.MAX_IDS) {
              List<Long> batch = list.subList(i, Math.min(list.size(), i + ShopifyReader.MAX_IDS));
              batches.add(new IdBatch(shop, resource, List.copyOf(batch)));
            }
          }
        });
    return batches;
  }

  FetchIdsFn(FetchSettings settings) {
    super(settings);
  }

  @ProcessElement
  public void process(@Element IdBatch batch, OutputReceiver<ShopifyEntity> out) {
    long afterId = 0;
    String cursor = null;
    while (true) {
      EntityPage page =
          client.listByIds(batch.resource(), batch.ids(), afterId, settings.pageSize(), cursor);
      metrics.pageRead(batch.resource());
      for (ObjectNode entity : page.entities()) {
        out.output(
            ShopifyEntity.of(
                batch.shop(),
                batch.resource(),
                client.complete(batch.resource(), entity, metrics)));
      }
      metrics.recordsEmitted(batch.resource(), page.entities().size());
      if (!page.hasMore() || page.entities().isEmpty()) {
        return;
      }
      afterId = ShopifyJson.id(page.entities().get(page.entities().size() - 1));
      cursor = page.nextCursor();
    }
  }
}
