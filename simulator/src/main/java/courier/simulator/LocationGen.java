package courier.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generates locations (shape of the {@code locations.json} fixture): shops, warehouses, legacy
 * apps.
 */
final class LocationGen {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** name, address1, city, zip, province, province_code, country_code, country_name, legacy. */
  private record Template(
      String address1,
      String city,
      String zip,
      String province,
      String provinceCode,
      String countryCode,
      String countryName,
      boolean legacy) {}

  private static final Template[] TEMPLATES = {
    new Template(
        "725 Fifth Avenue", "New York", "10022", "New York", "NY", "US", "United States", false),
    new Template("50 Rideau Street", "Ottawa", "K1N 9J7", "Ontario", "ON", "CA", "Canada", false),
    new Template(
        "Hardturmstrasse 161", "Zürich", "8005", "Zürich", "ZH", "CH", "Switzerland", false),
    new Template("1-1 Chiyoda", "東京", "100-0001", "Tokyo", "JP-13", "JP", "Japan", false),
    new Template(null, null, null, null, null, "DE", "Germany", true),
    new Template(
        "1200 Rue Sainte-Catherine", "Montréal", "H3B 1K9", "Quebec", "QC", "CA", "Canada", false),
    new Template(null, null, null, null, null, "US", "United States", false),
  };

  private final ShopData d;

  LocationGen(ShopData d) {
    this.d = d;
  }

  ObjectNode generate(int pos, long id, long created, long updated) {
    Template tp = TEMPLATES[pos % TEMPLATES.length];
    ShopTime t = d.time;
    String name =
        Vocabulary.LOCATION_NAMES[pos % Vocabulary.LOCATION_NAMES.length]
            + (pos >= Vocabulary.LOCATION_NAMES.length
                ? " " + (pos / Vocabulary.LOCATION_NAMES.length + 1)
                : "");
    ObjectNode l = F.objectNode();
    l.put("id", id);
    l.put("name", name);
    l.put("address1", tp.address1());
    l.putNull("address2");
    l.put("city", tp.city());
    l.put("zip", tp.zip());
    l.put("province", tp.province());
    l.put("country", tp.countryCode());
    l.putNull("phone");
    l.put("created_at", t.format(created));
    l.put("updated_at", t.format(updated));
    l.put("country_code", tp.countryCode());
    l.put("country_name", tp.countryName());
    l.put("province_code", tp.provinceCode());
    l.put("legacy", tp.legacy());
    l.put("active", pos % 5 != 4);
    l.put("admin_graphql_api_id", "gid://shopify/Location/" + id);
    l.put("localized_country_name", tp.countryName());
    l.put("localized_province_name", tp.province());
    return l;
  }
}
