package courier.simulator;

import graphql.schema.DataFetchingEnvironment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The views one bulk job renders again and again, rendered once per job. Every order line's variant
 * is looked up by id, and rendering one generates its whole product: in a profile of a 5,000-order
 * bulk export that was a quarter of the writer's CPU for a shop of 25 products. Held in the job's
 * GraphQL context by {@link BulkJsonl}, so it lives as long as one job's write and is read by one
 * thread; ordinary requests have none and render every time. A product changed while a job writes
 * may reach the rest of that job's lines as it was: a bulk export is no snapshot on Shopify either.
 */
final class BulkViewMemo {
  static final String CONTEXT_KEY = "courier.bulkViewMemo";

  /** Variants kept at most (least recently used go first): a few MB of small maps. */
  private static final int MAX_VARIANTS = 20_000;

  private final Map<Long, Optional<Map<String, Object>>> variants =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Optional<Map<String, Object>>> e) {
          return size() > MAX_VARIANTS;
        }
      };

  /** The variant's view: from the job's memo inside a bulk write, else rendered now. */
  static Map<String, Object> variant(
      DataFetchingEnvironment env, long id, LongFunction<Map<String, Object>> render) {
    BulkViewMemo memo = env.getGraphQlContext().get(CONTEXT_KEY);
    if (memo == null) {
      return render.apply(id);
    }
    return memo.variants
        .computeIfAbsent(id, k -> Optional.ofNullable(render.apply(k)))
        .orElse(null);
  }
}
