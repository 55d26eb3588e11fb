package courier.fetch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import courier.shopify.ShopifyReader;
import courier.shopify.ShopifyResource;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Locations are few and have no updated_at filter: every run reads all of them (REST: one request;
 * GraphQL: a few pages).
 */
class FetchLocationsFn extends DoFn<String, ShopifyEntity> {
  private final FetchSettings settings;
  private transient ShopifyReader client;
  private transient FetchMetrics metrics;

  FetchLocationsFn(FetchSettings settings) {
    this.settings = settings;
  }

  @Setup
  public void setup() {
    metrics = settings.newMetrics();
    client = ShopifyReader.create(settings.client(), metrics);
  }

  @ProcessElement
  public void process(@Element String shop, OutputReceiver<ShopifyEntity> out) {
    List<ObjectNode> locations = client.locations();
    metrics.pageRead(ShopifyResource.LOCATIONS);
    for (ObjectNode location : locations) {
      out.output(ShopifyEntity.of(shop, ShopifyResource.LOCATIONS, location));
    }
    metrics.recordsEmitted(ShopifyResource.LOCATIONS, locations.size());
  }

  @Teardown
  public void teardown() {
    if (client != null) {
      client.close();
    }
  }
}
