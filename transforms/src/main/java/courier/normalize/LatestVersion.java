package courier.normalize;

import courier.fetch.ShopifyEntity;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

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
 *
 * <p>Entities cross the shuffle as their encoded bytes, not as {@link ShopifyEntity} objects. The
 * DirectRunner keeps a group's values in a state bag that it copies, through the value coder, every
 * time a bundle adds to the group; the fetch emits bundles of at most 100 entities, so each bucket
 * is copied hundreds of times. Through the entity coder each copy re-encodes the JSON text (a
 * UTF-16 string whenever a name has a non-Latin-1 character) to UTF-8 and back: in a profile of a
 * 20,000-order DirectRunner run (bin/courier-bench, throughput scenario) 70% of the CPU samples were
 * in those copies. A byte array copies as bytes; each entity is encoded once before the shuffle and
 * decoded once after it.
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
    return entities
        .apply("KeyByBucket", ParDo.of(new KeyByBucketFn(buckets)))
        .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()))
        .apply("GroupBuckets", GroupByKey.create())
        .apply("KeepLatest", ParDo.of(new KeepLatestFn()))
        .setCoder(entities.getCoder());
  }

  /** (bucket, the entity's encoded bytes). */
  static final class KeyByBucketFn extends DoFn<ShopifyEntity, KV<Integer, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final int buckets;

    KeyByBucketFn(int buckets) {
      this.buckets = buckets;
    }

    @ProcessElement
    public void process(@Element ShopifyEntity entity, OutputReceiver<KV<Integer, byte[]>> out) throws CoderException {
      out.output(KV.of(Math.floorMod(entityKey(entity).hashCode(), buckets),
          CoderUtils.encodeToByteArray(ShopifyEntity.EntityCoder.of(), entity)));
    }
  }

  private static String entityKey(ShopifyEntity entity) {
    // '/' cannot occur in a shop domain or a resource name, so the key is unambiguous.
    return entity.shop() + "/" + entity.resource().path() + "/" + entity.id();
  }

  /** The newest version of each entity in a bucket. */
  static final class KeepLatestFn extends DoFn<KV<Integer, Iterable<byte[]>>, ShopifyEntity> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<byte[]>> bucket, OutputReceiver<ShopifyEntity> out)
        throws CoderException {
      Map<String, ShopifyEntity> latest = new HashMap<>();
      for (byte[] encoded : bucket.getValue()) {
        ShopifyEntity e = CoderUtils.decodeFromByteArray(ShopifyEntity.EntityCoder.of(), encoded);
        latest.merge(entityKey(e), e, (a, b) -> RECENCY.compare(a, b) >= 0 ? a : b);
      }
      latest.values().forEach(out::output);
    }
  }
}
