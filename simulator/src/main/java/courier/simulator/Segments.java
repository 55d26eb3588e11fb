package courier.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shop's customer segments (GraphQL {@code segments}): a few fixed definitions in a tiny subset
 * of ShopifyQL's segment syntax, evaluated over the REST model's customers as they are now, so the
 * members follow every edit. The subset: {@code number_of_orders} compared with {@code > >= < <= =}
 * and a number, {@code customer_tags CONTAINS 'tag'}, {@code email_subscription_status =
 * 'SUBSCRIBED'} (or another consent state).
 */
final class Segments {
  /** Segment ids, far from every other id layout. */
  static final long SEGMENT_BASE = 510_000_000_000L;

  private static final Pattern ORDERS =
      Pattern.compile("number_of_orders\\s*(>=|<=|>|<|=)\\s*(\\d+)");
  private static final Pattern TAG = Pattern.compile("customer_tags\\s+CONTAINS\\s+'([^']*)'");
  private static final Pattern EMAIL =
      Pattern.compile("email_subscription_status\\s*=\\s*'([A-Z_]+)'");

  /** One segment: its definition and the predicate over a REST customer it stands for. */
  record Segment(
      long id, String name, String query, long created, long edited, Predicate<JsonNode> member) {
    Segment(long id, String name, String query, long created, long edited) {
      this(id, name, query, created, edited, predicate(query));
    }
  }

  private final List<Segment> all;

  Segments(long buildNow, IdLayout ids) {
    long day = ShopData.DAY;
    all =
        List.of(
            new Segment(
                ids.at(SEGMENT_BASE + 1),
                "Repeat buyers",
                "number_of_orders > 2",
                buildNow - 400 * day,
                buildNow - 30 * day),
            new Segment(
                ids.at(SEGMENT_BASE + 2),
                "VIP",
                "customer_tags CONTAINS 'VIP'",
                buildNow - 300 * day,
                buildNow - 300 * day),
            new Segment(
                ids.at(SEGMENT_BASE + 3),
                "E-mail subscribers",
                "email_subscription_status = 'SUBSCRIBED'",
                buildNow - 200 * day,
                buildNow - 2 * day),
            new Segment(
                ids.at(SEGMENT_BASE + 4),
                "Everyone who ordered",
                "number_of_orders >= 1",
                buildNow - 100 * day,
                buildNow - 100 * day));
  }

  List<Segment> all() {
    return all;
  }

  Segment byId(long id) {
    return all.stream().filter(s -> s.id() == id).findFirst().orElse(null);
  }

  static String utc(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond).toString();
  }

  /** The predicate a segment query stands for; IllegalArgumentException outside the subset. */
  static Predicate<JsonNode> predicate(String query) {
    Matcher m = ORDERS.matcher(query);
    if (m.matches()) {
      String op = m.group(1);
      long n = Long.parseLong(m.group(2));
      return c -> {
        long orders = c.path("orders_count").asLong();
        return switch (op) {
          case ">" -> orders > n;
          case ">=" -> orders >= n;
          case "<" -> orders < n;
          case "<=" -> orders <= n;
          default -> orders == n;
        };
      };
    }
    m = TAG.matcher(query);
    if (m.matches()) {
      String tag = m.group(1);
      return c -> GqlValues.tags(c.get("tags")).contains(tag);
    }
    m = EMAIL.matcher(query);
    if (m.matches()) {
      String state = m.group(1).toLowerCase(Locale.ROOT);
      return c -> c.path("email_marketing_consent").path("state").asText().equals(state);
    }
    throw new IllegalArgumentException("segment query not understood: " + query);
  }
}
