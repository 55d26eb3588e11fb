package courier.fetch;

import courier.shopify.ShopifyResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Gathers what a pipeline emitted into this JVM's memory (DirectRunner and Flink's embedded cluster
 * run in the test JVM), duplicates included, so tests can check "exactly once".
 */
final class CollectedEntities extends PTransform<PCollection<ShopifyEntity>, PDone> {
  private static final Map<String, ConcurrentLinkedQueue<ShopifyEntity>> RUNS =
      new ConcurrentHashMap<>();
  private static final Map<String, Set<String>> THREADS = new ConcurrentHashMap<>();

  private final String key = UUID.randomUUID().toString();

  CollectedEntities() {
    RUNS.put(key, new ConcurrentLinkedQueue<>());
    THREADS.put(key, ConcurrentHashMap.newKeySet());
  }

  /**
   * Names of the threads that received entities of {@code resource}. On Flink the collecting
   * subtask i is fed by fetching subtask i (forward), so this tells which workers fetched.
   */
  Set<String> threads(ShopifyResource resource) {
    return THREADS.get(key).stream()
        .filter(t -> t.startsWith(resource.path() + " "))
        .map(t -> t.substring(resource.path().length() + 1))
        .collect(Collectors.toSet());
  }

  List<ShopifyEntity> entities() {
    return new ArrayList<>(RUNS.get(key));
  }

  @Override
  public PDone expand(PCollection<ShopifyEntity> input) {
    input.apply("Collect", ParDo.of(new CollectFn(key)));
    return PDone.in(input.getPipeline());
  }

  private static final class CollectFn extends DoFn<ShopifyEntity, Void> {
    private final String key;

    CollectFn(String key) {
      this.key = key;
    }

    @ProcessElement
    public void process(@Element ShopifyEntity entity) {
      RUNS.get(key).add(entity);
      THREADS.get(key).add(entity.resource().path() + " " + Thread.currentThread().getName());
    }
  }
}
