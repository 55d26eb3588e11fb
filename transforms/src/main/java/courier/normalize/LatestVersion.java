package courier.normalize;

import courier.fetch.ShopifyEntity;
import java.util.Comparator;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Keeps one version of each entity, (shop, resource, id): the one updated last.
 *
 * <p>A record updated while a run is fetching can be read twice; only its newest version may reach
 * the sinks. Equal updated_at values (or none, for locations) are broken by the JSON text so every
 * runner, every retry and every rerun picks the same version.
 */
public final class LatestVersion extends PTransform<PCollection<ShopifyEntity>, PCollection<ShopifyEntity>> {
  private static final long serialVersionUID = 1L;

  /** The order "later wins" uses: updated_at, then the JSON text. */
  static final Comparator<ShopifyEntity> RECENCY =
      Comparator.comparingLong(ShopifyEntity::updatedAtMillis).thenComparing(ShopifyEntity::json);

  private LatestVersion() {}

  public static LatestVersion create() {
    return new LatestVersion();
  }

  @Override
  public PCollection<ShopifyEntity> expand(PCollection<ShopifyEntity> entities) {
    return entities
        .apply("KeyByEntity", WithKeys.of(LatestVersion::entityKey).withKeyType(TypeDescriptors.strings()))
        .apply("KeepLatest", Combine.perKey(new KeepLatestFn()))
        .apply("DropKeys", Values.create())
        .setCoder(entities.getCoder());
  }

  private static String entityKey(ShopifyEntity entity) {
    // '/' cannot occur in a shop domain or a resource name, so the key is unambiguous.
    return entity.shop() + "/" + entity.resource().path() + "/" + entity.id();
  }

  /** A max under a total order: associative and commutative, as a combiner must be. */
  static final class KeepLatestFn extends Combine.BinaryCombineFn<ShopifyEntity> {
    private static final long serialVersionUID = 1L;

    @Override
    public ShopifyEntity apply(ShopifyEntity left, ShopifyEntity right) {
      return RECENCY.compare(left, right) >= 0 ? left : right;
    }
  }
}
