package courier.simulator;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Word pools for generated data. Non-ASCII names, tags and titles are deliberate: a connector must
 * carry UTF-8 through untouched ("Léon", "Noël", "東京", emoji).
 */
final class Vocabulary {
  private Vocabulary() {}

  static final String[] FIRST_NAMES = {
    "Bob", "Alice", "Léon", "Noël", "Zoë", "José", "Søren", "Ingrid", "Mei", "Hiroshi", "Ana",
    "Łukasz", "Chloé", "Björn", "Amélie", "Jürgen", "Priya", "Omar", "Fatima", "Dmitri", "太郎", "花子",
    "Maria", "John", "Emma", "Liam", "Olivia", "Noah", "Sofía", "Mateo"
  };

  static final String[] LAST_NAMES = {
    "Norman",
    "Dupont",
    "Müller",
    "García",
    "Nakamura",
    "O'Brien",
    "Smith",
    "Kowalski",
    "Rossi",
    "Jensen",
    "Novák",
    "Svensson",
    "Wang",
    "Kim",
    "Ivanova",
    "Brontë",
    "山田",
    "Johnson",
    "Martin",
    "Lefèvre",
    "Ødegaard",
    "Nguyễn",
    "Silva",
    "Khan"
  };

  static final String[] TAGS = {
    "VIP",
    "wholesale",
    "Léon",
    "Noël",
    "東京",
    "🔥 hot",
    "repeat buyer",
    "newsletter",
    "B2B",
    "été 2025",
    "gift ✨",
    "Spring Sale",
    "loyalty",
    "Black Friday",
    "influencer",
    "Zürich"
  };

  /** city, province, province_code, country, country_code, zip, latitude, longitude. */
  record Place(
      String city,
      String province,
      String provinceCode,
      String country,
      String countryCode,
      String zip,
      double latitude,
      double longitude) {}

  static final List<Place> PLACES =
      List.of(
          new Place(
              "Louisville", "Kentucky", "KY", "United States", "US", "40202", 38.2527, -85.7585),
          new Place(
              "New York", "New York", "NY", "United States", "US", "10001", 40.7506, -73.9972),
          new Place(
              "San Francisco",
              "California",
              "CA",
              "United States",
              "US",
              "94103",
              37.7725,
              -122.4147),
          new Place("Austin", "Texas", "TX", "United States", "US", "78701", 30.2711, -97.7437),
          new Place("Ottawa", "Ontario", "ON", "Canada", "CA", "K1N 9J7", 45.4275, -75.6919),
          new Place("Montréal", "Quebec", "QC", "Canada", "CA", "H2X 1Y4", 45.5089, -73.5617),
          new Place("東京", "Tokyo", "JP-13", "Japan", "JP", "100-0001", 35.6852, 139.7528),
          new Place(
              "Ciudad de México",
              "Ciudad de México",
              "DF",
              "Mexico",
              "MX",
              "06000",
              19.4326,
              -99.1332),
          new Place(
              "Sydney", "New South Wales", "NSW", "Australia", "AU", "2000", -33.8688, 151.2093),
          new Place("Kraków", "Małopolskie", "PL-12", "Poland", "PL", "31-001", 50.0614, 19.9366));

  static final String[] STREETS = {
    "Chestnut Street",
    "Rue de Rivoli",
    "Königstraße",
    "Chiyoda",
    "Calle Mayor",
    "Main Street",
    "Elm Avenue",
    "Sankt Annæ Plads",
    "Rideau Street",
    "Queen Street"
  };

  static final String[] COMPANIES = {"Acme Inc.", "Maison Léon", "東京 Trading", "Nordic Wares AB"};

  static final String[] PRODUCT_ADJECTIVES = {
    "Classic",
    "Organic",
    "Vintage",
    "Deluxe",
    "Café",
    "Crème",
    "Nordic",
    "Kyoto 京都",
    "Noël",
    "Everyday",
    "Premium",
    "Handmade",
    "Über",
    "Señorita",
    "Ørsted"
  };

  static final String[] PRODUCT_NOUNS = {
    "Mug",
    "T-Shirt",
    "Hoodie",
    "Notebook",
    "Candle",
    "Sneakers",
    "Backpack",
    "Tea Set",
    "Scarf",
    "Lamp",
    "Socks",
    "Poster",
    "Water Bottle",
    "Tote Bag",
    "Sweater"
  };

  static final String[] PRODUCT_TYPES = {"Apparel", "Home", "Stationery", "Accessories", "Kitchen"};

  static final String[] VENDORS = {
    "Acme", "Maison Léon", "東京 Goods", "Nordic Wares", "Courier Co."
  };

  static final String[] COLORS = {
    "Red", "Blue", "Green", "Black", "White", "Pink", "Crème", "Bleu nuit", "Grün", "Gold",
    "Silver", "Navy", "Olive", "Teal", "Coral", "Lilac", "Sand", "Charcoal", "Ivory", "Rust"
  };

  static final String[] SIZES = {"XS", "S", "M", "L", "XL", "XXL"};

  static final String[] MATERIALS = {"Cotton", "Wool"};

  static final String[] REFUND_NOTES = {
    "it broke during shipping",
    "wrong size",
    "customer changed their mind",
    "arrived late",
    "colour différente 🎨"
  };

  static final String[] CANCEL_REASONS = {"customer", "fraud", "inventory", "declined", "other"};

  static final String[] LOCATION_NAMES = {
    "Fifth Avenue Store",
    "50 Rideau Street",
    "Lager Zürich",
    "東京 Warehouse",
    "Shipwire DE",
    "Montréal Dépôt",
    "Online Fulfilment"
  };

  /** ASCII slug for handles and e-mail local parts: accents dropped, other scripts removed. */
  static String slug(String s) {
    String ascii = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    StringBuilder sb = new StringBuilder();
    for (char c : ascii.toLowerCase(Locale.ROOT).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        sb.append(c);
      } else if (c == 'ø') {
        sb.append('o');
      } else if (c == 'ł') {
        sb.append('l');
      } else if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '-') {
        sb.append('-');
      }
    }
    while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '-') {
      sb.setLength(sb.length() - 1);
    }
    return sb.toString();
  }

  /**
   * Zero to {@code max} distinct tags from the pool, joined the Shopify way (", "); "" when none.
   */
  static String tags(Rng rng, double emptyChance, int max) {
    if (rng.chance(emptyChance)) {
      return "";
    }
    int n = rng.between(1, max);
    StringBuilder sb = new StringBuilder();
    int start = rng.nextInt(TAGS.length);
    int step = 1 + rng.nextInt(TAGS.length - 1);
    // Walk the pool with a random step; duplicates are skipped so the tags stay distinct.
    Set<String> chosen = new LinkedHashSet<>();
    for (int i = 0; chosen.size() < n && i < TAGS.length * 2; i++) {
      chosen.add(TAGS[(start + i * step) % TAGS.length]);
    }
    // Shopify returns tags sorted.
    for (String t : new TreeSet<>(chosen)) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(t);
    }
    return sb.toString();
  }
}
