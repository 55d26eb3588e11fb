package courier.simulator.graphql;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A connection cursor in the form Shopify's take: base64 of {@code {"last_id":N,"last_value":"N"}}.
 * N is the id of the last node of a page for root connections (sorted by ID) and the position
 * within the parent for nested ones. Clients must treat it as opaque.
 */
public final class Cursor {
  private static final Pattern LAST_ID = Pattern.compile("\\{\"last_id\":(-?\\d+),");

  private Cursor() {}

  public static String encode(long lastId) {
    String json = "{\"last_id\":" + lastId + ",\"last_value\":\"" + lastId + "\"}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws IllegalArgumentException when the value is not a cursor this simulator issued
   */
  public static long decode(String cursor) {
    try {
      String json = new String(Base64.getDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
      Matcher m = LAST_ID.matcher(json);
      if (m.lookingAt()) {
        return Long.parseLong(m.group(1));
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid cursor for current pagination sort.");
  }
}
