package courier.normalize;

import courier.fetch.ShopifyEntity;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one version of each entity, (shop, resource, id): the one updated last.
 *
 * <p>A record updated while a run is fetching can be read twice; only its newest version may reach
 * the sinks. Equal updated_at values (or none, for locations) are broken by the JSON text so every
 * runner, every retry and every rerun picks the same version.
 *
 * <p>Entities are grouped into a fixed number of hash buckets rather than one group per entity:
 * the DirectRunner hands each group to the rest of the pipeline as its own bundle, and thousands of
 * one-entity bundles flowing through a graph of hundreds of steps cost minutes. A bucket is
 * deduplicated in memory, so it holds 1/{@code buckets} of the run's entities at a time.
 */
public final class LatestVersion extends PTransform<PCollection<ShopifyEntity>, PCollection<ShopifyEntity>> {
  private static final long serialVersionUID = 1L;
  static final int DEFAULT_BUCKETS = 16;

  /** The order "later wins" uses: updated_at, then the JSON text. */
  static final Comparator<ShopifyEntity> RECENCY =
      Comparator.comparingLong(ShopifyEntity::updatedAtMillis).thenComparing(ShopifyEntity::json);

  private final int buckets;

  private LatestVersion(int buckets) {
    this.buckets = buckets;
  }

  public static LatestVersion create() {
    return new LatestVersion(DEFAULT_BUCKETS);
  }

  /** More buckets for very large runs (less memory per group), fewer for tiny ones. */
  public LatestVersion withBuckets(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException("withBuckets() needs at least 1 bucket");
    }
    return new LatestVersion(buckets);
  }

  @Override
  public PCollection<ShopifyEntity> expand(PCollection<ShopifyEntity> entities) {
    int n = buckets;
    return entities
        .apply("KeyByBucket", WithKeys.of((ShopifyEntity e) -> Math.floorMod(entityKey(e).hashCode(), n))
            .withKeyType(TypeDescriptors.integers()))
        .apply("GroupBuckets", GroupByKey.create())
        .apply("KeepLatest", ParDo.of(new KeepLatestFn()))
        .setCoder(entities.getCoder());
  }

  private static String entityKey(ShopifyEntity entity) {
    // '/' cannot occur in a shop domain or a resource name, so the key is unambiguous.
    return entity.shop() + "/" + entity.resource().path() + "/" + entity.id();
  }

  /** The newest version of each entity in a bucket. */
  static final class KeepLatestFn extends DoFn<KV<Integer, Iterable<ShopifyEntity>>, ShopifyEntity> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<ShopifyEntity>> bucket, OutputReceiver<ShopifyEntity> out) {
      Map<String, ShopifyEntity> latest = new HashMap<>();
      for (ShopifyEntity e : bucket.getValue()) {
        latest.merge(entityKey(e), e, (a, b) -> RECENCY.compare(a, b) >= 0 ? a : b);
      }
      latest.values().forEach(out::output);
    }
  }
}
