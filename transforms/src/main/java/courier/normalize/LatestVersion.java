package courier.normalize;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Keeps one version of each entity, (shop, resource, id): the one updated last ({@link
 * NormalizedEntity#RECENCY}). {@link Normalize} applies it to entities it has already normalized.
 *
 * <p>A record updated while a run is fetching can be read twice; only its newest version may reach
 * the sinks. Equal updated_at values (or none, for locations) are broken by the encoded rows, so
 * every runner, every retry and every rerun picks the same version.
 *
 * <p>Entities are grouped into a fixed number of hash buckets, each deduplicated in memory, rather
 * than one group per entity: on the DirectRunner every group becomes a bundle of its own. The
 * bucket count is the runner config's ({@code latestVersionBuckets}).
 *
 * <p>{@link #keepingContested()} also names the entities read in more than one version: a sink that
 * wrote every version before the dedup (the database's staging, see {@link
 * NormalizedTables#versionRecords()}) puts their kept version back in place of all of them.
 *
 * <p>Entities cross the shuffle as their encoded bytes, so the DirectRunner's per-bundle copies of
 * a group are byte copies rather than re-encodings (bench/README.md, "Notes from investigations").
 */
public final class LatestVersion
    extends PTransform<PCollection<NormalizedEntity>, PCollection<NormalizedEntity>> {
  private static final long serialVersionUID = 1L;
  static final int DEFAULT_BUCKETS = 16;

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
  public PCollection<NormalizedEntity> expand(PCollection<NormalizedEntity> entities) {
    return keep(entities).get(LATEST);
  }

  /** The kept version of every entity ({@link #LATEST}). */
  static final TupleTag<NormalizedEntity> LATEST = new TupleTag<>() {};

  /** The kept version of each entity read in more than one version ({@link #CONTESTED}). */
  static final TupleTag<NormalizedEntity> CONTESTED = new TupleTag<>() {};

  /**
   * The same dedup, with both outputs: {@link #LATEST}, and {@link #CONTESTED}, the kept version of
   * each entity the run read more than once (usually none: an entity updated while the run read
   * it).
   */
  PTransform<PCollection<NormalizedEntity>, PCollectionTuple> keepingContested() {
    return new PTransform<>() {
      @Override
      public PCollectionTuple expand(PCollection<NormalizedEntity> entities) {
        return keep(entities);
      }
    };
  }

  private PCollectionTuple keep(PCollection<NormalizedEntity> entities) {
    PCollectionTuple kept =
        entities
            .apply("KeyByBucket", ParDo.of(new KeyByBucketFn(buckets)))
            .setCoder(KvCoder.of(VarIntCoder.of(), ByteArrayCoder.of()))
            .apply("GroupBuckets", GroupByKey.create())
            .apply(
                "KeepLatest",
                ParDo.of(new KeepLatestFn()).withOutputTags(LATEST, TupleTagList.of(CONTESTED)));
    kept.get(LATEST).setCoder(NormalizedEntity.Coder.of());
    kept.get(CONTESTED).setCoder(NormalizedEntity.Coder.of());
    return kept;
  }

  /** (bucket, the entity's encoded bytes). */
  private static final class KeyByBucketFn extends DoFn<NormalizedEntity, KV<Integer, byte[]>> {
    private static final long serialVersionUID = 1L;
    private final int buckets;

    KeyByBucketFn(int buckets) {
      this.buckets = buckets;
    }

    @ProcessElement
    public void process(@Element NormalizedEntity entity, OutputReceiver<KV<Integer, byte[]>> out)
        throws CoderException {
      out.output(
          KV.of(
              Math.floorMod(entity.key().hashCode(), buckets),
              CoderUtils.encodeToByteArray(NormalizedEntity.Coder.of(), entity)));
    }
  }

  /** The newest version of each entity in a bucket; again apart if it had others. */
  private static final class KeepLatestFn
      extends DoFn<KV<Integer, Iterable<byte[]>>, NormalizedEntity> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<byte[]>> bucket, MultiOutputReceiver out)
        throws CoderException {
      Map<String, NormalizedEntity> latest = new HashMap<>();
      Set<String> contested = new HashSet<>();
      for (byte[] encoded : bucket.getValue()) {
        NormalizedEntity e = CoderUtils.decodeFromByteArray(NormalizedEntity.Coder.of(), encoded);
        NormalizedEntity before = latest.putIfAbsent(e.key(), e);
        if (before != null) {
          contested.add(e.key());
          if (NormalizedEntity.RECENCY.compare(e, before) > 0) {
            latest.put(e.key(), e);
          }
        }
      }
      latest.values().forEach(out.get(LATEST)::output);
      contested.forEach(key -> out.get(CONTESTED).output(latest.get(key)));
    }
  }
}
