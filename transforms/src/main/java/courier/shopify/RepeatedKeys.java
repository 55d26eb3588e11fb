package courier.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Counts the keys an entity's JSON repeats within one object. A tree keeps only the last value of a
 * repeated key (as Shopify's own parsers would), so the repetition is noticed while the tree is
 * built and noted on the entity in {@link #FIELD}, which normalization counts for the manifest. A
 * reader of one response: not shared between threads.
 */
final class RepeatedKeys {
  /** Set on an entity whose JSON repeated keys: how many repetitions. Never a Shopify field. */
  static final String FIELD = ShopifyJson.REPEATED_KEYS_FIELD;

  private final CountingFactory factory = new CountingFactory();
  private final ObjectReader reader = ShopifyJson.mapper().reader().with(factory);

  ObjectReader reader() {
    return reader;
  }

  /** Notes on {@code entity} the repetitions counted since the last call; resets the count. */
  void noteOn(ObjectNode entity) {
    if (factory.repeated > 0) {
      entity.put(FIELD, factory.repeated);
      factory.repeated = 0;
    }
  }

  /** ShopifyJson's node factory (exact decimals) whose objects count replaced keys. */
  private static final class CountingFactory extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;
    private int repeated;

    CountingFactory() {
      super(true);
    }

    @Override
    public ObjectNode objectNode() {
      return new CountingObject(this);
    }

    private static final class CountingObject extends ObjectNode {
      private static final long serialVersionUID = 1L;
      private final transient CountingFactory counts;

      CountingObject(CountingFactory counts) {
        super(counts);
        this.counts = counts;
      }

      @Override
      public JsonNode replace(String propertyName, JsonNode value) {
        JsonNode old = super.replace(propertyName, value);
        if (old != null && counts != null) {
          counts.repeated++;
        }
        return old;
      }
    }
  }
}
