package courier.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyResource;
import java.util.List;

/**
 * Resources without an updated_at filter are read whole every run: locations (few; REST: one
 * request, GraphQL: a few pages) and customer segments (GraphQL only; each handed on with all its
 * members as soon as they are read). The element is the resource's path.
 */
class FetchWholeResourceFn extends ShopifyReaderFn<String, ShopifyEntity> {

  FetchWholeResourceFn(FetchSettings settings) {
    super(settings);
  }

  @ProcessElement
  public void process(@Element String path, OutputReceiver<ShopifyEntity> out) {
    ShopifyResource resource = ShopifyResource.fromPath(path);
    String shop = settings.client().shop().domain();
    if (resource == ShopifyResource.SEGMENTS) {
      int[] emitted = {0};
      client.segments(
          segment -> {
            out.output(ShopifyEntity.of(shop, resource, segment));
            emitted[0]++;
          });
      metrics.pageRead(resource);
      metrics.recordsEmitted(resource, emitted[0]);
      return;
    }
    List<ObjectNode> locations = client.locations();
    metrics.pageRead(resource);
    for (ObjectNode location : locations) {
      out.output(ShopifyEntity.of(shop, resource, location));
    }
    metrics.recordsEmitted(resource, locations.size());
  }
}
