package courier.shopify.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@code locations_page} node as REST's location (its address flattened into it).
 *
 * <p>Substitutes (graphql-mapping.md §1.10, §1.14): {@code legacy} is {@code isFulfillmentService};
 * {@code country} is the ISO code, as REST's location (unlike a customer address); {@code
 * localized_country_name}, {@code localized_province_name} and {@code province_name} are the
 * address's country and province (GraphQL has no localized names; REST has no province_name).
 */
public final class LocationShape {
  private LocationShape() {}

  public static ObjectNode rest(JsonNode location) {
    return new RestFields(location, RestFields.newObject())
        .entityId()
        .copy("name", "active", "legacy", "created_at", "updated_at")
        .copyFrom("address1", "address.address1")
        .copyFrom("address2", "address.address2")
        .copyFrom("city", "address.city")
        .copyFrom("zip", "address.zip")
        .copyFrom("phone", "address.phone")
        .copyFrom("province", "address.province")
        .copyFrom("province_code", "address.province_code")
        .copyFrom("country", "address.country_code")
        .copyFrom("country_code", "address.country_code")
        .copyFrom("country_name", "address.country")
        .copyFrom("localized_country_name", "address.country")
        .copyFrom("localized_province_name", "address.province")
        .copyFrom("province_name", "address.province")
        .target();
  }
}
