package courier.shopify;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeParseException;

/**
 * JSON handling that keeps Shopify's values exact: ids are 64-bit integers (some above 2^53, so
 * never read as double) and decimals keep their digits and scale ("1.10" stays 1.10).
 */
public final class ShopifyJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .build();

  /**
   * Noted on an entity whose JSON repeated keys within an object (the count; the last value is
   * kept): normalization counts them for the manifest and otherwise ignores the field.
   */
  public static final String REPEATED_KEYS_FIELD = "_courier_repeated_keys";

  private ShopifyJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The entity's "id" as a long; IllegalArgumentException if absent or not an integer. */
  public static long id(JsonNode entity) {
    JsonNode id = entity.get("id");
    if (id == null || !id.isIntegralNumber() || !id.canConvertToLong()) {
      throw new IllegalArgumentException("entity without an integer id: " + abbreviate(entity));
    }
    return id.longValue();
  }

  /**
   * updated_at as UTC epoch millis, or {@code missing} when the entity has none or it is not a
   * timestamp: the raw value stays in the JSON, where normalization rejects it with a reason
   * instead of the fetch crashing the run.
   */
  public static long updatedAtMillis(JsonNode entity, long missing) {
    JsonNode updatedAt = entity.get("updated_at");
    if (updatedAt == null || !updatedAt.isTextual()) {
      return missing;
    }
    try {
      return IsoTimestamps.epochMillis(updatedAt.asText());
    } catch (DateTimeParseException e) {
      // Including a year epoch milliseconds cannot hold: the normalizer then rejects the entity
      // naming updated_at.
      return missing;
    }
  }

  public static String toText(ObjectNode entity) {
    try {
      return MAPPER.writeValueAsString(entity);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes an entity's tree so that parsing it again gives the same tree: the normalizer reads
   * either (the fetched tree, or these bytes after a runner encoded the entity), and both must give
   * the same rows. Decimals are written as {@link java.math.BigDecimal#toString()} does (1E+2 stays
   * 1E+2; plain, 1e-999999999 cannot be written at all). A number beyond a double's range
   * (1e999999999), which Jackson holds as an infinite double even with big decimals on, is written
   * as a bare {@code Infinity} instead of the string "Infinity": read back as that number (the
   * normalizer's reader allows it) it is rejected as out of range, not landed as text.
   */
  private static final ObjectWriter ENTITY_WRITER =
      MAPPER
          .writer()
          .without(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .without(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  /**
   * The tree as UTF-8 JSON, written straight to bytes (no String in between). Jackson 2.15's UTF-8
   * writer puts a character beyond the BMP (an emoji) as two escaped surrogates (backslash-u):
   * other text than {@link #toText}'s, the same string when parsed. Decimals keep their exponent
   * (1E+2), and a number beyond a double's range is a bare {@code Infinity} or {@code -Infinity},
   * which only a reader allowing non-numeric numbers takes (see {@code ENTITY_WRITER}).
   */
  public static byte[] toUtf8(ObjectNode entity) {
    try {
      return ENTITY_WRITER.writeValueAsBytes(entity);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
