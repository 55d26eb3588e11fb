package courier.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Billing and shipping addresses as orders and checkouts carry them. */
final class PostalAddressGen {
  private PostalAddressGen() {}

  /**
   * A random address for the named person. {@code address2} is drawn by the caller, since orders
   * sometimes have one and checkouts never do.
   */
  static ObjectNode generate(Rng r, String first, String last, String address2) {
    Vocabulary.Place place = r.pick(Vocabulary.PLACES);
    ObjectNode address = Json.object();
    address.put("first_name", first);
    address.put("address1", r.pick(Vocabulary.STREETS) + " " + r.between(1, 250));
    address.put("phone", "+1(502)-459-" + r.between(1000, 9999));
    address.put("city", place.city());
    address.put("zip", place.zip());
    address.put("province", place.province());
    address.put("country", place.country());
    address.put("last_name", last);
    address.put("address2", address2);
    address.putNull("company");
    address.put("latitude", place.latitude());
    address.put("longitude", place.longitude());
    address.put("name", first + " " + last);
    address.put("country_code", place.countryCode());
    address.put("province_code", place.provinceCode());
    return address;
  }
}
