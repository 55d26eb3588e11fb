package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code MailingAddress} selected with {@code ...AddressRest latitude longitude} as REST's order
 * (and checkout) address: the aliases already are REST's keys. REST's order address has no id, so
 * the MailingAddress id is left out; a null address (no shipping for a gift card) stays null.
 */
public final class AddressShape {
  /** The keys {@code ...AddressRest} gives, already REST's: a customer's and an order's address. */
  static final String[] MAILING_ADDRESS_KEYS = {
    "first_name",
    "last_name",
    "company",
    "address1",
    "address2",
    "city",
    "province",
    "province_code",
    "country",
    "country_code",
    "zip",
    "phone",
    "name"
  };

  private AddressShape() {}

  public static JsonNode rest(JsonNode address) {
    if (!address.isObject()) {
      return address;
    }
    return new RestFields(address, RestFields.newObject())
        .copy(MAILING_ADDRESS_KEYS)
        .copy("latitude", "longitude")
        .target();
  }
}
